/**
 * The stream server's memory of a tap: the burst a listener gets on connect is the newest audio,
 * just enough of it; old chunks are let go; chunks are handed on in batches of about batchMs; a
 * restarted Ogg stream's old pages never follow its new header.
 */
import { describe, expect, it } from 'vitest';
import type { EncodedChunk, EncodedTap } from '../../src-main/live/air/encoded-tap';
import { TapBuffer, type TapBatch } from '../../src-main/live/outputs/tap-buffer';

/** A tap driven by the test: `emit` a chunk of `ms`, `restart` the encoder. */
function drivenTap(codec: 'mp3' | 'opus') {
  const chunks = new Set<(c: EncodedChunk) => void>();
  const restarts = new Set<() => void>();
  let header = Buffer.from(codec === 'opus' ? 'OggS-head-1' : '');
  let n = 0;
  const tap: EncodedTap = {
    channel: 'main',
    codec,
    contentType: codec === 'mp3' ? 'audio/mpeg' : 'audio/ogg',
    bitrateKbps: 64,
    header: () => header,
    onChunk: (l) => (chunks.add(l), () => chunks.delete(l)),
    onRestart: (l) => (restarts.add(l), () => restarts.delete(l)),
  };
  return {
    tap,
    emit(ms: number) {
      const chunk = { data: Buffer.from(`chunk-${n++}`), mixedAt: n * ms, durationMs: ms };
      for (const l of chunks) l(chunk);
    },
    restart() {
      if (codec === 'opus') header = Buffer.from('OggS-head-2');
      for (const l of restarts) l();
    },
    listening: () => chunks.size + restarts.size,
  };
}

const names = (cs: EncodedChunk[]) => cs.map((c) => c.data.toString());

describe('TapBuffer', () => {
  it('bursts the newest chunks holding at least the asked audio, oldest first', () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap);
    expect(b.burst(120)).toEqual([]);
    for (let i = 0; i < 10; i++) t.emit(24);
    expect(names(b.burst(120))).toEqual(['chunk-5', 'chunk-6', 'chunk-7', 'chunk-8', 'chunk-9']);
    expect(names(b.burst(100))).toEqual(['chunk-5', 'chunk-6', 'chunk-7', 'chunk-8', 'chunk-9']);
    expect(names(b.burst(24))).toEqual(['chunk-9']);
    expect(b.burst(0)).toEqual([]);
    // More than is kept: all of it.
    expect(b.burst(10_000)).toHaveLength(10);
  });

  it('keeps about keepMs of audio and no more', () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap, { keepMs: 1_000 });
    for (let i = 0; i < 500; i++) t.emit(20);
    expect(b.bufferedMs).toBe(1_000);
    expect(b.burst(10_000)).toHaveLength(50);
    expect(names(b.burst(10_000)).at(-1)).toBe('chunk-499');
  });

  it('passes each chunk on; after an Ogg restart the burst starts from the new stream', () => {
    const t = drivenTap('opus');
    const b = new TapBuffer(t.tap, { batchMs: 0 });
    const seen: string[] = [];
    let restarted = 0;
    b.onBatch((batch) => seen.push(batch.data.toString()));
    b.onRestart(() => restarted++);
    t.emit(20);
    t.emit(20);
    t.restart();
    expect(restarted).toBe(1);
    expect(b.header().toString()).toBe('OggS-head-2');
    expect(b.burst(1_000)).toEqual([]);
    t.emit(20);
    expect(names(b.burst(1_000))).toEqual(['chunk-2']);
    expect(seen).toEqual(['chunk-0', 'chunk-1', 'chunk-2']);
    b.close();
    expect(t.listening()).toBe(0);
  });

  it('hands chunks on in batches of about batchMs, one shared Buffer each, numbered as they came', () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap, { batchMs: 60, batchFrom: 0 });
    const batches: TapBatch[] = [];
    b.onBatch((batch) => batches.push(batch));
    t.emit(24);
    t.emit(24);
    expect(batches).toEqual([]);
    // Not yet handed on, yet in a burst: a listener connecting now is sent them at once.
    expect(names(b.burst(1_000))).toEqual(['chunk-0', 'chunk-1']);
    expect(b.nextSeq).toBe(2);
    expect(names(b.pendingFrom(1))).toEqual(['chunk-1']);
    t.emit(24);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.data.toString()).toBe('chunk-0chunk-1chunk-2');
    expect(batches[0]!.firstSeq).toBe(0);
    expect(batches[0]!.offsets).toEqual([0, 7, 14]);
    expect(b.pendingFrom(0)).toEqual([]);
    t.emit(24);
    t.emit(24);
    t.emit(24);
    expect(batches.map((x) => x.firstSeq)).toEqual([0, 3]);
    b.close();
  });

  it('hands on what waits within batchMs should the chunks stop coming', async () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap, { batchMs: 60, batchFrom: 0 });
    const seen: string[] = [];
    b.onBatch((batch) => seen.push(batch.data.toString()));
    t.emit(24);
    expect(seen).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual(['chunk-0']);
    b.close();
  });

  it("hands the old Ogg stream's last pages on before a restart's new header", () => {
    const t = drivenTap('opus');
    const b = new TapBuffer(t.tap, { batchMs: 100, batchFrom: 0 });
    const seen: string[] = [];
    b.onBatch((batch) => seen.push(batch.data.toString()));
    b.onRestart(() => seen.push(b.header().toString()));
    t.emit(20);
    t.restart();
    t.emit(20);
    expect(seen).toEqual(['chunk-0', 'OggS-head-2']);
    b.close();
  });

  it('hands each chunk on at once while a stream has fewer than batchFrom listeners', () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap, { batchMs: 60, batchFrom: 2 });
    const seen: string[] = [];
    b.onBatch((batch) => seen.push(batch.data.toString()));
    t.emit(24);
    expect(seen).toEqual(['chunk-0']);
    b.onBatch(() => {});
    t.emit(24);
    t.emit(24);
    expect(seen).toEqual(['chunk-0']);
    t.emit(24);
    expect(seen).toEqual(['chunk-0', 'chunk-1chunk-2chunk-3']);
    b.close();
  });

  it('keeps MP3 frames across a restart (each frame stands alone)', () => {
    const t = drivenTap('mp3');
    const b = new TapBuffer(t.tap);
    t.emit(24);
    t.restart();
    expect(names(b.burst(1_000))).toEqual(['chunk-0']);
  });
});
