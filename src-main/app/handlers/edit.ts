import type { EditService } from '../../edit/edit-service';
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
export function editHandlers(edit: EditService, places: PlacesFor): Pick<Handlers, EditCallName> {
  return {
    'edit.list': ({ assetId }) => edit.list(assetId),
    'edit.open': (request) => edit.openProject(request),
    'edit.apply': ({ projectId, op, expectedRevision }, caller) =>
      edit.apply(projectId, op, clipboardKey(caller), expectedRevision),
    'edit.undo': ({ projectId }) => edit.undo(projectId),
    'edit.redo': ({ projectId }) => edit.redo(projectId),
    'edit.jumpTo': ({ projectId, position }) => edit.jumpTo(projectId, position),
    'edit.history': ({ projectId }) => edit.history(projectId),
    'edit.copy': ({ projectId, start, end }, caller) =>
      edit.copy(projectId, start, end, clipboardKey(caller)),
    'edit.clipboard': (_request, caller) => edit.clipboardInfo(clipboardKey(caller)),
    'edit.segments.add': ({ projectId, segment }) => edit.addSegment(projectId, segment),
    'edit.segments.update': ({ projectId, segmentId, patch }) =>
      edit.updateSegment(projectId, segmentId, patch),
    'edit.segments.remove': ({ projectId, segmentId }) => edit.removeSegment(projectId, segmentId),
    'edit.preview': ({ projectId, start, end }, _caller, signal) =>
      edit.preview(projectId, start, end, signal),
    'edit.peaks': ({ previewId, ...query }) => edit.peaks(previewId, query),
    'edit.samples': ({ previewId, startSample, count, int16 }) =>
      edit.samples(previewId, startSample, count, int16),
    'edit.exportPath': ({ projectId, format }) => edit.exportPath(projectId, format),
    'edit.export': (request, caller) => edit.startExport(request, places(caller)),
    'edit.exportStatus': ({ jobId }) => edit.exportStatus(jobId),
    'edit.cancelExport': ({ jobId }) => edit.cancelExport(jobId),
  };
}
