/**
 * The programme's services as the composition root builds them: the programmes themselves (edits,
 * history, trash, templates), their files (export, import), their renders (jobs, previews) and
 * their approval (steps, and the gate downstream work asks for the approved master),
 * sharing one view of the items' sources and one table of rendered files the page may play.
 */
import type { EventSink } from '../contract';
import type { AudioServices } from '../audio';
import type { EditServices } from '../edit/services';
import type { Library } from '../media/library';
import type { Database, Store } from '../store';
import { approvedMaster, type ApprovedMaster } from './approved-master';
import { ProgrammeApprovals } from './programme-approvals';
import { ProgrammeFiles } from './programme-files';
import { ProgrammeRenders } from './programme-renders';
import { ProgrammeService } from './programme-service';
import { RenderedFiles } from './rendered-files';
import { ProgrammeSources } from './sources';

export interface ProgrammeServicesDeps {
  store: Store;
  /** The records database, opened with `programmeTables`. */
  database: Database;
  dataDir: string;
  library: Library;
  /** The editor's projects (edit items) and previews (their peaks and loudness stage). */
  edit: EditServices;
  /** The audio engine: 48 kHz sources and the preview cache, shared with the editor. */
  audio: AudioServices;
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
  /** Submit, withdraw, approve, return (issue 13). */
  approvals: ProgrammeApprovals;
  /**
   * The one gate for audio leaving the studio (publishing, the schedule): the approved master's
   * file and SHA-256, only while it is approved and the file still hashes to what was approved;
   * otherwise PROGRAMME_NOT_APPROVED.
   */
  approvedMaster(programmeId: string): Promise<ApprovedMaster>;
  /** Rendered files by media id, for the hosts' media route. */
  renderedFiles: RenderedFiles;
}

export async function openProgrammeServices(deps: ProgrammeServicesDeps): Promise<ProgrammeServices> {
  const sources = new ProgrammeSources({
    library: deps.library,
    sources: deps.audio.sources,
    previews: deps.audio.previews,
    editProjects: deps.edit.projects,
    editPreviews: deps.edit.previews,
  });
  const renderedFiles = new RenderedFiles();
  const programmes = await ProgrammeService.open({
    store: deps.store,
    database: deps.database,
    editProjects: deps.edit.projects,
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
    previews: deps.audio.previews,
    renderedFiles,
    resolveFfmpeg: deps.resolveFfmpeg,
    emit: deps.emit,
    renderConcurrency: deps.renderConcurrency,
    now: deps.now,
  });
  const approvals = new ProgrammeApprovals({ programmes, now: deps.now });
  return {
    programmes,
    files,
    renders,
    approvals,
    approvedMaster: (id) => approvedMaster(programmes, id),
    renderedFiles,
  };
}
