/**
 * The library: every piece of audio the station has, stored once under the SHA-256 of its bytes in
 * `<dataDir>/library/<ab>/<sha256>.<ext>`, with its waveform peaks beside it (`<sha256>.peaks`) and
 * its record in a lowdb collection sharded by import year (`db/library-2026.json`).
 *
 * Files reach the library only whole: an import writes into `library/.incoming/`, and `commit`
 * renames the finished files into place before the record is written, with a journal beside them
 * until it is. Whatever a crash leaves is finished or removed when the library next opens, and
 * reported (see interrupted-imports.ts).
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  StudioError,
  type Asset,
  type AssetMetadata,
  type EventSink,
  type LibraryListResult,
  type libraryListSchema,
  type PeaksResult,
} from '../contract';
import type { Collection, Store } from '../store';
import { analyse } from './analyse';
import { recoverInterruptedImports, writeCommitJournal, type StagedFiles } from './interrupted-imports';
import { ffmpegMissing } from './media-errors';
import { peaksResult, readPeaksSlice, writePeaksFile, type PeaksQuery } from '../audio';
import { foldedWords, foldVietnamese } from '../platform/vietnamese-fold';

export type LibraryQuery = z.output<typeof libraryListSchema>;
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

interface Shard {
  assets: Record<string, Asset>;
}

const shardSchema = z.object({ assets: z.record(z.string(), assetSchema) }) satisfies z.ZodType<Shard>;

const SHARD_PREFIX = 'library-';

interface Entry {
  asset: Asset;
  year: string;
  /** Folded text of every searchable field. */
  haystack: string;
}

export interface LibraryDeps {
  store: Store;
  dataDir: string;
  emit: EventSink;
  /** Finds ffmpeg when it is needed (to rebuild a lost peaks cache). */
  resolveFfmpeg: () => Promise<string | null>;
  now?: () => Date;
}

export type { StagedFiles } from './interrupted-imports';

export class Library {
  private readonly entries = new Map<string, Entry>();
  private readonly shards = new Map<string, Collection<Shard>>();
  private commitQueue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  private constructor(private readonly deps: LibraryDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  static async open(deps: LibraryDeps): Promise<Library> {
    const lib = new Library(deps);
    const names = await readdir(deps.store.dbDir).catch(() => [] as string[]);
    const years = new Set<string>();
    for (const n of names) {
      const m = /^library-(\d{4})\.json(?:\.bak)?$/.exec(n);
      if (m?.[1]) years.add(m[1]);
    }
    for (const year of [...years].sort()) {
      const shard = await lib.shard(year);
      for (const asset of Object.values(shard.read().assets)) lib.index(asset, year);
    }
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
    return this.entries.size;
  }

  find(id: string): Asset | undefined {
    return this.entries.get(id)?.asset;
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
    const words = q.text ? foldedWords(q.text) : [];
    const reporter = q.reporter ? foldVietnamese(q.reporter) : '';
    const subject = q.subject ? foldVietnamese(q.subject) : '';
    const tag = q.tag ? foldVietnamese(q.tag) : '';
    const matches: Asset[] = [];
    for (const { asset, haystack } of this.entries.values()) {
      if (q.onlyDeleted ? asset.deletedAt === null : asset.deletedAt !== null && !q.includeDeleted) continue;
      if (q.language && asset.language !== q.language) continue;
      if (reporter && !foldVietnamese(asset.reporter).includes(reporter)) continue;
      if (subject && !foldVietnamese(asset.subject).includes(subject)) continue;
      if (tag && !asset.tags.some((t) => foldVietnamese(t) === tag)) continue;
      if (q.from || q.to) {
        const day = calendarDay(asset.recordedAt ?? asset.importedAt);
        if (q.from && day < q.from) continue;
        if (q.to && day > q.to) continue;
      }
      if (words.length > 0 && !words.every((w) => haystack.includes(w))) continue;
      matches.push(asset);
    }
    const dir = q.order === 'asc' ? 1 : -1;
    const key = q.sort;
    matches.sort((a, b) => {
      let c: number;
      if (key === 'title') c = a.title.localeCompare(b.title, 'vi');
      else if (key === 'durationSec') c = a.durationSec - b.durationSec;
      else {
        const av = (key === 'recordedAt' ? a.recordedAt : a.importedAt) ?? '';
        const bv = (key === 'recordedAt' ? b.recordedAt : b.importedAt) ?? '';
        c = av < bv ? -1 : av > bv ? 1 : 0;
      }
      return c * dir || (a.id < b.id ? -1 : 1);
    });
    return { total: matches.length, items: matches.slice(q.offset, q.offset + q.limit) };
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
      const shard = await this.shard((this.entries.get(id) as Entry).year);
      await shard.update((d) => {
        delete d.assets[id];
      });
      this.entries.delete(id);
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

  /** Writes an asset's record (its files are in place) and indexes it. */
  private async record(asset: Asset): Promise<void> {
    const year = asset.importedAt.slice(0, 4);
    const shard = await this.shard(year);
    await shard.update((d) => {
      d.assets[asset.id] = asset;
    });
    this.index(asset, year);
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
    const entry = this.entries.get(id);
    if (!entry) this.get(id); // throws NOT_FOUND
    const { year } = entry as Entry;
    const shard = await this.shard(year);
    let next: Asset | undefined;
    await shard.update((d) => {
      const current = d.assets[id];
      if (!current) throw new StudioError('NOT_FOUND');
      next = { ...mutate(current), updatedAt: this.now().toISOString() };
      d.assets[id] = next;
    });
    this.index(next as Asset, year);
    return next as Asset;
  }

  private index(asset: Asset, year: string): void {
    const haystack = foldVietnamese(
      [
        asset.title,
        asset.reporter,
        asset.subject,
        asset.tags.join(' '),
        asset.notes,
        asset.originalName,
      ].join(' '),
    );
    this.entries.set(asset.id, { asset, year, haystack });
  }

  private async shard(year: string): Promise<Collection<Shard>> {
    let shard = this.shards.get(year);
    if (!shard) {
      shard = await this.deps.store.collection<Shard>({
        name: `${SHARD_PREFIX}${year}`,
        label: `thư viện năm ${year}`,
        version: 1,
        schema: shardSchema,
        defaults: () => ({ assets: {} }),
      });
      this.shards.set(year, shard);
    }
    return shard;
  }
}

/** Trims text, normalises to NFC (so composed and decomposed "Thị" are the same), drops empty tags. */
/**
 * The day a moment was on this machine's clock (`YYYY-MM-DD`), as the UI shows it: a take started
 * at 06:30 in Hà Nội (23:30 UTC the day before) is filtered under the day the table shows. A date
 * without a time is that day.
 */
export function calendarDay(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

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
