/**
 * A relay of an Icecast mount (Ogg/Opus, named `icecast://`), from a real icecast2 with Debian's
 * burst on connect (64 KB: seconds of audio at once to a newcomer): the relay holds the burst to
 * its half-second ring (the rest is dropped, once, at the start) and then follows the mount live,
 * every second's mark in turn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { feedMount, startIcecast } from '../support/icecast';
import { expectInOrder, latencies, relayOnBus, until } from '../support/relay-on-bus';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('a relay of an Icecast mount on the live bus', () => {
  it("relays an Icecast mount's Ogg/Opus (icecast://), its burst on connect held to the relay's ring", async () => {
    const icecast = await startIcecast(); // Debian's burst: 64 KB, seconds of audio at once
    cleanup.push(() => icecast.close());
    const feed = await feedMount(icecast, '/tinh.opus', { codec: 'opus' });
    cleanup.push(() => feed.close());
    await sleep(2500); // the mount's queue holds seconds of audio to burst to a newcomer
    const url = icecast.url('/tinh.opus').replace(/^http:/, 'icecast:');
    const { marks, events, id } = await relayOnBus(url, (c) => cleanup.push(c));
    await until('the relay is up', () => events.some((e) => e.type === 'link' && e.state === 'up'), 8000);
    await until('six marks', () => marks.length >= 6, 12_000);
    // The burst's first half second plays, the rest of it is dropped (a jump once, at the start):
    // from then on the relay follows the mount live, every second in turn.
    expectInOrder(marks.slice(-4), 4);
    const ms = latencies(marks.slice(-4));
    console.log(
      `relay of an Icecast Opus mount: marks ${marks.map((m) => m.digit).join(' ')}; source → bus latency ${ms.map((m) => Math.round(m)).join(', ')} ms`,
    );
    // The burst is not played as a backlog: no more than the ring's half second on top of the way.
    expect(ms.at(-1)!).toBeLessThan(2000);
    expect(events.filter((e) => e.id === id && (e.type === 'error' || e.type === 'ended'))).toEqual([]);
  }, 30_000);
});
