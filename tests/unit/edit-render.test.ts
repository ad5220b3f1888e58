import { describe, expect, it } from 'vitest';
import { EDIT_JUNCTION_FADE_SAMPLES } from '../../src-main/contract';
import { applyOp, initialDocument } from '../../src-main/edit/model';
import { compileDocument } from '../../src-main/audio/render/compile';
import { escapeValue, FilterGraph, num } from '../../src-main/audio/render/filter-graph';
import { buildRenderGraph, normalizeStage, outputArgs } from '../../src-main/audio/render/renderer';
import type { RenderSource } from '../../src-main/audio/render/timeline-graph';
import { parseWavHeader } from '../../src-main/audio/render/wav-header';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const sources = new Map<string, RenderSource>([
  [A, { id: A, file: 'library/aa/a.wav', frames: 480_000, channels: 1 }],
  [B, { id: B, file: 'cache/edit/sources/b.wav', frames: 96_000, channels: 2 }],
]);
const F = EDIT_JUNCTION_FADE_SAMPLES;

describe('filter graph text', () => {
  it('escapes option values for both levels of ffmpeg parsing', () => {
    expect(escapeValue('library/ab/x.wav')).toBe('library/ab/x.wav');
    expect(escapeValue('C:/a b')).toBe('C\\\\:/a b');
    expect(escapeValue("it's")).toBe("it\\\\\\'s");
    expect(escapeValue('a,b;c[d]')).toBe('a\\,b\\;c\\[d\\]');
  });

  it('writes numbers ffmpeg reads exactly, never in exponent notation', () => {
    expect(num(0.5)).toBe('0.5');
    expect(num(1e-7)).toBe('0.0000001');
    expect(num(-0)).toBe('0');
    expect(() => num(Infinity)).toThrow();
  });

  it('labels links uniquely and joins one stream without a concat', () => {
    const g = new FilterGraph();
    const a = g.source(['anullsrc']);
    expect(g.concat([a])).toBe(a);
    const b = g.source(['anullsrc']);
    const j = g.concat([a, b]);
    expect(g.toScript()).toBe(`anullsrc[${a}];\nanullsrc[${b}];\n[${a}][${b}]concat=n=2:v=0:a=1[${j}]\n`);
  });
});

describe('compiling an edit list', () => {
  it('merges clips that follow each other in their source, and fades only real cut edges', () => {
    let doc = initialDocument(A, 480_000);
    doc = applyOp(doc, { type: 'split', at: 100_000 });
    doc = applyOp(doc, { type: 'delete', start: 200_000, end: 300_000, cut: true });
    const tl = compileDocument(doc, sources);
    expect(tl.length).toBe(380_000);
    expect(tl.channels).toBe(1);
    expect(tl.runs).toEqual([
      { kind: 'audio', source: sources.get(A), sourceStart: 0, sourceEnd: 200_000, fadeIn: 0, fadeOut: F },
      {
        kind: 'audio',
        source: sources.get(A),
        sourceStart: 300_000,
        sourceEnd: 480_000,
        fadeIn: F,
        fadeOut: 0,
      },
    ]);
  });

  it('renders stereo when any clip is stereo, and inserts a whole asset without fades at its own ends', () => {
    const doc = applyOp(initialDocument(A, 480_000), {
      type: 'insert',
      at: 240_000,
      clips: [{ assetId: B, sourceStart: 0, sourceEnd: 96_000 }],
      effects: [],
      source: 'asset',
      title: 'Nhạc hiệu',
    });
    const tl = compileDocument(doc, sources);
    expect(tl.channels).toBe(2);
    expect(tl.runs.map((r) => (r.kind === 'audio' ? [r.fadeIn, r.fadeOut] : []))).toEqual([
      [0, F],
      [0, 0],
      [F, 0],
    ]);
    const script = buildRenderGraph(tl, null).graph.toScript();
    expect(script).toContain('pan=stereo|c0=c0|c1=c0');
    expect(script).toContain('amovie=filename=cache/edit/sources/b.wav:f=wav');
  });

  it('cuts a window out exactly, turning a junction fade the window cuts into a partial fade', () => {
    const doc = applyOp(initialDocument(A, 480_000), {
      type: 'delete',
      start: 100_000,
      end: 200_000,
      cut: false,
    });
    // The junction is at 100 000: fade out over [99 880, 100 000), fade in over [100 000, 100 120).
    const tl = compileDocument(doc, sources, { start: 99_940, end: 100_060 });
    expect(tl.length).toBe(120);
    expect(tl.runs).toEqual([
      {
        kind: 'audio',
        source: sources.get(A),
        sourceStart: 99_940,
        sourceEnd: 100_000,
        fadeIn: 0,
        fadeOut: 0,
      },
      {
        kind: 'audio',
        source: sources.get(A),
        sourceStart: 200_000,
        sourceEnd: 200_060,
        fadeIn: 0,
        fadeOut: 0,
      },
    ]);
    expect(tl.effects).toEqual([
      { id: 'jout', kind: 'fade', direction: 'out', curve: 'scurve', start: 0, end: 60, from: 0.5, to: 1 },
      { id: 'jin', kind: 'fade', direction: 'in', curve: 'scurve', start: 60, end: 120, from: 0, to: 0.5 },
    ]);
  });

  it('cuts the timeline at every effect boundary and seeks each clip a little before it', () => {
    let doc = initialDocument(A, 480_000);
    doc = applyOp(doc, { type: 'gain', start: 48_000, end: 96_000, gainDb: -6, rampSamples: 480 });
    doc = applyOp(doc, { type: 'delete', start: 200_000, end: 300_000, cut: false });
    const script = buildRenderGraph(compileDocument(doc, sources), null).graph.toScript();
    expect(script).toContain('asegment=samples=48000|48480|95520|96000');
    expect(script).toContain('atrim=start_pts=300000:end_pts=480000');
    // 300 000 samples is 6.25 s; the seek goes 50 ms earlier.
    expect(script).toContain(':sp=6.2,');
    expect(script).toContain('volume=0.501187');
  });
});

describe('normalisation', () => {
  it('corrects by gain alone when the peaks stay under the ceiling, and limits only when they would not', () => {
    const target = { targetLufs: -23, truePeakDbtp: -1 };
    expect(normalizeStage({ integratedLufs: -30, truePeakDbtp: -12 }, target)).toEqual({
      gainDb: 7,
      limiterLimit: null,
    });
    const hot = normalizeStage({ integratedLufs: -30, truePeakDbtp: -3 }, target);
    expect(hot.gainDb).toBe(7);
    expect(hot.limiterLimit).toBeCloseTo(10 ** (-2 / 20), 5);
    expect(normalizeStage({ integratedLufs: null, truePeakDbtp: null }, target)).toEqual({
      gainDb: 0,
      limiterLimit: null,
    });
  });

  it('writes WAV and MP3 with bit-exact flags and no metadata', () => {
    expect(outputArgs('o', { format: 'wav', bitDepth: 24 }, '/x.wav')).toEqual([
      ...['-map', '[o]', '-c:a', 'pcm_s24le', '-fflags', '+bitexact', '-flags:a', '+bitexact'],
      ...['-map_metadata', '-1', '-rf64', 'auto', '-f', 'wav', '-y', '/x.wav'],
    ]);
    expect(outputArgs('o', { format: 'mp3', bitrateKbps: 128 }, '/x.mp3')).toContain('128k');
  });
});

function wav(opts: {
  tag?: number;
  extensible?: boolean;
  dataSize?: number;
  frames: number;
  rf64?: boolean;
}): Buffer {
  const channels = 2;
  const bits = 16;
  const blockAlign = channels * (bits / 8);
  const bytes = opts.frames * blockAlign;
  const fmtBody = Buffer.alloc(opts.extensible ? 40 : 16);
  fmtBody.writeUInt16LE(opts.extensible ? 0xfffe : (opts.tag ?? 1), 0);
  fmtBody.writeUInt16LE(channels, 2);
  fmtBody.writeUInt32LE(48_000, 4);
  fmtBody.writeUInt32LE(48_000 * blockAlign, 8);
  fmtBody.writeUInt16LE(blockAlign, 12);
  fmtBody.writeUInt16LE(bits, 14);
  if (opts.extensible) {
    fmtBody.writeUInt16LE(22, 16);
    fmtBody.writeUInt16LE(opts.tag ?? 1, 24);
  }
  const chunk = (id: string, body: Buffer, size = body.length) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(size, 4);
    return Buffer.concat([h, body]);
  };
  const parts = [
    Buffer.from(opts.rf64 ? 'RF64' : 'RIFF', 'latin1'),
    Buffer.alloc(4),
    Buffer.from('WAVE', 'latin1'),
  ];
  if (opts.rf64) {
    const ds64 = Buffer.alloc(28);
    ds64.writeBigUInt64LE(BigInt(bytes), 8);
    parts.push(chunk('ds64', ds64));
  }
  parts.push(chunk('fmt ', fmtBody), chunk('LIST', Buffer.alloc(6)));
  parts.push(chunk('data', Buffer.alloc(bytes), opts.dataSize ?? bytes));
  return Buffer.concat(parts);
}

describe('WAV headers', () => {
  it('finds the samples in plain, extensible and RF64 files, and in a header a crash left unfinished', () => {
    for (const opts of [
      { frames: 100 },
      { frames: 100, extensible: true, tag: 3 },
      { frames: 100, rf64: true, dataSize: 0xffffffff },
      { frames: 100, dataSize: 0 },
    ]) {
      const buf = wav(opts);
      const info = parseWavHeader(buf, buf.length);
      expect(info?.frames).toBe(100);
      expect(info?.formatTag).toBe(opts.tag ?? 1);
      expect(info?.dataOffset).toBe(buf.length - 400);
      expect(info?.sampleRate).toBe(48_000);
    }
    expect(parseWavHeader(Buffer.from('not a wav at all'), 16)).toBeNull();
  });
});
