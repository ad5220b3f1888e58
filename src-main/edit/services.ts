/**
 * The editor's services as the composition root builds them, each with one job: the projects and
 * their history (`projects`), the clipboard, previews, and exports; all of them see an edit list
 * through one `EditTimelines` (its render timeline and loudness stage), over the audio engine's
 * shared sources and preview cache.
 */
import type { AudioServices } from '../audio';
import type { EventSink } from '../contract';
import type { Library } from '../media/library';
import type { Database, Store } from '../store';
import { EditClipboard } from './edit-clipboard';
import { EditExports } from './edit-exports';
import { EditPreviews } from './edit-previews';
import { EditProjects } from './edit-projects';
import { EditTimelines } from './edit-timelines';
import { ProjectStore } from './project-store';

export interface EditServicesDeps {
  store: Store;
  /** The records database, opened with `editTables`: the index of projects. */
  database: Database;
  dataDir: string;
  library: Library;
  audio: AudioServices;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  clipboardMaxSamples?: number;
  now?: () => Date;
}

export interface EditServices {
  projects: EditProjects;
  clipboard: EditClipboard;
  previews: EditPreviews;
  exports: EditExports;
}

export async function openEditServices(deps: EditServicesDeps): Promise<EditServices> {
  const { dataDir, emit, audio } = deps;
  const now = deps.now ?? (() => new Date());
  const timelines = new EditTimelines({
    dataDir,
    sources: audio.sources,
    resolveFfmpeg: deps.resolveFfmpeg,
    emit,
  });
  const clipboard = new EditClipboard(deps.clipboardMaxSamples);
  const projects = new EditProjects({
    projects: await ProjectStore.open(deps.store, deps.database),
    library: deps.library,
    sources: audio.sources,
    clipboard,
    timelines,
    emit,
    now,
  });
  return {
    projects,
    clipboard,
    previews: new EditPreviews({ projects, timelines, cache: audio.previews }),
    exports: new EditExports({ dataDir, projects, timelines, emit, now }),
  };
}
