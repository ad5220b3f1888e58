/**
 * What the air's integration tests share: marked PCM written in real time, a listener of a tap
 * (header, chunks, the header again after a restart), and a real ffmpeg decoding what it heard.
 */
import { spawnSync } from 'node:child_process';
import type { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import type { StreamCodec } from '../../src-main/contract';
import type { EncodedChunk, EncodedTap } from '../../src-main/live/air';
import { markGenerator } from '../../src-main/live/timing-marks';
import { locateFfmpeg } from '../../src-main/media/ffmpeg-locator';

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let ffmpegPath: string | null = null;
export async function ffmpeg(): Promise<string> {
  ffmpegPath ??= (await locateFfmpeg({ settingPath: null })).found?.path ?? null;
  if (!ffmpegPath) throw new Error('ffmpeg is needed');
  return ffmpegPath;
}

/** Writes timing marks over silence as raw PCM, `leadMs` ahead of the wall clock. */
export function markedProducer(stream: PassThrough, leadMs = 200): () => void {
  const startMs = now();
  const gen = markGenerator({ startMs });
  const timer = setInterval(() => {
    const due = Math.floor(((now() - startMs + leadMs) * 48_000) / 1000) - gen.framesMade;
    if (due > 0) stream.write(gen.next(due));
  }, 10);
  return () => {
    clearInterval(timer);
    stream.end();
  };
}

/** What one listener of a tap gets: the header, then every chunk (again the header after a restart). */
export function listen(tap: EncodedTap) {
  const parts: Buffer[] = [tap.header()];
  const chunks: (EncodedChunk & { at: number })[] = [];
  let restarts = 0;
  const offChunk = tap.onChunk((c) => {
    chunks.push({ ...c, at: now() });
    parts.push(c.data);
  });
  const offRestart = tap.onRestart(() => {
    restarts++;
    parts.push(tap.header());
  });
  return {
    chunks,
    restarts: () => restarts,
    bytes: () => Buffer.concat(parts),
    stop() {
      offChunk();
      offRestart();
    },
  };
}

export async function decode(codec: StreamCodec, bytes: Buffer): Promise<Buffer> {
  const out = spawnSync(
    await ffmpeg(),
    ['-hide_banner', '-loglevel', 'error', '-f', codec === 'mp3' ? 'mp3' : 'ogg', '-i', 'pipe:0'].concat([
      '-f',
      's16le',
      '-ar',
      '48000',
      '-ac',
      '2',
      'pipe:1',
    ]),
    { input: bytes, maxBuffer: 64 * 1024 * 1024 },
  );
  expect(out.status, out.stderr.toString()).toBe(0);
  return out.stdout;
}
