/** The mixer's lanes and graph, and the CLI's reading of --out, without running ffmpeg. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgrammeItem, ProgrammeTrack } from '../../src-main/contract';
import { outputsFor } from '../../src-main/cli/commands/render';
import { FilterGraph, runLength, type NormalizeStage, type RenderTimeline } from '../../src-main/audio';
import { buildLanes, itemEffects, mixInput, type ProgrammeLane } from '../../src-main/programme/render/mix';
import type { PreparedItem } from '../../src-main/programme/sources';
import { S, testItem } from '../support/programme';

const voice: ProgrammeTrack = { id: 't1', kind: 'voice', name: 'Giọng đọc', gainDb: -2, muted: false };
const bed: ProgrammeTrack = { id: 't2', kind: 'bed', name: 'Nhạc nền', gainDb: 0, muted: false };

function prepared(
  track: ProgrammeTrack,
  id: string,
  start: number,
  length: number,
  fields: Partial<ProgrammeItem> = {},
  cut: [boolean, boolean] = [false, false],
  stage: NormalizeStage | null = null,
): PreparedItem {
  const item = testItem({
    id,
    trackId: track.id,
    title: id,
    start,
    sourceEnd: length,
    fadeCurve: 'lin',
    language: track.kind === 'voice' ? 'vie' : null,
    ...fields,
  });
  const timeline: RenderTimeline = {
    channels: 1,
    length,
    runs: [
      {
        kind: 'audio',
        source: { id, file: `${id}.wav`, frames: length, channels: 1 },
        sourceStart: 0,
        sourceEnd: length,
        fadeIn: 0,
        fadeOut: 0,
      },
    ],
    effects: [],
  };
  return { item, track, timeline, cutStart: cut[0], cutEnd: cut[1], stage };
}

const total = (tl: RenderTimeline) => tl.runs.reduce((n, r) => n + runLength(r), 0);

describe('an item’s own effects', () => {
  it('gain of item and track, fades, junction fades where the item cuts into its source, crossfades', () => {
    const p = prepared(voice, 'i1', 0, S, { gainDb: 5, fadeOut: 4800 }, [true, true]);
    expect(itemEffects(p, 0, 2400)).toEqual([
      {
        id: 'g',
        kind: 'gain',
        points: [
          { at: 0, gainDb: 3 },
          { at: S, gainDb: 3 },
        ],
      },
      { id: 'fin', kind: 'fade', direction: 'in', curve: 'scurve', start: 0, end: 120, from: 0, to: 1 },
      { id: 'fout', kind: 'fade', direction: 'out', curve: 'lin', start: S - 4800, end: S, from: 0, to: 1 },
      {
        id: 'fout',
        kind: 'fade',
        direction: 'out',
        curve: 'scurve',
        start: S - 2400,
        end: S,
        from: 0,
        to: 1,
      },
    ]);
    expect(itemEffects(prepared(bed, 'i2', 0, S), 0, 0)).toEqual([]);
  });
});

describe('lanes', () => {
  it('lays each track out as long as the programme, crossfading items on two lanes, the bed ducked', () => {
    const items = [
      prepared(voice, 'i1', 4800, S),
      prepared(voice, 'i2', S + 4800 - 2400, S, { crossfade: 2400 }),
      prepared(voice, 'i3', 3 * S, S / 2),
      prepared(bed, 'i4', 0, 4 * S),
    ];
    const envelope = [
      { at: 0, gainDb: -12 },
      { at: S, gainDb: -12 },
    ];
    const lanes = buildLanes(items, ['t1', 't2', 't3'], 4 * S, 2, envelope);
    expect(lanes).toHaveLength(3);
    for (const lane of lanes) {
      expect(lane.length).toBe(4 * S);
      expect(total(lane)).toBe(4 * S);
      expect(lane.channels).toBe(2);
    }
    const [a, b, music] = lanes as [ProgrammeLane, ProgrammeLane, ProgrammeLane];
    // Lane A: silence, i1, silence, i3, silence; lane B: silence, i2, silence.
    expect(a.runs.map((r) => (r.kind === 'audio' ? r.source.id : r.length))).toEqual([
      4800,
      'i1',
      3 * S - (S + 4800),
      'i3',
      S / 2,
    ]);
    expect(b.runs.map((r) => (r.kind === 'audio' ? r.source.id : r.length))).toEqual([
      S + 2400,
      'i2',
      4 * S - (2 * S + 2400),
    ]);
    // The crossfade: i1 fades out over the overlap, i2 fades in over it (in programme positions).
    expect(a.effects).toContainEqual(
      expect.objectContaining({ kind: 'fade', direction: 'out', start: S + 2400, end: S + 4800 }),
    );
    expect(b.effects).toContainEqual(
      expect.objectContaining({ kind: 'fade', direction: 'in', start: S + 2400, end: S + 4800 }),
    );
    expect(music.effects).toEqual([{ id: 'duck', kind: 'gain', points: envelope }]);
    expect(a.effects.some((e) => e.id === 'duck')).toBe(false);
  });

  it('are summed by amix without normalising (a plain sum)', () => {
    const lanes = buildLanes(
      [prepared(voice, 'i1', 0, S), prepared(bed, 'i2', 0, S)],
      ['t1', 't2'],
      S,
      1,
      [],
    );
    const graph = new FilterGraph();
    const out = mixInput(lanes, S).build(graph);
    expect(graph.toScript()).toContain(
      `amix=inputs=2:duration=longest:dropout_transition=0:normalize=0[${out}]`,
    );
    const single = new FilterGraph();
    mixInput(lanes.slice(0, 1), S).build(single);
    expect(single.toScript()).not.toContain('amix');
  });
});

describe('an item made of a normalised edit', () => {
  it('takes the edit’s loudness gain as one more gain of the item', () => {
    const p = prepared(voice, 'i1', 0, S, { gainDb: 1 }, [false, false], { gainDb: 6.5, limiterLimit: null });
    expect(itemEffects(p, 0, 0)).toEqual([
      {
        id: 'g',
        kind: 'gain',
        points: [
          { at: 0, gainDb: 5.5 },
          { at: S, gainDb: 5.5 },
        ],
      },
    ]);
    const lanes = buildLanes([p, prepared(voice, 'i2', S, S)], ['t1'], 2 * S, 1, []);
    expect(lanes).toHaveLength(1);
    expect(lanes[0]?.post).toBeNull();
  });

  it('with a limiter: a lane of its own, through the stage and then the item’s own gain', () => {
    const stage = { gainDb: 9, limiterLimit: 0.794328 };
    const items = [
      prepared(voice, 'i1', 0, S, { gainDb: 1 }, [false, false], stage),
      prepared(voice, 'i2', 2 * S, S),
    ];
    const lanes = buildLanes(items, ['t1'], 3 * S, 1, []);
    expect(lanes.map((l) => l.post)).toEqual([{ stage, gainDb: -1 }, null]);
    expect(lanes[0]?.effects.some((e) => e.kind === 'gain')).toBe(false);
    const graph = new FilterGraph();
    mixInput(lanes, 3 * S).build(graph);
    const script = graph.toScript();
    expect(script).toMatch(/volume=2\.8183\d*,alimiter=limit=0\.794328:[^\n]*\n?.*volume=0\.8912/s);
  });
});

describe('studio render --out', () => {
  it('.wav writes the broadcast set beside it; .mp3 and .opus only themselves', () => {
    const set = outputsFor(path.resolve('/srv/ban-tin.wav'));
    expect(set.files).toEqual([
      { format: 'wav', file: path.resolve('/srv/ban-tin.wav') },
      { format: 'mp3', file: path.resolve('/srv/ban-tin.mp3') },
      { format: 'opus', file: path.resolve('/srv/ban-tin.opus') },
    ]);
    expect(set).toMatchObject({ mp3Kbps: 192, opusKbps: 64, wavBitDepth: 24 });
    expect(outputsFor('/srv/x.MP3').files).toEqual([{ format: 'mp3', file: '/srv/x.MP3' }]);
    expect(outputsFor('/srv/x.opus').files).toEqual([{ format: 'opus', file: '/srv/x.opus' }]);
    expect(() => outputsFor('/srv/x.flac')).toThrow(/\.wav/);
  });
});
