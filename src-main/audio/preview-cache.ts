/**
 * The preview cache: renders played in the studio (the editor's previews, the programme mixer's),
 * each a 16-bit WAV with its peaks in `<data>/cache/edit/previews/`, named by what decides its audio.
 * One render per preview id at a time, however many callers wait for it (two windows, the mixer);
 * it stops only when every one of them has cancelled. The newest previews are kept, by last use.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ERROR_MESSAGES, StudioError, type EditSamples, type PeaksResult } from '../contract';
import { PeakBuilder, peaksResult, readPeaksSlice, writePeaksFile, type PeaksQuery } from './peaks';
import { renderToFile, type RenderInput } from './render/renderer';
import { renderEnv } from './render/run-graph';
import { RENDER_VERSION, sha256 } from './render/timeline-key';
import type { NormalizeStage } from './render/timeline-graph';
import { readWavHeader } from './render/wav-header';

export interface PreviewCacheDeps {
  dataDir: string;
  resolveFfmpeg: () => Promise<string | null>;
  /** Previews kept in the cache (the oldest go first). */
  keep?: number;
}

/** One preview render and how many callers still wait for it. */
interface SharedRender {
  done: Promise<void>;
  controller: AbortController;
  waiting: number;
}

const GONE = 'Bản nghe thử này không còn trong bộ nhớ đệm (có thể đã được dọn). Hãy tạo lại bản nghe thử.';

export class PreviewCache {
  /** Renders under way, by preview id. */
  private readonly renders = new Map<string, SharedRender>();

  constructor(private readonly deps: PreviewCacheDeps) {}

  private get dir(): string {
    return path.join(this.deps.dataDir, 'cache', 'edit', 'previews');
  }

  /**
   * Renders any input into the cache (16-bit WAV and its peaks), once per `key` (what decides the
   * audio, for example `timelineKey`) and loudness stage; resolves when it is ready.
   */
  async render(
    key: string,
    input: RenderInput,
    normalize: NormalizeStage | null,
    onProgress?: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ previewId: string; cached: boolean }> {
    const previewId = sha256(
      JSON.stringify({ v: RENDER_VERSION, kind: 'preview-wav16', tl: key, normalize }),
    );
    const wav = path.join(this.dir, `${previewId}.wav`);
    const peaksFile = path.join(this.dir, `${previewId}.peaks`);
    if (existsSync(wav) && existsSync(peaksFile)) {
      const t = new Date();
      // The time only orders what `prune` removes first.
      await utimes(wav, t, t).catch(() => undefined);
      return { previewId, cached: true };
    }
    let shared = this.renders.get(previewId);
    // A render every caller has cancelled is still stopping: a new caller gets a render of its own.
    if (!shared || shared.controller.signal.aborted) {
      const controller = new AbortController();
      const done = this.renderFile(input, normalize, wav, peaksFile, onProgress, controller.signal);
      const started: SharedRender = { done, controller, waiting: 0 };
      void done
        // Its callers get its error through waitForShared; here it only leaves the table.
        .catch(() => undefined)
        .finally(() => {
          if (this.renders.get(previewId) === started) this.renders.delete(previewId);
        });
      shared = started;
      this.renders.set(previewId, shared);
    }
    await waitForShared(shared, signal);
    void this.prune();
    return { previewId, cached: false };
  }

  private async renderFile(
    input: RenderInput,
    normalize: NormalizeStage | null,
    wav: string,
    peaksFile: string,
    onProgress: ((fraction: number) => void) | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tag = `${process.pid}.${randomUUID()}`;
    const wavPart = `${wav}.${tag}.part`;
    const peaksPart = `${peaksFile}.${tag}.part`;
    try {
      const env = await renderEnv(this.deps.resolveFfmpeg, this.deps.dataDir);
      await renderToFile(env, input, normalize, { format: 'wav', bitDepth: 16 }, wavPart, {
        onProgress,
        signal,
      });
      await writePeaksFile(peaksPart, await peaksOfWav(wavPart));
      await rename(peaksPart, peaksFile);
      await rename(wavPart, wav);
    } catch (err) {
      await rm(wavPart, { force: true });
      await rm(peaksPart, { force: true });
      throw err;
    }
  }

  /** The preview's audio file, for the hosts' media route; `null` when there is no such preview. */
  file(previewId: string): string | null {
    if (!/^[0-9a-f]{64}$/.test(previewId)) return null;
    const file = path.join(this.dir, `${previewId}.wav`);
    return existsSync(file) ? file : null;
  }

  async peaks(previewId: string, q: PeaksQuery): Promise<PeaksResult> {
    const slice = await readPeaksSlice(path.join(this.dir, `${previewId}.peaks`), q).catch(() => null);
    if (!slice) throw new StudioError('EDIT_NOT_FOUND', GONE);
    return peaksResult(slice, previewId, slice.header.totalFrames / slice.header.sampleRate);
  }

  /**
   * Sample values of a cached preview, read by byte range from its 16-bit WAV (never the whole
   * file): `count` frames from `startSample`, fewer at the end; with `int16`, the integers as stored.
   */
  async samples(previewId: string, startSample: number, count: number, int16 = false): Promise<EditSamples> {
    const file = this.file(previewId);
    const info = file ? await readWavHeader(file).catch(() => null) : null;
    if (!file || !info) throw new StudioError('EDIT_NOT_FOUND', GONE);
    if (info.formatTag !== 1 || info.bitsPerSample !== 16) {
      throw new StudioError(
        'EDIT_RENDER_FAILED',
        'Bản nghe thử không phải âm thanh 16-bit. Hãy tạo lại bản nghe thử.',
      );
    }
    const start = Math.min(startSample, info.frames);
    const frames = Math.max(0, Math.min(count, info.frames - start));
    const channels = info.channels;
    const out = Array.from({ length: channels }, () => new Array<number>(frames));
    const scale = int16 ? 1 : 32768;
    if (frames > 0) {
      const buf = Buffer.alloc(frames * info.blockAlign);
      const fh = await open(file, 'r');
      try {
        await fh.read(buf, 0, buf.length, info.dataOffset + start * info.blockAlign);
      } finally {
        await fh.close();
      }
      for (let i = 0; i < frames; i++) {
        const base = i * info.blockAlign;
        for (let c = 0; c < channels; c++) out[c]![i] = buf.readInt16LE(base + 2 * c) / scale;
      }
    }
    return {
      previewId,
      startSample: start,
      channels,
      sampleRate: info.sampleRate,
      totalSamples: info.frames,
      samples: out,
    };
  }

  /** Keeps the newest previews (by last use) and removes the rest. */
  private async prune(): Promise<void> {
    const keep = this.deps.keep ?? 40;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const wavs: Array<{ id: string; mtimeMs: number }> = [];
    for (const n of names) {
      const m = /^([0-9a-f]{64})\.wav$/.exec(n);
      if (!m?.[1]) continue;
      const s = await stat(path.join(this.dir, n)).catch(() => null);
      if (s) wavs.push({ id: m[1], mtimeMs: s.mtimeMs });
    }
    wavs.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const w of wavs.slice(keep)) {
      if (this.renders.has(w.id)) continue;
      await rm(path.join(this.dir, `${w.id}.wav`), { force: true });
      await rm(path.join(this.dir, `${w.id}.peaks`), { force: true });
    }
  }
}

/** Waveform peaks of a 16-bit WAV, computed by the library's own peak builder. */
async function peaksOfWav(file: string) {
  const info = await readWavHeader(file);
  if (!info || info.bitsPerSample !== 16 || info.formatTag !== 1) {
    throw new StudioError('EDIT_RENDER_FAILED', 'Bản nghe thử vừa dựng không đọc lại được. Hãy thử lại.');
  }
  const builder = new PeakBuilder(info.sampleRate, info.channels, info.frames / info.sampleRate);
  if (info.dataBytes > 0) {
    const stream = createReadStream(file, {
      start: info.dataOffset,
      end: info.dataOffset + info.dataBytes - 1,
    });
    for await (const chunk of stream) builder.push(chunk as Buffer);
  }
  return builder.finish();
}

/**
 * Waits for a shared render as one of its callers. A caller that cancels stops waiting at once
 * (CANCELLED); the render itself stops when the last caller waiting for it has cancelled.
 */
function waitForShared(shared: SharedRender, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new StudioError('CANCELLED', DEFAULT_ERROR_MESSAGES.CANCELLED);
  shared.waiting++;
  return new Promise<void>((resolve, reject) => {
    // Each caller stops waiting once: by its cancel or by the render's end, whichever comes first.
    let waiting = true;
    const stopWaiting = () => {
      if (!waiting) return false;
      waiting = false;
      shared.waiting--;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = () => {
      if (!stopWaiting()) return;
      if (shared.waiting === 0) shared.controller.abort();
      reject(new StudioError('CANCELLED', DEFAULT_ERROR_MESSAGES.CANCELLED));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    shared.done.then(
      () => stopWaiting() && resolve(),
      (err: unknown) => stopWaiting() && reject(err),
    );
  });
}
