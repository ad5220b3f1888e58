/**
 * The library: every piece of audio the station has, stored once under the SHA-256 of its bytes in
 * `<dataDir>/library/<ab>/<sha256>.<ext>`, with its waveform peaks beside it (`<sha256>.peaks`) and
 * its record in the records database (library-tables.ts, through library-repository.ts).
 *
 * Files reach the library only whole: an import writes into `library/.incoming/`, and `commit`
 * renames the finished files into place before the record is written, with a journal beside them
 * until it is. Whatever a crash leaves is finished or removed when the library next opens, and
 * reported (see interrupted-imports.ts).
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  StudioError,
  type Asset,
  type AssetMetadata,
  type EventSink,
  type LibraryListResult,
  type PeaksResult,
} from '../contract';
import { lowdbMove, type Database, type LowdbMove, type Store } from '../store';
import { analyse } from './analyse';
import { recoverInterruptedImports, writeCommitJournal, type StagedFiles } from './interrupted-imports';
import { ffmpegMissing } from './media-errors';
import { peaksResult, readPeaksSlice, writePeaksFile, type PeaksQuery } from '../audio';
import { LibraryRepository, type LibraryQuery } from './library-repository';

export { calendarDay, type LibraryQuery } from './library-repository';
export type MetadataPatch = Partial<AssetMetadata>;

const loudnessSchema = z.object({
  integratedLufs: z.number().nullable(),
  lraLu: z.number().nullable(),
  peakDbfs: z.number().nullable(),
});

export const assetSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  title: z.string(),
  reporter: z.string(),
  language: z.string(),
  subject: z.string(),
  tags: z.array(z.string()),
  notes: z.string(),
  recordedAt: z.string().nullable(),
  importedAt: z.string(),
  updatedAt: z.string(),
  originalName: z.string(),
  file: z.string(),
  sizeBytes: z.number(),
  format: z.string(),
  codec: z.string(),
  durationSec: z.number(),
  sampleRate: z.number(),
  channels: z.number(),
  loudness: loudnessSchema,
  source: z.enum(['import', 'recording']),
  recovered: z.boolean(),
  deletedAt: z.string().nullable(),
  warning: z.string().nullable(),
}) satisfies z.ZodType<Asset>;

const shardSchema = z.object({ assets: z.record(z.string(), assetSchema) });

/**
 * The library as lowdb files held it before the records database: one collection per import year
 * (`db/library-2026.json`), moved into the database on the first start of a release that has it.
 */
export function libraryMove(database: Database): LowdbMove {
  const records = new LibraryRepository(database.sql);
  return lowdbMove<z.output<typeof shardSchema>>({
    matches: (name) => /^library-\d{4}$/.test(name),
    options: (name) => ({
      name,
      label: `thư viện năm ${name.slice('library-'.length)}`,
      version: 1,
      schema: shardSchema,
      defaults: () => ({ assets: {} }),
    }),
    write: (shard) => {
      for (const asset of Object.values(shard.assets)) records.put(asset);
    },
  });
}

export interface LibraryDeps {
  /** The data folder's documents: where interrupted imports are reported. */
  store: Store;
  /** The records database, with the library's tables (`libraryTables`). */
  database: Database;
  dataDir: string;
  emit: EventSink;
  /** Finds ffmpeg when it is needed (to rebuild a lost peaks cache). */
  resolveFfmpeg: () => Promise<string | null>;
  now?: () => Date;
}

export type { StagedFiles } from './interrupted-imports';

export class Library {
  private readonly records: LibraryRepository;
  private commitQueue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  private constructor(private readonly deps: LibraryDeps) {
    this.now = deps.now ?? (() => new Date());
    this.records = new LibraryRepository(deps.database.sql);
  }

  static async open(deps: LibraryDeps): Promise<Library> {
    const lib = new Library(deps);
    await recoverInterruptedImports({
      incomingRoot: path.dirname(lib.incomingDir),
      parseAsset: (value) => {
        const parsed = assetSchema.safeParse(value);
        return parsed.success ? parsed.data : null;
      },
      isRecorded: (sha256) => lib.find(sha256) !== undefined,
      audioPath: (asset) => lib.audioPath(asset),
      peaksPath: (sha256) => lib.peaksPath(sha256),
      record: (asset) => lib.record(asset),
      recoveries: deps.store.recoveries,
    });
    await mkdir(lib.incomingDir, { recursive: true });
    return lib;
  }

  get root(): string {
    return path.join(this.deps.dataDir, 'library');
  }

  /**
   * Staging folder for this process's imports in progress. Each process (the app, a CLI run) has
   * its own, named by its pid; folders of processes that are gone are emptied when a library opens.
   */
  get incomingDir(): string {
    return path.join(this.root, '.incoming', String(process.pid));
  }

  /** Where an asset's audio lives, relative to the data folder. */
  static relativeFile(sha256: string, ext: string): string {
    return path.posix.join('library', sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  /** Absolute path of an asset's audio. */
  audioPath(asset: Asset): string {
    return path.join(this.deps.dataDir, ...asset.file.split('/'));
  }

  peaksPath(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.peaks`);
  }

  get size(): number {
    return this.records.count();
  }

  find(id: string): Asset | undefined {
    return this.records.find(id);
  }

  get(id: string): Asset {
    const asset = this.find(id);
    if (!asset) {
      throw new StudioError(
        'NOT_FOUND',
        'Không tìm thấy tệp âm thanh này trong thư viện. Có thể nó đã bị xoá; hãy tải lại danh sách.',
      );
    }
    return asset;
  }

  list(q: LibraryQuery): LibraryListResult {
    return this.records.list(q);
  }

  async update(id: string, patch: MetadataPatch): Promise<Asset> {
    const next = await this.change(id, (a) => ({ ...a, ...normalisePatch(patch) }));
    this.deps.emit('library.changed', { ids: [id], reason: 'updated' });
    return next;
  }

  async trash(id: string): Promise<Asset> {
    const current = this.get(id);
    if (current.deletedAt !== null) return current;
    const next = await this.change(id, (a) => ({ ...a, deletedAt: this.now().toISOString() }));
    this.deps.emit('library.changed', { ids: [id], reason: 'trashed' });
    return next;
  }

  async restore(id: string): Promise<Asset> {
    const current = this.get(id);
    if (current.deletedAt === null) return current;
    const next = await this.change(id, (a) => ({ ...a, deletedAt: null }));
    this.deps.emit('library.changed', { ids: [id], reason: 'restored' });
    return next;
  }

  /**
   * Deletes an asset in the trash for good: its record first (a crash then leaves only unused
   * files, never a record without audio), then its audio and peaks. Queued with imports, so that
   * the same bytes arriving meanwhile are never half-deleted.
   */
  purge(id: string): Promise<Asset> {
    return this.serially(async () => {
      const current = this.get(id);
      if (current.deletedAt === null) {
        throw new StudioError(
          'NOT_IN_TRASH',
          `"${current.title}" chưa ở thùng rác. Hãy chuyển nó vào thùng rác trước; chỉ mục trong thùng rác mới xoá vĩnh viễn được.`,
        );
      }
      this.records.remove(id);
      await rm(this.audioPath(current), { force: true });
      await rm(this.peaksPath(current.sha256), { force: true });
      this.deps.emit('library.changed', { ids: [id], reason: 'purged' });
      return current;
    });
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.commitQueue.then(run, run);
    // The queue only orders commits: the caller gets this commit's error through `result`.
    this.commitQueue = result.catch(() => undefined);
    return result;
  }

  /**
   * Puts a finished import into the library: writes its journal, renames its staged files into
   * place, writes the record, then drops the journal. When the same bytes arrived meanwhile (or were there all along), the staged files are
   * dropped and the existing asset comes back (taken out of the trash if it was there).
   */
  commit(asset: Asset, staged: StagedFiles): Promise<{ asset: Asset; duplicate: boolean }> {
    const run = async () => {
      const existing = this.find(asset.sha256);
      if (existing) {
        await discard(staged);
        const restored = existing.deletedAt === null ? existing : await this.restore(existing.id);
        return { asset: restored, duplicate: true };
      }
      const audio = this.audioPath(asset);
      const peaks = this.peaksPath(asset.sha256);
      await writeCommitJournal(staged, asset);
      try {
        await mkdir(path.dirname(audio), { recursive: true });
        await rename(staged.content, audio);
        await rename(staged.peaks, peaks);
        await this.record(asset);
      } catch (err) {
        // No record, no files: nothing half-made stays in the library.
        await rm(audio, { force: true });
        await rm(peaks, { force: true });
        throw err;
      } finally {
        await rm(staged.journal, { force: true });
      }
      this.deps.emit('library.changed', { ids: [asset.id], reason: 'imported' });
      return { asset, duplicate: false };
    };
    return this.serially(run);
  }

  /** Writes an asset's record (its files are in place). */
  private async record(asset: Asset): Promise<void> {
    this.records.put(asset);
  }

  /** The asset's peaks from the cache beside it; rebuilt with one ffmpeg pass if the cache is lost. */
  async peaks(id: string, q: PeaksQuery): Promise<PeaksResult> {
    const asset = this.get(id);
    const file = this.peaksPath(asset.sha256);
    let slice = await readPeaksSlice(file, q).catch(() => null);
    if (!slice) {
      await this.rebuildPeaks(asset);
      slice = await readPeaksSlice(file, q);
    }
    if (!slice) throw new StudioError('INTERNAL', 'Không tạo được dạng sóng cho tệp này. Hãy thử lại.');
    return peaksResult(slice, asset.id, asset.durationSec);
  }

  private async rebuildPeaks(asset: Asset): Promise<void> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) throw ffmpegMissing();
    const audio = this.audioPath(asset);
    await stat(audio).catch(() => {
      throw new StudioError(
        'NOT_FOUND',
        `Tệp âm thanh của "${asset.title}" không còn trong thư mục thư viện. Hãy khôi phục thư mục dữ liệu từ bản sao lưu.`,
      );
    });
    const result = await analyse({ ffmpeg, input: audio, loudness: false });
    const tmp = path.join(this.incomingDir, `${asset.sha256}.${process.pid}.${Date.now()}.peaks`);
    await writePeaksFile(tmp, result.peaks);
    await rename(tmp, this.peaksPath(asset.sha256));
  }

  private async change(id: string, mutate: (a: Asset) => Asset): Promise<Asset> {
    const current = this.get(id); // NOT_FOUND when it is not there
    const next = { ...mutate(current), updatedAt: this.now().toISOString() };
    this.records.put(next);
    return next;
  }
}

/** Trims text, normalises to NFC (so composed and decomposed "Thị" are the same), drops empty tags. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function normalisePatch(patch: MetadataPatch): MetadataPatch {
  const out: MetadataPatch = {};
  if (patch.title !== undefined) out.title = normaliseText(patch.title);
  if (patch.reporter !== undefined) out.reporter = normaliseText(patch.reporter);
  if (patch.language !== undefined) out.language = patch.language;
  if (patch.subject !== undefined) out.subject = normaliseText(patch.subject);
  if (patch.tags !== undefined) {
    out.tags = [...new Set(patch.tags.map(normaliseText).filter((t) => t.length > 0))];
  }
  if (patch.notes !== undefined) out.notes = patch.notes.normalize('NFC').trim();
  if (patch.recordedAt !== undefined) out.recordedAt = patch.recordedAt;
  return out;
}

async function discard(staged: StagedFiles): Promise<void> {
  await rm(staged.content, { force: true });
  await rm(staged.peaks, { force: true });
}
