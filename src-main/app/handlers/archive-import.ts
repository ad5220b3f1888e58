import type { ArchiveImporter } from '../../archive/import/archive-import';
import type { Handlers } from '../router';

export function archiveImportHandlers(importer: ArchiveImporter): Pick<Handlers, 'archive.import'> {
  return {
    'archive.import': (request, _caller, signal) => importer.run(request, signal),
  };
}
