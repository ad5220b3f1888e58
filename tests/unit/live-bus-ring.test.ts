/** The bus's rings and source specs: what crosses threads must come out byte for byte. */
import { describe, expect, it } from 'vitest';
import { formatSourceSpec, parseSourceSpec, PcmRing } from '../../src-main/live/bus';

describe('PcmRing', () => {
  it('keeps bytes in order across the wrap, refuses what does not fit, and says when it ended', () => {
    const ring = PcmRing.create(10); // holds 9
    expect(ring.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7]))).toBe(7);
    const out = new Uint8Array(5);
    expect(ring.read(out)).toBe(5);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5]);
    // 2 left; 7 free; the write wraps past the end of the buffer.
    expect(ring.write(new Uint8Array([8, 9, 10, 11, 12, 13, 14, 15]))).toBe(7);
    expect(ring.space()).toBe(0);
    expect(ring.available()).toBe(9);
    const all = new Uint8Array(12);
    expect(ring.read(all)).toBe(9);
    expect(Array.from(all.subarray(0, 9))).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(ring.ended).toBe(false);
    ring.end();
    expect(new PcmRing(ring.buffer).ended).toBe(true);
  });
});

describe('source specs', () => {
  it('parses the four kinds and refuses anything else', () => {
    for (const text of [
      'pcm:-',
      'file:/tmp/a b.wav',
      'url:http://example.org/live.mp3',
      'mic',
      'mic:hw:1,0',
    ]) {
      expect(formatSourceSpec(parseSourceSpec(text))).toBe(text);
    }
    expect(parseSourceSpec('file:/tmp/x.mp3')).toEqual({ kind: 'file', path: '/tmp/x.mp3' });
    for (const bad of ['pcm:0', 'file:', 'url:ftp://x', 'mic:', 'tone']) {
      expect(() => parseSourceSpec(bad)).toThrow(/is not a source/);
    }
  });
});
