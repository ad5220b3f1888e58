/**
 * The archive's reads of its owners, from the services themselves: the library's assets outside
 * the trash (page by page, never all at once), and the programmes outside the trash.
 */
import { StudioError, type Asset } from '../contract';
import type { Library } from '../media/library';
import type { ProgrammeService } from '../programme/programme-service';
import type { ArchiveOwners } from './archive-service';

const PAGE = 1000;

export function archiveOwnersOf(library: Library, programmes: ProgrammeService): ArchiveOwners {
  return {
    *assets(): Iterable<Asset> {
      for (let offset = 0; ; offset += PAGE) {
        const page = library.list({
          includeDeleted: false,
          onlyDeleted: false,
          sort: 'importedAt',
          order: 'asc',
          offset,
          limit: PAGE,
        });
        yield* page.items;
        if (page.items.length < PAGE) return;
      }
    },
    asset: (id) => library.find(id),
    programmes: () => programmes.list(false),
    audioOf: async (record) => {
      if (record.kind === 'asset') {
        const asset = library.find(record.sourceId);
        return asset ? { file: library.audioPath(asset), whole: true } : null;
      }
      if (record.kind !== 'programme' && record.kind !== 'segment') return null;
      // The last render's master (WAV), else any file it wrote: a segment is cut out of it.
      const files = (await programmes.get(record.sourceId)).lastRender?.files ?? [];
      const master = files.find((f) => f.format === 'wav') ?? files[0];
      return master ? { file: master.file, whole: record.kind === 'programme' } : null;
    },
    programme: async (id) => {
      try {
        return await programmes.get(id);
      } catch (err) {
        // Purged: its records go. Any other failure is the sync's to report.
        if (err instanceof StudioError && /NOT_FOUND/.test(err.code)) return null;
        throw err;
      }
    },
  };
}
