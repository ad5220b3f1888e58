/**
 * Fan-out (issue 15), the built-in server beside Icecast 2 serving the same receivers in the same
 * run, MP3 64 kb/s, receivers from `studio receiver-sim` in its own process:
 * - 500 receivers: the server's CPU per receiver (its process's CPU while all 500 are connected,
 *   less the same process's CPU with none, per receiver and second of audio), bytes, dropouts. Ours
 *   runs alone in a process of its own, fed by one ffmpeg as Icecast is (bench/fanout-server-child.ts):
 *   beside the air's mixing and encoding, its share swung with the machine's load;
 * - 1,000 receivers connecting at the same moment (as after a 4G outage): how many play within 2 s.
 * Targets: no dropouts and CPU no worse than Icecast's; all 1,000 playing within 2 s.
 */
import type { ReceiverSimReport } from '../src-main/live/receiver-sim/receiver-sim';
import type { Benchmark } from './benchmark';
import {
  lateStalls,
  receiverSim,
  serveIcecast,
  serveOurs,
  serveOursAlone,
  type Served,
} from './live-latency-rig';
import { ffmpegPath } from './support';

const FANOUT = 500;
const FANOUT_SECONDS = 16;
const WINDOW_MS = 5_000;
const RUSH = 1_000;
const RUSH_SECONDS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FanOut {
  /** CPU per receiver, ms per second of audio. */
  cpuPerReceiverMs: number;
  /** Receivers connected while CPU was measured. */
  listeners: number;
  report: ReceiverSimReport;
}

/** Serves `count` receivers; measures CPU over WINDOW_MS once they are all connected. */
async function fanOut(served: Served, listeners: () => Promise<number>): Promise<FanOut> {
  await sleep(1_000);
  const idle0 = served.cpuMs();
  await sleep(WINDOW_MS);
  const idleRate = (served.cpuMs() - idle0) / WINDOW_MS;
  const running = receiverSim(served.url, FANOUT, FANOUT_SECONDS);
  // The receivers' process takes a few seconds to start; measure once all are in.
  const deadline = Date.now() + 60_000;
  let connected = 0;
  while (Date.now() < deadline && (connected = await listeners()) < FANOUT) await sleep(200);
  const busy0 = served.cpuMs();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const busyMs = served.cpuMs() - busy0;
  const elapsed = performance.now() - t0;
  const report = await running;
  const perReceiver = (busyMs - idleRate * elapsed) / Math.max(1, connected) / (elapsed / 1000);
  return { cpuPerReceiverMs: perReceiver, listeners: connected, report };
}

let fanOuts: Promise<{ ours: FanOut; icecast: FanOut }> | null = null;
function measureFanOut() {
  fanOuts ??= (async () => {
    const ours = await serveOursAlone();
    let o: FanOut;
    try {
      o = await fanOut(ours, () => ours.listeners());
    } finally {
      await ours.close();
    }
    const ice = await serveIcecast();
    let i: FanOut;
    try {
      i = await fanOut(ice, async () => (await ice.icecast.mounts())[0]?.listeners ?? 0);
    } finally {
      await ice.close();
    }
    return { ours: o, icecast: i };
  })();
  return fanOuts;
}

/** Receivers of a rush that played within 2 s of connecting. */
function playingWithin2s(r: ReceiverSimReport): number {
  return r.receivers.filter((x) => x.startedAfterMs !== null && x.startedAfterMs <= 2_000).length;
}

/**
 * A rush of RUSH receivers; also what the server itself says: listeners it serves 2 s after its
 * first one of the rush (the simulator, one process for a thousand, may read them late).
 */
async function rush<S extends Served>(
  serve: () => Promise<S>,
  listeners: (s: S) => Promise<number>,
): Promise<{ report: ReceiverSimReport; servedAt2s: number }> {
  const served = await serve();
  try {
    await sleep(1_000);
    const running = receiverSim(served.url, RUSH, RUSH_SECONDS);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await listeners(served)) === 0) await sleep(20);
    await sleep(2_000);
    const servedAt2s = await listeners(served);
    return { report: await running, servedAt2s };
  } finally {
    await served.close();
  }
}

const describe = (f: FanOut) =>
  `${f.listeners} connected, ${(f.report.bytes / 1e6).toFixed(1)} MB, ${f.report.dropouts} dropouts ` +
  `(${lateStalls(f.report)} after 2 s), ${f.report.reconnections} reconnections, ` +
  `simulator's loop late p99 ${f.report.loopDelayMs.p99} ms`;

export const benchmarks: Benchmark[] = [
  {
    name: `live fan-out: CPU per receiver, ${FANOUT} receivers`,
    anchor: `Icecast 2 serving the same ${FANOUT}, same run`,
    async run() {
      const { ours, icecast } = await measureFanOut();
      return {
        ours: ours.cpuPerReceiverMs,
        anchor: icecast.cpuPerReceiverMs,
        unit: 'ms',
        target: 'no dropouts, ≤ 1×',
        note:
          `CPU ms per receiver per second of audio, each server alone in its process, fed by one ffmpeg. ` +
          `Ours: ${describe(ours)}; Icecast: ${describe(icecast)}`,
      };
    },
  },
  {
    name: `live rush: ${RUSH} receivers connecting at once, playing within 2 s`,
    anchor: 'Icecast 2, same receivers, same run',
    async run() {
      const ffmpeg = await ffmpegPath();
      const ours = await rush(
        () => serveOurs(ffmpeg),
        async (s) => s.server.stats('XA-01').listeners,
      );
      const icecast = await rush(
        () => serveIcecast(),
        async (s) => (await s.icecast.mounts())[0]?.listeners ?? 0,
      );
      const start = ({ report: r, servedAt2s }: { report: ReceiverSimReport; servedAt2s: number }) =>
        `server serving ${servedAt2s} 2 s after the first; receivers: ${r.connected} connected, ${r.playing} playing, ` +
        `start p50 ${r.startedAfterMs?.p50 ?? '–'} / p95 ${r.startedAfterMs?.p95 ?? '–'} / max ${r.startedAfterMs?.max ?? '–'} ms, ` +
        `${r.failedAttempts} failed attempts, simulator's loop late up to ${r.loopDelayMs.max} ms`;
      return {
        ours: playingWithin2s(ours.report),
        anchor: playingWithin2s(icecast.report),
        unit: 'receivers',
        higherIsBetter: true,
        target: `${RUSH}`,
        note: `Ours: ${start(ours)}; Icecast: ${start(icecast)}`,
      };
    },
  },
];
