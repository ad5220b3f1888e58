/**
 * The programme's services as the composition root builds them: the programmes themselves (edits,
 * history, trash, templates), their files (export, import) and their renders (jobs, previews),
 * sharing one view of the items' sources and one table of rendered files the page may play.
 */
import type { EventSink } from '../contract';
import type { EditService } from '../edit/edit-service';
import type { Library } from '../media/library';
import type { Store } from '../store';
import { ProgrammeFiles } from './programme-files';
import { ProgrammeRenders } from './programme-renders';
import { ProgrammeService } from './programme-service';
import { RenderedFiles } from './rendered-files';
import { ProgrammeSources } from './sources';

export interface ProgrammeServicesDeps {
  store: Store;
  dataDir: string;
  library: Library;
  /** The editor's service: its projects, its 48 kHz sources and its render engine. */
  edit: EditService;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  /** ffmpeg runs at once while a render writes its files (default: the machine's cores). */
  renderConcurrency?: number;
  now?: () => Date;
}

export interface ProgrammeServices {
  programmes: ProgrammeService;
  files: ProgrammeFiles;
  renders: ProgrammeRenders;
  /** Rendered files by media id, for the hosts' media route. */
  renderedFiles: RenderedFiles;
}

export async function openProgrammeServices(deps: ProgrammeServicesDeps): Promise<ProgrammeServices> {
  const sources = new ProgrammeSources({ library: deps.library, edit: deps.edit });
  const renderedFiles = new RenderedFiles();
  const programmes = await ProgrammeService.open({
    store: deps.store,
    edit: deps.edit,
    sources,
    renderedFiles,
    emit: deps.emit,
    now: deps.now,
  });
  const files = new ProgrammeFiles({ dataDir: deps.dataDir, programmes, now: deps.now });
  const renders = new ProgrammeRenders({
    dataDir: deps.dataDir,
    programmes,
    sources,
    edit: deps.edit,
    renderedFiles,
    resolveFfmpeg: deps.resolveFfmpeg,
    emit: deps.emit,
    renderConcurrency: deps.renderConcurrency,
    now: deps.now,
  });
  return { programmes, files, renders, renderedFiles };
}
