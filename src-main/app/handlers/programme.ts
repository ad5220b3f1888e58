import type { ProgrammeServices } from '../../programme/services';
import type { WritablePlaces } from '../../platform/user-folders';
import type { Handlers } from '../router';

type ProgrammeCallName =
  | 'programme.list'
  | 'programme.create'
  | 'programme.get'
  | 'programme.update'
  | 'programme.apply'
  | 'programme.undo'
  | 'programme.redo'
  | 'programme.trash'
  | 'programme.restore'
  | 'programme.purge'
  | 'programme.templates.list'
  | 'programme.templates.save'
  | 'programme.templates.remove'
  | 'programme.render'
  | 'programme.renderStatus'
  | 'programme.preview'
  | 'programme.sourcePeaks'
  | 'programme.cancelRender'
  | 'programme.export'
  | 'programme.import';

/** `places`: where a request may have a render or an export written (`ExportFolders`). */
export function programmeHandlers(
  { programmes, files, renders }: ProgrammeServices,
  places: WritablePlaces,
): Pick<Handlers, ProgrammeCallName> {
  return {
    'programme.list': ({ onlyDeleted }) => programmes.list(onlyDeleted),
    'programme.create': (request) => programmes.create(request),
    'programme.get': ({ id }) => programmes.get(id),
    'programme.update': ({ id, metadata, ducking, expectedRevision }) =>
      programmes.update(id, { metadata, ducking }, expectedRevision),
    'programme.apply': ({ id, op, expectedRevision }) => programmes.apply(id, op, expectedRevision),
    'programme.undo': ({ id, expectedRevision }) => programmes.undo(id, expectedRevision),
    'programme.redo': ({ id, expectedRevision }) => programmes.redo(id, expectedRevision),
    'programme.trash': ({ id }) => programmes.trash(id),
    'programme.restore': ({ id }) => programmes.restore(id),
    'programme.purge': ({ id }) => programmes.purge(id),
    'programme.templates.list': () => programmes.templates(),
    'programme.templates.save': (request) => programmes.saveTemplate(request),
    'programme.templates.remove': ({ templateId }) => programmes.removeTemplate(templateId),
    'programme.render': (request) => renders.startRender(request, places),
    'programme.renderStatus': ({ jobId }) => renders.renderStatus(jobId),
    'programme.preview': ({ id, start, end }) => renders.preview(id, start, end),
    'programme.sourcePeaks': ({ source, maxBuckets }) => programmes.sourcePeaks(source, maxBuckets),
    'programme.cancelRender': ({ jobId }) => renders.cancelRender(jobId),
    'programme.export': ({ id, path }) => files.exportFile(id, path, places),
    'programme.import': ({ path }) => files.importFile(path),
  };
}
