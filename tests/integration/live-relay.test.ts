/**
 * A relay (tiếp sóng) on the live bus: a real HTTP MP3 stream carrying timing marks (the simplest
 * server, a real ffmpeg encoding in real time) is read by the relay's ffmpeg into the bus, and
 * the bus's programme is listened to: every second's mark comes out, in order, a second apart.
 * Then the upstream dies and comes back on the same address: the relay says it lost the link
 * (in Vietnamese, with its next attempt), reconnects by itself and the marks come out again.
 */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startMarkedStreamServer, type MarkedStreamServer } from '../support/marked-stream-server';
import { commandLine, descendants } from '../support/process-tree';
import { expectInOrder, latencies, relayOnBus, until } from '../support/relay-on-bus';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function upstream(port?: number): Promise<MarkedStreamServer> {
  const server = await startMarkedStreamServer({ codec: 'mp3', bitrate: '64k', port });
  let closed = false;
  cleanup.push(async () => {
    if (!closed) await server.close();
  });
  const close = server.close.bind(server);
  server.close = async () => {
    closed = true;
    await close();
  };
  return server;
}

function relayProcesses(url: string): number[] {
  return descendants(process.pid).filter((pid) => commandLine(pid).includes(url));
}

describe('a relay of an HTTP stream on the live bus', () => {
  it("plays the upstream's marks in order, a second apart", async () => {
    const server = await upstream();
    const { marks, events, id } = await relayOnBus(server.url, (c) => cleanup.push(c));
    await until('the relay is up', () => events.some((e) => e.type === 'link' && e.state === 'up'), 8000);
    await until('five marks', () => marks.length >= 5, 9000);
    expectInOrder(marks, 5);
    const ms = latencies(marks);
    console.log(`relay: source → bus latency ${ms.map((m) => Math.round(m)).join(', ')} ms`);
    // Well inside a second: nothing on the way holds more than the relay's half-second ring.
    expect(ms.at(-1)!).toBeLessThan(1500);
    const underruns = events.filter((e) => e.type === 'underrun').length;
    console.log(`relay: ${underruns} underruns (load ${os.loadavg()[0]!.toFixed(1)})`);
    expect(events.filter((e) => e.id === id && (e.type === 'error' || e.type === 'ended'))).toEqual([]);
    expect(relayProcesses(server.url)).toHaveLength(1);
  }, 30_000);

  it('reconnects by itself when the upstream dies and comes back, and says so', async () => {
    const first = await upstream();
    const port = Number(new URL(first.url).port);
    const { bus, marks, events, eventAt, id } = await relayOnBus(first.url, (c) => cleanup.push(c));
    await until('marks before the cut', () => marks.length >= 2, 10_000);

    await first.close();
    const cutAt = now();
    await until(
      'the relay says it lost the link',
      () => events.some((e) => e.type === 'link' && e.state === 'down'),
      6000,
    );
    const down = events.find((e) => e.type === 'link' && e.state === 'down');
    expect(down).toMatchObject({ id, reconnects: 0 });
    if (down?.type !== 'link') throw new Error('unreachable');
    expect(down.error).toContain(`Mất nguồn tiếp sóng http://127.0.0.1:${port}/stream`);
    expect(down.error).toMatch(/thử lại sau [\d,]+ giây/);
    await sleep(1000); // down for a while: attempts fail (connection refused) and back off

    const second = await upstream(port);
    const backAt = now();
    await until(
      'the relay is up again',
      () => events.some((e) => e.type === 'link' && e.state === 'up' && e.reconnects === 1),
      8000,
    );
    const up = events.findLast((e) => e.type === 'link' && e.state === 'up')!;
    const failed = events.filter((e) => e.type === 'link' && e.state === 'down').length;
    console.log(
      `relay: upstream down ${Math.round(backAt - cutAt)} ms, ${failed} failed attempts, ` +
        `audio again ${Math.round(eventAt.get(up)! - backAt)} ms after it came back`,
    );
    const after = () => marks.filter((m) => m.heardMs > backAt);
    await until('marks after the upstream came back', () => after().length >= 3, 10_000);
    // Each is the upstream's second of now, heard well within a second and a half: live audio
    // again, not something held over from before the cut.
    const lags = latencies(after());
    expect(lags[0]!).toBeGreaterThan(0);
    expect(lags.at(-1)!).toBeLessThan(1500);
    // A single relay ffmpeg at any time, none once the bus is closed.
    expect(relayProcesses(second.url)).toHaveLength(1);
    await bus.close();
    expect(relayProcesses(second.url)).toEqual([]);
  }, 40_000);
});
