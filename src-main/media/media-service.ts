/**
 * The media library's services as the composition root builds them: the library (records, files,
 * search, peaks) and the importer (background jobs).
 */
import type { EventSink } from '../contract';
import type { Database, Store } from '../store';
import { locateFfmpeg } from './ffmpeg-locator';
import { ImportService } from './import-service';
import { Library } from './library';

export interface MediaServicesDeps {
  store: Store;
  /** The records database, opened with `libraryTables`. */
  database: Database;
  dataDir: string;
  emit: EventSink;
  /** The user's ffmpeg setting, read each time ffmpeg is needed. */
  ffmpegSetting: () => string | null;
  env?: NodeJS.ProcessEnv;
  /** Files a job imports at the same time. */
  importConcurrency?: number;
}

export interface MediaServices {
  library: Library;
  importer: ImportService;
}

export async function openMediaServices(deps: MediaServicesDeps): Promise<MediaServices> {
  const resolveFfmpeg = async () =>
    (await locateFfmpeg({ settingPath: deps.ffmpegSetting(), env: deps.env })).found?.path ?? null;
  const library = await Library.open({
    store: deps.store,
    database: deps.database,
    dataDir: deps.dataDir,
    emit: deps.emit,
    resolveFfmpeg,
  });
  const importer = new ImportService({
    library,
    resolveFfmpeg,
    emit: deps.emit,
    concurrency: deps.importConcurrency,
  });
  return { library, importer };
}
