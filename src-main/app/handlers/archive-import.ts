import type { ArchiveImporter } from '../../archive/import/archive-import';
import type { Retention } from '../../archive/retention/retention';
import type { Handlers } from '../router';

/** The archivist's calls: the bulk import of old archives, and the retention rule's list and deletions. */
export function archiveImportHandlers(
  importer: ArchiveImporter,
  retention: Retention,
): Pick<Handlers, 'archive.import' | 'archive.retention.list' | 'archive.retention.delete'> {
  return {
    'archive.import': (request, _caller, signal) => importer.run(request, signal),
    'archive.retention.list': () => retention.list(),
    // The schema holds `confirm: true`: without the archivist's confirmation the call never gets here.
    'archive.retention.delete': (request) => retention.delete(request.ids),
  };
}
