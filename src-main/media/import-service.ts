/**
 * Imports files into the library as background jobs: per-file progress events, cancellation, and a
 * batch that carries on past a bad file. Each file is copied once into the library while it is
 * hashed, and decoded once (at the same time) for its probe, loudness and waveform peaks.
 *
 * "The same audio" means the same bytes here (SHA-256 of the file). That is the honest minimum: a
 * re-encoded or re-tagged copy of a recording is a different file and is imported again. Matching by
 * decoded audio would need a fingerprint and a decision on what counts as the same; not done yet.
 */
import { randomUUID, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_ERROR_MESSAGES,
  NO_SPEECH,
  StudioError,
  type Asset,
  type EventSink,
  type ImportFileResult,
  type ImportFileState,
  type ImportFinishedEvent,
  type ImportJob,
  type ImportMetadata,
} from '../contract';
import { diskInfo } from '../platform/disk';
import { JobTable } from '../platform/job-table';
import { analyse, type Analysis } from './analyse';
import { Library, normalisePatch, normaliseText } from './library';
import {
  cancelled,
  diskFull,
  ffmpegMissing,
  fileEmpty,
  fileIsDirectory,
  fileUnreadable,
  fsError,
} from './media-errors';
import { writePeaksFile } from '../audio';

/** Kept free on the library's disk after a copy, so an import never fills it to the last byte. */
export const DISK_RESERVE_BYTES = 64 * 1024 ** 2;

/** How often a decoding file may send `import.progress`. */
const PROGRESS_INTERVAL_MS = 200;

/** Finished jobs kept for `library.importStatus`. */
const KEEP_FINISHED_JOBS = 50;

export interface ImportServiceDeps {
  library: Library;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  /** Files imported at the same time within a job (default: 2, or 1 on a single-core machine). */
  concurrency?: number;
  /** Free bytes on the disk holding `dir`; injectable so tests can play a full disk. */
  freeBytes?: (dir: string) => Promise<number>;
  now?: () => Date;
}

export interface ImportOneOptions {
  /** Batch metadata, plus an explicit title (recordings have no tags to take one from). */
  metadata?: ImportMetadata & { title?: string };
  source?: Asset['source'];
  /** A take repaired after a crash. */
  recovered?: boolean;
  signal?: AbortSignal;
  onState?: (state: ImportFileState, fraction: number) => void;
}

export class ImportService {
  private readonly jobs = new JobTable<ImportJob, ImportFinishedEvent>({
    notFound: 'Không tìm thấy lượt nhập tệp này (có thể studio đã khởi động lại).',
    keepFinished: KEEP_FINISHED_JOBS,
    snapshot: (job) => structuredClone(job),
  });
  private readonly concurrency: number;
  private readonly freeBytes: (dir: string) => Promise<number>;
  private readonly now: () => Date;

  constructor(private readonly deps: ImportServiceDeps) {
    this.concurrency = Math.max(1, deps.concurrency ?? Math.min(2, os.availableParallelism()));
    this.freeBytes = deps.freeBytes ?? (async (dir) => (await diskInfo(dir)).freeBytes);
    this.now = deps.now ?? (() => new Date());
  }

  /** Starts a background import and returns at once; events report how it goes. */
  start(paths: string[], metadata: ImportMetadata = {}): ImportJob {
    const id = randomUUID();
    const job: ImportJob = {
      id,
      state: 'running',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      files: paths.map((file) => ({ file, state: 'queued', fraction: 0 })),
      fraction: 0,
    };
    return this.jobs.start(job, (signal) => this.runJob(job, metadata, signal));
  }

  status(jobId: string): ImportJob {
    return this.jobs.status(jobId);
  }

  /** Stops a job: the file being imported is abandoned (its partial copy removed), the rest skipped. */
  cancel(jobId: string): ImportJob {
    return this.jobs.cancel(jobId);
  }

  /** Resolves when the job is over, with every file's result in input order. */
  wait(jobId: string): Promise<ImportFinishedEvent> {
    return this.jobs.wait(jobId);
  }

  /** Cancels every running job and waits for them (shutdown). */
  close(): Promise<void> {
    return this.jobs.close();
  }

  /**
   * Imports one file; never throws. Used by jobs, and by recording to put a finished (or recovered)
   * take into the library.
   */
  async importOne(file: string, options: ImportOneOptions = {}): Promise<ImportFileResult> {
    try {
      const { asset, duplicate } = await this.importFile(file, options);
      return { file, ok: true, asset, duplicate };
    } catch (err) {
      let e: StudioError;
      if (options.signal?.aborted) e = cancelled(file);
      else if (err instanceof StudioError) e = err;
      else e = new StudioError('INTERNAL', DEFAULT_ERROR_MESSAGES.INTERNAL, undefined, String(err));
      const technical = e.technical === undefined ? {} : { technical: e.technical };
      return { file, ok: false, error: { code: e.code, message: e.message, ...technical } };
    }
  }

  private async runJob(
    job: ImportJob,
    metadata: ImportMetadata,
    signal: AbortSignal,
  ): Promise<ImportFinishedEvent> {
    // Let `start` return, and the reply carrying the job id go out, before the first event.
    await new Promise((resolve) => setImmediate(resolve));
    const total = job.files.length;
    const results: ImportFileResult[] = new Array(total);
    let lastProgress = 0;
    const jobFraction = () => job.files.reduce((s, f) => s + f.fraction, 0) / total;
    const setState = (index: number, state: ImportFileState, fraction: number) => {
      const f = job.files[index];
      if (!f) return;
      const changed = f.state !== state;
      f.state = state;
      f.fraction = fraction;
      job.fraction = jobFraction();
      const now = Date.now();
      if (!changed && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      this.deps.emit('import.progress', {
        jobId: job.id,
        index,
        total,
        file: f.file,
        state,
        fraction,
        jobFraction: job.fraction,
      });
    };

    let next = 0;
    const worker = async () => {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        const file = job.files[index]?.file ?? '';
        const result: ImportFileResult = signal.aborted
          ? { file, ok: false, error: cancelled(file).toShape() }
          : await this.importOne(file, {
              metadata,
              signal,
              onState: (state, fraction) => setState(index, state, fraction),
            });
        results[index] = result;
        const state: ImportFileState = result.ok
          ? result.duplicate
            ? 'duplicate'
            : 'imported'
          : result.error.code === 'CANCELLED'
            ? 'cancelled'
            : 'failed';
        setState(index, state, 1);
        const f = job.files[index];
        if (f) f.result = result;
        this.deps.emit('import.fileDone', { jobId: job.id, index, total, result });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, total) }, worker));

    job.state = signal.aborted ? 'cancelled' : 'finished';
    job.finishedAt = this.now().toISOString();
    const finished: ImportFinishedEvent = { jobId: job.id, cancelled: signal.aborted, results };
    this.deps.emit('import.finished', finished);
    return finished;
  }

  private async importFile(
    given: string,
    options: ImportOneOptions,
  ): Promise<{ asset: Asset; duplicate: boolean }> {
    const { library } = this.deps;
    const abs = path.resolve(given);
    const userSignal = options.signal;
    if (userSignal?.aborted) throw cancelled(given);
    options.onState?.('copying', 0);

    let size: number;
    try {
      const st = await stat(abs);
      if (st.isDirectory()) throw fileIsDirectory(abs);
      if (!st.isFile()) throw fileUnreadable(abs, 'không phải tệp thông thường');
      size = st.size;
    } catch (err) {
      throw err instanceof StudioError ? err : fsError(err, abs, 'source');
    }
    if (size === 0) throw fileEmpty(abs);
    // Can we read it at all? (Opening says more than stat: permissions, locks, dead network shares.)
    try {
      await (await open(abs, 'r')).close();
    } catch (err) {
      throw fsError(err, abs, 'source');
    }

    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) throw ffmpegMissing();

    const free = await this.freeBytes(library.root);
    const need = size + DISK_RESERVE_BYTES;
    if (free < need) throw diskFull(need - free);

    const staging = path.join(library.incomingDir, randomUUID());
    const staged = {
      content: `${staging}.audio`,
      peaks: `${staging}.peaks`,
      journal: `${staging}.commit.json`,
    };
    const controller = new AbortController();
    const onUserAbort = () => controller.abort();
    userSignal?.addEventListener('abort', onUserAbort, { once: true });

    let duplicateOf: Asset | undefined;
    const copy = copyAndHash(abs, staged.content, controller.signal).then((c) => {
      duplicateOf = library.find(c.sha256);
      if (duplicateOf) controller.abort(); // the library has these bytes: no need to decode them again
      return c;
    });
    const analysis = analyse({
      ffmpeg,
      input: abs,
      loudness: true,
      signal: controller.signal,
      onProgress: (done, expected) => {
        if (expected && expected > 0) options.onState?.('analysing', Math.min(0.99, done / expected));
      },
    }).catch((err: unknown) => {
      if (duplicateOf) return null;
      throw err;
    });
    const settled = Promise.allSettled([copy, analysis]);
    options.onState?.('analysing', 0);

    try {
      let copied: CopyResult;
      let analysed: Analysis | null;
      try {
        [copied, analysed] = await Promise.all([copy, analysis]);
      } catch (err) {
        controller.abort(); // stop the other half
        await settled;
        if (userSignal?.aborted) throw cancelled(given);
        throw err;
      }
      if (duplicateOf) {
        const existing = library.find(copied.sha256) ?? duplicateOf;
        const asset = existing.deletedAt === null ? existing : await library.restore(existing.id);
        return { asset, duplicate: true };
      }
      if (!analysed) throw new StudioError('INTERNAL');
      options.onState?.('saving', 1);
      try {
        await writePeaksFile(staged.peaks, analysed.peaks);
      } catch (err) {
        throw fsError(err, staged.peaks, 'library');
      }
      if (userSignal?.aborted) throw cancelled(given);
      const asset = this.buildAsset(abs, copied, analysed, options);
      try {
        return await library.commit(asset, staged);
      } catch (err) {
        throw err instanceof StudioError ? err : fsError(err, staged.content, 'library');
      }
    } finally {
      userSignal?.removeEventListener('abort', onUserAbort);
      // After a commit these were renamed into the library; otherwise nothing half-made stays.
      await rm(staged.content, { force: true });
      await rm(staged.peaks, { force: true });
      await rm(staged.journal, { force: true });
    }
  }

  private buildAsset(abs: string, copied: CopyResult, a: Analysis, options: ImportOneOptions): Asset {
    const meta = normalisePatch(options.metadata ?? {});
    const tags = { ...(a.probe.audio?.tags ?? {}), ...a.probe.tags };
    const originalName = path.basename(abs).normalize('NFC');
    const now = this.now().toISOString();
    const sha = copied.sha256;
    return {
      id: sha,
      sha256: sha,
      title: meta.title || titleFromTags(tags) || titleFromFileName(originalName),
      reporter: meta.reporter ?? '',
      language: meta.language ?? languageFromTags(tags),
      subject: meta.subject ?? '',
      tags: meta.tags ?? [],
      notes: meta.notes ?? '',
      recordedAt: meta.recordedAt ?? dateFromTags(tags),
      importedAt: now,
      updatedAt: now,
      originalName,
      file: Library.relativeFile(sha, storedExtension(originalName)),
      sizeBytes: copied.bytes,
      format: a.probe.format ?? 'unknown',
      codec: a.probe.audio?.codec ?? 'unknown',
      durationSec: Math.round(a.durationSec * 1000) / 1000,
      // What the decoder delivers is exact; the header can be a guess (or say "6 channels").
      sampleRate: a.output.sampleRate,
      channels: a.output.channels,
      loudness: a.loudness ?? { integratedLufs: null, lraLu: null, peakDbfs: null },
      source: options.source ?? 'import',
      recovered: options.recovered ?? false,
      deletedAt: null,
      warning: a.damaged
        ? 'Tệp có chỗ hỏng: studio đã nhập phần nghe được. Hãy nghe lại, và nếu thiếu đoạn nào thì chép lại tệp gốc.'
        : null,
    };
  }
}

interface CopyResult {
  sha256: string;
  bytes: number;
}

/** Copies `src` to `dest` (a new file), hashing the bytes on the way; flushed to disk before it returns. */
export async function copyAndHash(src: string, dest: string, signal: AbortSignal): Promise<CopyResult> {
  const hash = createHash('sha256');
  let out;
  try {
    out = await open(dest, 'wx');
  } catch (err) {
    throw fsError(err, dest, 'library');
  }
  let bytes = 0;
  try {
    const input = createReadStream(src, { highWaterMark: 1024 * 1024, signal });
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        hash.update(chunk);
        let written = 0;
        while (written < chunk.length) {
          try {
            written += (await out.write(chunk, written, chunk.length - written)).bytesWritten;
          } catch (err) {
            throw fsError(err, dest, 'library');
          }
        }
        bytes += chunk.length;
      }
    } catch (err) {
      if (err instanceof StudioError) throw err;
      if ((err as Error).name === 'AbortError') throw cancelled(src);
      throw fsError(err, src, 'source');
    }
    try {
      await out.sync();
    } catch (err) {
      throw fsError(err, dest, 'library');
    }
  } finally {
    // The copy's outcome is decided above (written and synced, or thrown); a close that fails
    // after that loses nothing.
    await out.close().catch(() => undefined);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The extension the stored copy keeps: the original one when it is sane, else `bin`. */
export function storedExtension(name: string): string {
  const ext = path.extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

export function titleFromTags(tags: Record<string, string>): string {
  const t = normaliseText((tags.title ?? '').replace(/\p{Cc}/gu, ' '));
  return t.slice(0, 500);
}

export function titleFromFileName(name: string): string {
  const base = name.normalize('NFC').replace(/\.[^.]*$/, '');
  const t = normaliseText(base.replace(/_/g, ' ').replace(/\p{Cc}/gu, ' '));
  return t.slice(0, 500) || 'Không tên';
}

/** A genre that says the file is speech, not music (in English and Vietnamese, folded or not). */
const SPEECH_GENRE =
  /speech|spoken|podcast|news|talk|audiobook|interview|thời sự|thoi su|bản tin|ban tin|phỏng vấn|phong van|tin tức|tin tuc/i;

/**
 * The language a file goes in as when none was chosen: "Không lời" for what its tags call music (a
 * genre that is not speech, or an artist and an album, as songs and jingles from a CD or a shop
 * carry), else Vietnamese. Staff change it in the details when that guess is wrong.
 */
export function languageFromTags(tags: Record<string, string>): string {
  const genre = (tags.genre ?? '').trim();
  if (genre !== '') return SPEECH_GENRE.test(genre) ? 'vie' : NO_SPEECH;
  return tags.artist?.trim() && tags.album?.trim() ? NO_SPEECH : 'vie';
}

/** A recording date from the tags (`date`, `creation_time`), when one is given as a full date. */
export function dateFromTags(tags: Record<string, string>): string | null {
  for (const key of ['date', 'creation_time', 'tdrc', 'tdrl', 'icrd']) {
    const v = tags[key]?.trim();
    if (!v) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) {
      const d = new Date(v.replace(' ', 'T'));
      if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() > 1970) return d.toISOString();
    }
  }
  return null;
}
