import type { MediaServices } from '../../media/media-service';
import type { Handlers } from '../router';

type MediaCallName =
  | 'library.import'
  | 'library.cancelImport'
  | 'library.importStatus'
  | 'library.list'
  | 'library.get'
  | 'library.update'
  | 'library.trash'
  | 'library.restore'
  | 'library.peaks';

export function mediaHandlers({ library, importer }: MediaServices): Pick<Handlers, MediaCallName> {
  return {
    'library.import': ({ paths, metadata }) => importer.start(paths, metadata),
    'library.cancelImport': ({ jobId }) => importer.cancel(jobId),
    'library.importStatus': ({ jobId }) => importer.status(jobId),
    'library.list': (query) => library.list(query),
    'library.get': ({ id }) => library.get(id),
    'library.update': ({ id, patch }) => library.update(id, patch),
    'library.trash': ({ id }) => library.trash(id),
    'library.restore': ({ id }) => library.restore(id),
    'library.peaks': ({ id, ...query }) => library.peaks(id, query),
  };
}
