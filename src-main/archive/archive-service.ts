/**
 * The archive (Lưu trữ, issue 17): records derived from their owners' records (library assets,
 * programmes and their segments), kept up to date from the owners' change events (wired in the
 * composition root), and searched. The owners are the truth: at open the archive compares each
 * record with the `updatedAt` of what it was built from and rebuilds what is missing or stale, and
 * when its tables are found missing or damaged it makes them again from the owners and searches
 * again, so a lost index never loses a record.
 *
 * Every change is one job in one queue; a search waits for the jobs queued before it, so what a
 * caller just changed is what the next search finds.
 */
import {
  StudioError,
  type ArchiveExport,
  type ArchiveRecord,
  type ArchiveSearchQuery,
  type ArchiveSearchResult,
} from '../contract';
import type { Asset, ProgrammeState, ProgrammeSummary } from '../contract';
import type { Logger } from '../platform/logger';
import type { Sql } from '../store';
import { exportRecord, type RecordAudio } from './archive-export';
import { ArchiveRepository } from './archive-repository';
import {
  assetRecord,
  assetRecordId,
  programmeRecordId,
  programmeRecords,
  type Airings,
  NEVER_AIRED,
} from './archive-records';

/** What the archive reads of its owners (the composition root gives it the services' reads). */
export interface ArchiveOwners {
  /** Every asset outside the trash. */
  assets(): Iterable<Asset>;
  /** One asset, or undefined when it is gone. */
  asset(id: string): Asset | undefined;
  /** Every programme outside the trash (its id and `updatedAt` say whether its records are stale). */
  programmes(): ProgrammeSummary[];
  /** One programme whole, or null when it is gone or in the trash. */
  programme(id: string): Promise<ProgrammeState | null>;
  /** Where and when it aired, from the broadcast log (never aired by default). */
  airings?(sourceId: string): Airings;
  /** The audio of a record's source (for `archive.export`), or null when it has none. */
  audioOf?(record: ArchiveRecord): Promise<RecordAudio | null>;
}

type SearchQuery = Required<Pick<ArchiveSearchQuery, 'text' | 'sort' | 'limit' | 'offset'>> &
  ArchiveSearchQuery;

/** Records written per transaction while syncing, then the event loop gets a turn. */
const SYNC_BATCH = 500;

export class ArchiveService {
  readonly repo: ArchiveRepository;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    sql: Sql,
    private readonly owners: ArchiveOwners,
    private readonly log?: Logger,
    /** What an export needs of the audio engine (absent: exports are refused). */
    private readonly audio?: { resolveFfmpeg(): Promise<string | null>; dataDir: string },
  ) {
    this.repo = new ArchiveRepository(sql);
  }

  /** Brings every record up to date with its owner (at open; and after a repair). */
  syncAll(): Promise<void> {
    return this.enqueue('sync', () => this.syncNow());
  }

  /** The library said these assets changed (imported, edited, trashed, restored, purged). */
  assetsChanged(ids: readonly string[]): Promise<void> {
    return this.enqueue('assets', async () => {
      const put: ArchiveRecord[] = [];
      const gone: string[] = [];
      for (const id of ids) {
        const asset = this.owners.asset(id);
        if (asset && asset.deletedAt === null) put.push(assetRecord(asset, this.airings(id)));
        else gone.push(assetRecordId(id));
      }
      this.repo.put(put);
      this.repo.remove(gone);
    });
  }

  /** A programme changed (or was created, trashed, restored, purged, approved). */
  programmeChanged(id: string): Promise<void> {
    return this.enqueue('programme', async () => {
      await this.rebuildProgramme(id, await this.owners.programme(id));
    });
  }

  async search(q: SearchQuery): Promise<ArchiveSearchResult> {
    await this.idle();
    return this.repaired(() => this.repo.search(q));
  }

  async get(id: string): Promise<ArchiveRecord> {
    await this.idle();
    const record = await this.repaired(() => this.repo.get(id));
    if (!record) {
      throw new StudioError(
        'NOT_FOUND',
        'Không tìm thấy tư liệu này trong kho lưu trữ. Có thể nó đã bị xoá; hãy tìm lại.',
      );
    }
    return record;
  }

  /** Writes a record's audio and metadata into `dir` (archive-export.ts). */
  async export(id: string, dir: string, signal?: AbortSignal): Promise<ArchiveExport> {
    const record = await this.get(id);
    const { audioOf } = this.owners;
    if (!audioOf || !this.audio)
      throw new StudioError('UNAVAILABLE', 'Kho lưu trữ này không xuất được âm thanh.');
    return exportRecord({ ...this.audio, audioOf }, record, dir, signal);
  }

  /** Resolves once every change queued so far is in the records. */
  idle(): Promise<void> {
    return this.queue;
  }

  /**
   * Runs a read; when the archive's tables are missing or damaged, makes them again from the
   * owners' records and reads once more.
   */
  private async repaired<T>(read: () => T): Promise<T> {
    try {
      return read();
    } catch (err) {
      if (!isDamage(err)) throw err;
      this.log?.warn('The archive index is missing or damaged: rebuilding it from the records', err);
      await this.enqueue('repair', async () => {
        this.repo.recreate();
        await this.syncNow();
      });
      return read();
    }
  }

  private enqueue(what: string, job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    // The queue goes on after a failed job; the job's caller hears of it through `run`.
    this.queue = run.catch((err: unknown) => this.log?.warn(`Archive ${what} failed`, err));
    return run;
  }

  private airings(sourceId: string): Airings {
    return this.owners.airings?.(sourceId) ?? NEVER_AIRED;
  }

  private async rebuildProgramme(id: string, p: ProgrammeState | null): Promise<void> {
    const had = this.repo
      .idsOfSource(id)
      .filter((r) => r.startsWith('programme:') || r.startsWith('segment:'));
    if (!p || p.deletedAt !== null) {
      this.repo.remove(had);
      return;
    }
    const records = programmeRecords(
      p,
      this.airings(id),
      (assetId) => this.owners.asset(assetId)?.reporter ?? null,
    );
    const keep = new Set(records.map((r) => r.id));
    this.repo.put(records);
    this.repo.remove(had.filter((r) => !keep.has(r)));
  }

  private async syncNow(): Promise<void> {
    const assetStamps = this.repo.stamps(['asset']);
    const batch: ArchiveRecord[] = [];
    const flush = async () => {
      this.repo.put(batch.splice(0));
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const asset of this.owners.assets()) {
      const id = assetRecordId(asset.id);
      const had = assetStamps.get(id);
      assetStamps.delete(id);
      if (had === asset.updatedAt) continue;
      batch.push(assetRecord(asset, this.airings(asset.id)));
      if (batch.length >= SYNC_BATCH) await flush();
    }
    await flush();
    this.repo.remove([...assetStamps.keys()]);

    const stamps = this.repo.stamps(['programme', 'segment']);
    for (const summary of this.owners.programmes()) {
      const id = programmeRecordId(summary.id);
      const current = stamps.get(id) === summary.updatedAt;
      for (const own of this.repo.idsOfSource(summary.id)) stamps.delete(own);
      if (current) continue;
      await this.rebuildProgramme(summary.id, await this.owners.programme(summary.id));
    }
    this.repo.remove([...stamps.keys()]);
  }
}

/** SQLite's words for a table that is not there or a file (or FTS5 index) that is damaged. */
function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : '';
  return (
    (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) ||
    /no such table|malformed|no such column|vtable constructor failed|fts5/i.test(message)
  );
}
