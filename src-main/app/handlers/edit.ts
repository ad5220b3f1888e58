import type { PreviewCache } from '../../audio';
import type { EditServices } from '../../edit/services';
import type { Caller } from '../policy';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type EditCallName =
  | 'edit.list'
  | 'edit.open'
  | 'edit.apply'
  | 'edit.undo'
  | 'edit.redo'
  | 'edit.jumpTo'
  | 'edit.history'
  | 'edit.copy'
  | 'edit.clipboard'
  | 'edit.segments.add'
  | 'edit.segments.update'
  | 'edit.segments.remove'
  | 'edit.preview'
  | 'edit.peaks'
  | 'edit.samples'
  | 'edit.exportPath'
  | 'edit.export'
  | 'edit.exportStatus'
  | 'edit.cancelExport';

/** One clipboard per person (per host until users land), shared by their windows. */
export function clipboardKey(caller: Caller): string {
  return `${caller.host}:${caller.userId ?? 'local'}`;
}

/** `places`: where a caller's request may have an export written. */
/** `previews`: the audio engine's preview cache (a preview's peaks and samples). */
export function editHandlers(
  { projects, clipboard, previews: editPreviews, exports }: EditServices,
  previews: PreviewCache,
  places: PlacesFor,
): Pick<Handlers, EditCallName> {
  return {
    'edit.list': ({ assetId }) => projects.list(assetId),
    'edit.open': (request) => projects.openProject(request),
    'edit.apply': ({ projectId, op, expectedRevision }, caller) =>
      projects.apply(projectId, op, clipboardKey(caller), expectedRevision),
    'edit.undo': ({ projectId }) => projects.undo(projectId),
    'edit.redo': ({ projectId }) => projects.redo(projectId),
    'edit.jumpTo': ({ projectId, position }) => projects.jumpTo(projectId, position),
    'edit.history': ({ projectId }) => projects.history(projectId),
    'edit.copy': ({ projectId, start, end }, caller) =>
      projects.copy(projectId, start, end, clipboardKey(caller)),
    'edit.clipboard': (_request, caller) => clipboard.info(clipboardKey(caller)),
    'edit.segments.add': ({ projectId, segment }) => projects.addSegment(projectId, segment),
    'edit.segments.update': ({ projectId, segmentId, patch }) =>
      projects.updateSegment(projectId, segmentId, patch),
    'edit.segments.remove': ({ projectId, segmentId }) => projects.removeSegment(projectId, segmentId),
    'edit.preview': ({ projectId, start, end }, _caller, signal) =>
      editPreviews.preview(projectId, start, end, signal),
    'edit.peaks': ({ previewId, ...query }) => previews.peaks(previewId, query),
    'edit.samples': ({ previewId, startSample, count, int16 }) =>
      previews.samples(previewId, startSample, count, int16),
    'edit.exportPath': ({ projectId, format }) => exports.suggestPath(projectId, format),
    'edit.export': (request, caller) => exports.start(request, places(caller)),
    'edit.exportStatus': ({ jobId }) => exports.status(jobId),
    'edit.cancelExport': ({ jobId }) => exports.cancel(jobId),
  };
}
