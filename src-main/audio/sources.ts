/**
 * The audio the render engine reads: every asset as a 48 kHz WAV of at most two channels.
 *
 * A 48 kHz PCM WAV (the studio's own recordings) is read where it lies in the library. Anything else
 * (MP3, AAC, AMR, 44.1 kHz…) is decoded once into `<data>/cache/edit/sources/<asset id>.wav`
 * (32-bit float, so nothing is lost or clipped; about 11 MB a minute in stereo) and read from there.
 * Seeking in a WAV is exact to the sample, which is what makes every edit sample-accurate; decoding
 * from the start of the file every time would be exact too, but far too slow for a long interview.
 *
 * The cache is a cache: deleting it loses nothing (it is rebuilt the same, sample for sample), and
 * copies not used for a while are removed when the studio starts (`prune`). The editor and the
 * programme mixer share one AudioSources (built by the composition root), so an asset is decoded
 * once for both, and a purge forgets its copy for both.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import {
  EDIT_SAMPLE_RATE,
  ffmpegMissingError,
  StudioError,
  type Asset,
  type EditProblem,
  type EventSink,
} from '../contract';
import { runFfmpeg } from './render/run-graph';
import type { RenderSource } from './render/timeline-graph';
import { readWavHeader } from './render/wav-header';
import { formatTimecode } from './time';

/** What the sources need of the library: an asset by id, and where its audio lies. */
export interface AssetFiles {
  find(id: string): Asset | undefined;
  audioPath(asset: Asset): string;
}

export interface AudioSourcesDeps {
  dataDir: string;
  library: AssetFiles;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
}

export interface ResolvedSource extends RenderSource {
  title: string;
}

const CACHE_DIR = path.join('cache', 'edit', 'sources');
const NATIVE_CODECS = new Set(['pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le']);

export function assetDeleted(asset: Asset | undefined, assetId: string): StudioError {
  if (asset) {
    return new StudioError(
      'EDIT_ASSET_DELETED',
      `Bản biên tập dùng âm thanh "${asset.title}", hiện đang nằm trong thùng rác. ` +
        'Hãy khôi phục nó (Thư viện → Thùng rác → Khôi phục) rồi thử lại; bản biên tập vẫn được giữ nguyên.',
      { assetId },
    );
  }
  return new StudioError(
    'EDIT_ASSET_DELETED',
    `Bản biên tập dùng một tệp âm thanh không còn trong thư viện (mã ${assetId.slice(0, 12)}…). ` +
      'Hãy khôi phục thư mục dữ liệu từ bản sao lưu, hoặc hoàn tác/xoá phần dùng tệp đó rồi thử lại.',
    { assetId },
  );
}

export function sourceMissing(asset: Asset): StudioError {
  return new StudioError(
    'EDIT_SOURCE_MISSING',
    `Không tìm thấy tệp âm thanh của "${asset.title}" trong thư mục dữ liệu (${asset.file}). ` +
      'Có thể tệp đã bị xoá hoặc di chuyển bên ngoài studio. Hãy khôi phục thư mục dữ liệu từ bản sao lưu ' +
      'rồi mở lại bản biên tập; bản biên tập vẫn được giữ nguyên.',
    { assetId: asset.id, file: asset.file },
  );
}

export class AudioSources {
  private readonly known = new Map<string, ResolvedSource>();
  private readonly pending = new Map<string, Promise<ResolvedSource>>();

  constructor(private readonly deps: AudioSourcesDeps) {}

  get cacheDir(): string {
    return path.join(this.deps.dataDir, CACHE_DIR);
  }

  /** Relative (to the data folder) path of an asset's 48 kHz copy. */
  cachedFile(assetId: string): string {
    return path.posix.join('cache', 'edit', 'sources', `${assetId}.wav`);
  }

  /** What is wrong with an asset for rendering, without decoding anything; `null` when all is well. */
  async problem(assetId: string): Promise<EditProblem | null> {
    const asset = this.deps.library.find(assetId);
    if (!asset || asset.deletedAt !== null) {
      const e = assetDeleted(asset, assetId);
      return { code: 'EDIT_ASSET_DELETED', assetId, message: e.message };
    }
    const isFile = async (f: string) => (await stat(f).catch(() => null))?.isFile() === true;
    if (await isFile(path.join(this.deps.dataDir, this.cachedFile(assetId)))) return null;
    if (await isFile(this.deps.library.audioPath(asset))) return null;
    return { code: 'EDIT_SOURCE_MISSING', assetId, message: sourceMissing(asset).message };
  }

  /**
   * The asset as the renderer reads it; decodes it to 48 kHz first when needed (once). Throws
   * EDIT_ASSET_DELETED for an asset gone or in the trash, EDIT_SOURCE_MISSING for a lost file.
   */
  resolve(assetId: string): Promise<ResolvedSource> {
    const asset = this.deps.library.find(assetId);
    if (!asset || asset.deletedAt !== null) return Promise.reject(assetDeleted(asset, assetId));
    let p = this.pending.get(assetId);
    if (!p) {
      p = this.find(asset).finally(() => this.pending.delete(assetId));
      this.pending.set(assetId, p);
    }
    return p;
  }

  /** The known source while its file is still there (someone may delete files behind our back). */
  private async find(asset: Asset): Promise<ResolvedSource> {
    const known = this.known.get(asset.id);
    if (known && (await stat(path.join(this.deps.dataDir, known.file)).catch(() => null))?.isFile()) {
      return { ...known, title: asset.title };
    }
    this.known.delete(asset.id);
    return this.load(asset);
  }

  /** Drops the 48 kHz copy of an asset deleted for good (after any decode of it in progress). */
  async forget(assetId: string): Promise<void> {
    // A decode that failed left no copy behind; either way, the copy is removed below.
    await this.pending.get(assetId)?.catch(() => undefined);
    this.known.delete(assetId);
    await rm(path.join(this.deps.dataDir, this.cachedFile(assetId)), { force: true });
  }

  /** Resolves several assets (one decode at a time: the machine is small). */
  async resolveAll(assetIds: Iterable<string>): Promise<Map<string, ResolvedSource>> {
    const out = new Map<string, ResolvedSource>();
    for (const id of new Set(assetIds)) out.set(id, await this.resolve(id));
    return out;
  }

  private async load(asset: Asset): Promise<ResolvedSource> {
    const cachedRel = this.cachedFile(asset.id);
    const cachedAbs = path.join(this.deps.dataDir, cachedRel);
    const fromCache = await this.inspect(cachedAbs, cachedRel, asset);
    if (fromCache) {
      const now = new Date();
      // The time only orders what `prune` removes first; a copy whose time stays old is rebuilt if pruned.
      await utimes(cachedAbs, now, now).catch(() => undefined);
      return this.remember(fromCache);
    }
    const originalAbs = this.deps.library.audioPath(asset);
    if (!(await stat(originalAbs).catch(() => null))?.isFile()) throw sourceMissing(asset);
    if (
      asset.format === 'wav' &&
      NATIVE_CODECS.has(asset.codec) &&
      asset.sampleRate === EDIT_SAMPLE_RATE &&
      asset.channels <= 2
    ) {
      const native = await this.inspect(originalAbs, asset.file, asset);
      // The header must agree with what the import decoded, else the copy is the safe way.
      if (native && Math.abs(native.frames - Math.round(asset.durationSec * EDIT_SAMPLE_RATE)) <= 1) {
        return this.remember(native);
      }
    }
    await this.conform(asset, originalAbs, cachedAbs);
    const made = await this.inspect(cachedAbs, cachedRel, asset);
    if (!made) {
      throw new StudioError(
        'EDIT_RENDER_FAILED',
        `Không chuẩn bị được âm thanh của "${asset.title}" để biên tập. Hãy thử lại.`,
      );
    }
    return this.remember(made);
  }

  private remember(s: ResolvedSource): ResolvedSource {
    this.known.set(s.id, s);
    return s;
  }

  private async inspect(abs: string, rel: string, asset: Asset): Promise<ResolvedSource | null> {
    const info = await readWavHeader(abs).catch(() => null);
    if (!info || info.sampleRate !== EDIT_SAMPLE_RATE || info.channels < 1 || info.channels > 2) return null;
    if (info.formatTag !== 1 && info.formatTag !== 3) return null;
    return {
      id: asset.id,
      file: rel,
      frames: info.frames,
      channels: info.channels as 1 | 2,
      title: asset.title,
    };
  }

  /** Decodes the asset's first audio stream to 48 kHz float WAV (more than two channels: down to stereo). */
  private async conform(asset: Asset, input: string, output: string): Promise<void> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) {
      throw ffmpegMissingError('chưa mở được âm thanh để biên tập');
    }
    await mkdir(path.dirname(output), { recursive: true });
    const part = `${output}.${process.pid}.${randomUUID()}.part`;
    const channels = Math.min(2, Math.max(1, asset.channels));
    const expected = Math.round(asset.durationSec * EDIT_SAMPLE_RATE);
    this.deps.emit('edit.preparing', { assetId: asset.id, fraction: 0, done: false });
    try {
      await runFfmpeg({
        ffmpeg,
        cwd: this.deps.dataDir,
        // The first audio stream, as the import analysed it.
        inputArgs: ['-i', input],
        graph: `[0:a:0]aresample=${EDIT_SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=${channels === 1 ? 'mono' : 'stereo'}[out]\n`,
        outputArgs: [
          ...['-map', '[out]', '-c:a', 'pcm_f32le', '-rf64', 'auto'],
          ...[
            '-fflags',
            '+bitexact',
            '-flags:a',
            '+bitexact',
            '-map_metadata',
            '-1',
            '-f',
            'wav',
            '-y',
            part,
          ],
        ],
        expectedSamples: expected,
        onProgress: (fraction) =>
          this.deps.emit('edit.preparing', { assetId: asset.id, fraction, done: false }),
      });
      await rename(part, output);
    } catch (err) {
      await rm(part, { force: true });
      if (err instanceof StudioError && err.code === 'EDIT_RENDER_FAILED') {
        throw new StudioError(
          'EDIT_RENDER_FAILED',
          `Không giải mã được âm thanh của "${asset.title}" (dài ${formatTimecode(expected)}) để biên tập. ` +
            'Tệp có thể đã bị hỏng; hãy nhập lại bản gốc.',
          err.details,
        );
      }
      throw err;
    } finally {
      this.deps.emit('edit.preparing', { assetId: asset.id, fraction: 1, done: true });
    }
  }

  /**
   * Removes 48 kHz copies not used for `maxAgeDays` (their asset may be long edited), and the oldest
   * ones beyond `maxBytes`. Copies in use now are never touched.
   */
  async prune(maxAgeDays = 30, maxBytes = 20 * 1024 ** 3): Promise<number> {
    const names = await readdir(this.cacheDir).catch(() => [] as string[]);
    const files: Array<{ file: string; id: string; mtimeMs: number; size: number }> = [];
    for (const name of names) {
      const file = path.join(this.cacheDir, name);
      const s = await stat(file).catch(() => null);
      if (!s?.isFile()) continue;
      // A `.part` left by a crash.
      if (name.endsWith('.part')) {
        if (Date.now() - s.mtimeMs > 24 * 3600_000) await rm(file, { force: true });
        continue;
      }
      files.push({ file, id: name.replace(/\.wav$/, ''), mtimeMs: s.mtimeMs, size: s.size });
    }
    files.sort((a, b) => b.mtimeMs - a.mtimeMs);
    let kept = 0;
    let removed = 0;
    for (const f of files) {
      const old = Date.now() - f.mtimeMs > maxAgeDays * 24 * 3600_000;
      if ((old || kept + f.size > maxBytes) && !this.pending.has(f.id)) {
        await rm(f.file, { force: true });
        this.known.delete(f.id);
        removed++;
      } else {
        kept += f.size;
      }
    }
    return removed;
  }
}
