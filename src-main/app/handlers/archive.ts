import path from 'node:path';
import type { ArchiveService } from '../../archive/archive-service';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type ArchiveCallName = 'archive.search' | 'archive.get' | 'archive.export';

/** `places`: where a caller may have an export written (a window: the folders its user chose). */
export function archiveHandlers(archive: ArchiveService, places: PlacesFor): Pick<Handlers, ArchiveCallName> {
  return {
    'archive.search': (query) => archive.search(query),
    'archive.get': ({ id }) => archive.get(id),
    'archive.export': async ({ id, dir }, caller, signal) => {
      const target = path.resolve(dir);
      await places(caller).assertMayWrite(path.join(target, 'x'));
      return archive.export(id, target, signal);
    },
  };
}
