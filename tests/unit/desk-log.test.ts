/**
 * DeskLog's reading of the live state, step by step with a clock of its own: a relay taken off by
 * hand aired whole, a pause and an emergency for some of the item's stations are its breaks (with
 * the stations named), the schedule's own items are left to its runner.
 */
import { describe, expect, it } from 'vitest';
import type { BroadcastLogEntry, LiveSource, LiveState, LiveStationState } from '../../src-main/contract';
import type { BroadcastLogSink } from '../../src-main/broadcast-log/broadcast-log-sink';
import { DeskLog, PAUSED_BREAK } from '../../src-main/broadcast-log/desk-log';
import type { Logger } from '../../src-main/platform/logger';

function memorySink(): BroadcastLogSink & { entries: BroadcastLogEntry[] } {
  const entries: BroadcastLogEntry[] = [];
  const byId = (id: string) => entries.find((e) => e.id === id)!;
  return {
    entries,
    begin(entry) {
      const id = `e${entries.length + 1}`;
      entries.push({ ...entry, id, actualEnd: null, outcome: null, note: null, interruptions: [] });
      return id;
    },
    interrupt: (id, i) => void byId(id).interruptions.push(i),
    received: (id, stations) => void (byId(id).stations = stations),
    end(id, at, outcome, note) {
      Object.assign(byId(id), { actualEnd: at, outcome, note: note ?? null });
    },
    skipped(entry) {
      entries.push({ ...entry, id: `e${entries.length + 1}` });
      return `e${entries.length}`;
    },
  };
}

const quiet: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

const station = (code: string, over: Partial<LiveStationState> = {}): LiveStationState => ({
  code,
  name: code,
  group: null,
  targeted: true,
  inEmergency: false,
  link: 'listening',
  listeners: 1,
  bytesSent: 0,
  reconnects: 0,
  lastError: null,
  ...over,
});

const source = (over: Partial<LiveSource>): LiveSource => ({
  id: 's1',
  spec: 'url:http://vov1.example/live',
  label: 'VOV1',
  priority: 'relay',
  levelDb: 0,
  state: 'playing',
  onAir: true,
  error: null,
  reconnects: 0,
  addedBy: 'Lê Văn Cường',
  sha256: null,
  ...over,
});

const state = (over: Partial<LiveState>): LiveState => ({
  mode: 'live',
  startedAt: '2026-12-07T06:00:00.000Z',
  startedBy: 'Lê Văn Cường',
  target: { kind: 'all' },
  sources: [],
  emergency: null,
  stations: [station('XA-A'), station('XA-B')],
  outputs: [],
  ...over,
});

describe('DeskLog', () => {
  it('logs a relay by hand with its breaks, and leaves the schedule its own items', () => {
    let now = Date.parse('2026-12-07T06:00:00.000Z');
    const sink = memorySink();
    const desk = new DeskLog({
      sink,
      state: () => state({}),
      ownWriters: ['Lịch phát'],
      log: quiet,
      now: () => now,
    });
    const scheduled = source({ id: 's2', addedBy: 'Lịch phát', spec: 'programme:p1' });
    desk.onState(state({ sources: [source({}), scheduled] }));
    expect(sink.entries).toHaveLength(1);
    expect(sink.entries[0]).toMatchObject({ kind: 'relay', title: 'VOV1', startedBy: 'Lê Văn Cường' });

    now += 10_000;
    desk.onState(state({ sources: [source({ state: 'paused', onAir: false }), scheduled] }));
    now += 5_000;
    desk.onState(state({ sources: [source({}), scheduled] }));
    // An emergency for XA-B only: the relay still plays at XA-A.
    now += 5_000;
    desk.onState(
      state({
        mode: 'emergency',
        sources: [
          source({}),
          source({ id: 'em', spec: 'file:/bao.wav', label: 'Bão', priority: 'emergency' }),
        ],
        emergency: {
          id: 'x',
          startedAt: new Date(now).toISOString(),
          startedBy: 'Lê Văn Cường',
          target: { kind: 'stations', codes: ['XA-B'] },
          codes: ['XA-B'],
          sourceId: 'em',
          spec: 'file:/bao.wav',
        },
        stations: [station('XA-A'), station('XA-B', { inEmergency: true })],
      }),
    );
    expect(sink.entries.map((e) => e.kind)).toEqual(['relay', 'emergency']);
    expect(sink.entries[1]).toMatchObject({ stations: [{ code: 'XA-B', seconds: 0 }] });
    now += 4_000;
    desk.onState(state({ sources: [source({})] }));
    now += 1_000;
    desk.onState(state({ sources: [] }));

    const [relay, emergency] = sink.entries;
    expect(relay!.interruptions).toEqual([
      { at: '2026-12-07T06:00:10.000Z', seconds: 5, reason: PAUSED_BREAK },
      { at: '2026-12-07T06:00:20.000Z', seconds: 4, reason: 'Bị phát khẩn cấp chen ngang ở cụm thu XA-B.' },
    ]);
    // Taken off by hand: a relay has no end of its own, it aired.
    expect(relay).toMatchObject({ outcome: 'aired', actualEnd: '2026-12-07T06:00:25.000Z', note: null });
    // Heard (sampled at each state): XA-A all but the pause, XA-B all but the pause and the emergency.
    expect(relay!.stations).toEqual([
      { code: 'XA-A', seconds: 20 },
      { code: 'XA-B', seconds: 16 },
    ]);
    expect(emergency).toMatchObject({ outcome: 'interrupted', stations: [{ code: 'XA-B', seconds: 4 }] });
    desk.close();
  });
});
