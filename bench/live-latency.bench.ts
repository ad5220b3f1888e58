/**
 * Source-to-loudspeaker latency (issue 15): timing marks in the audio, heard by receivers that
 * play in real time (receiver-sim: they start with 100 ms in hand, then one sample per 1/48,000 s,
 * stalling when data is late), so a burst on connect counts as the delay it is. The same run
 * measures, one after the other with the same receivers: the built-in server over the air, the
 * simplest server one could write (its anchor), and Icecast with its default burst (64 KB) and
 * with none. Targets: p50 ≤ 250 ms, p95 ≤ 400 ms, never slower than the simplest server.
 */
import type { ReceiverSimReport } from '../src-main/live/receiver-sim/receiver-sim';
import type { Benchmark } from './benchmark';
import {
  lateStalls,
  receiverSim,
  serveIcecast,
  serveOurs,
  serveSimplest,
  type Served,
} from './live-latency-rig';
import { ffmpegPath } from './support';

const RECEIVERS = 8;
const SECONDS = 10;

interface Latencies {
  ours: ReceiverSimReport;
  /** Mixed → reaching the server, ms (the air's bus and encoder). */
  tapDelay: { p50: number; p95: number };
  simplest: ReceiverSimReport;
  icecast: ReceiverSimReport;
  icecastNoBurst: ReceiverSimReport;
}

async function measure<S extends Served>(
  serve: () => Promise<S>,
  after?: (s: S) => void,
): Promise<ReceiverSimReport> {
  const served = await serve();
  try {
    // A second for the encoders to settle before anyone listens.
    await new Promise((r) => setTimeout(r, 1_000));
    const report = await receiverSim(served.url, RECEIVERS, SECONDS);
    after?.(served);
    return report;
  } finally {
    await served.close();
  }
}

let measured: Promise<Latencies> | null = null;
/** One measurement for every row of this file. */
function latencies(): Promise<Latencies> {
  measured ??= (async () => {
    const ffmpeg = await ffmpegPath();
    let tapDelay = { p50: NaN, p95: NaN };
    const ours = await measure(
      () => serveOurs(ffmpeg),
      (s) => (tapDelay = s.tapDelayMs()),
    );
    const simplest = await measure(serveSimplest);
    const icecast = await measure(() => serveIcecast());
    const icecastNoBurst = await measure(() => serveIcecast(0));
    return { ours, tapDelay, simplest, icecast, icecastNoBurst };
  })();
  return measured;
}

const describe = (r: ReceiverSimReport) =>
  `p50 ${r.latencyMs?.p50 ?? '–'} / p95 ${r.latencyMs?.p95 ?? '–'} ms, ${r.marks} marks, ` +
  `${lateStalls(r)} stalls after 2 s, start ${r.startedAfterMs?.p50 ?? '–'} ms`;

function row(r: ReceiverSimReport, p: 'p50' | 'p95'): number {
  const v = r.latencyMs?.[p];
  if (v === undefined) throw new Error(`no timing mark heard from ${r.url}`);
  return v;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'live latency p50: built-in server',
    anchor: 'simplest server (PCM → one ffmpeg → every listener), same run',
    async run() {
      const l = await latencies();
      return {
        ours: row(l.ours, 'p50'),
        anchor: row(l.simplest, 'p50'),
        unit: 'ms',
        target: '≤ 250 ms, ≤ 1×',
        note:
          `${RECEIVERS} real-time receivers × ${SECONDS} s, MP3 64k; ours ${describe(l.ours)} ` +
          `(of which mixed → server: p50 ${l.tapDelay.p50} / p95 ${l.tapDelay.p95} ms); simplest ${describe(l.simplest)}`,
      };
    },
  },
  {
    name: 'live latency p95: built-in server',
    anchor: 'simplest server, same run',
    async run() {
      const l = await latencies();
      return {
        ours: row(l.ours, 'p95'),
        anchor: row(l.simplest, 'p95'),
        unit: 'ms',
        target: '≤ 400 ms, ≤ 1×',
      };
    },
  },
  {
    name: 'live latency p50: built-in server vs Icecast',
    anchor: 'Icecast 2 with its default burst (64 KB), same run',
    async run() {
      const l = await latencies();
      return {
        ours: row(l.ours, 'p50'),
        anchor: row(l.icecast, 'p50'),
        unit: 'ms',
        note: `Icecast default burst: ${describe(l.icecast)}; Icecast burst 0: ${describe(l.icecastNoBurst)}`,
      };
    },
  },
];
