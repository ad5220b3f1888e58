import type { ArchiveService } from '../../archive/archive-service';
import type { Handlers } from '../router';

type ArchiveCallName = 'archive.search' | 'archive.get';

export function archiveHandlers(archive: ArchiveService): Pick<Handlers, ArchiveCallName> {
  return {
    'archive.search': (query) => archive.search(query),
    'archive.get': ({ id }) => archive.get(id),
  };
}
