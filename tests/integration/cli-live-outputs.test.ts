/**
 * `studio live` (issue 15, headless) and its outputs: the MP3 encoder's ffmpeg killed under it
 * while receivers listen (audio back within a second), and an Icecast master fed beside the
 * built-in server (a receiver on the mount hears the marks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runReceiverSim } from '../../src-main/live/receiver-sim/receiver-sim';
import { startIcecast, type IcecastServer } from '../support/icecast';
import { commandLine, descendants } from '../support/process-tree';
import {
  childrenOf,
  freePort,
  startLive,
  stationsFolder,
  stopLiveRuns,
  type ReadyLine,
} from '../support/studio-live';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let icecast: IcecastServer | null = null;
afterEach(async () => {
  await icecast?.close();
  icecast = null;
  await stopLiveRuns();
});

describe('studio live: its outputs', () => {
  it('--to one station: only its streams; its encoder killed, the receivers hear audio again within a second', async () => {
    const port = await freePort();
    const data = await stationsFolder(tempDir, port);
    const live = startLive([
      '--port',
      String(port),
      '--source',
      'pcm:-',
      '--to',
      'xa-02',
      '--json',
      '--data',
      data,
    ]);
    const ready = JSON.parse(await live.firstLine) as ReadyLine;
    expect(ready.streams.map((s) => `${s.station}.${s.codec}`)).toEqual(['XA-02.mp3', 'XA-02.opus']);

    // The MP3 encoder's ffmpeg, killed 2.5 s into the receivers' 8 s.
    const encoders = () =>
      descendants(live.child.pid!).filter((pid) => /ffmpeg.*libmp3lame/.test(commandLine(pid)));
    expect(encoders().length, childrenOf(live.child.pid!).join('\n')).toBeGreaterThan(0);
    let killedAt = 0;
    const killed: number[] = [];
    const kill = setTimeout(() => {
      // The one that encodes now: the oldest (the main channel's live encoder starts first, then
      // its warm spare, then the emergency standby's).
      const pid = Math.min(...encoders());
      killed.push(pid);
      process.kill(pid, 'SIGKILL');
      killedAt = Date.now();
    }, 3_000);
    // Receivers start about half a second after the call (their decoders settle first).
    const receiversAt = Date.now() + 500;
    const [mp3, opus] = await Promise.all(
      ready.streams.map((s) => runReceiverSim({ url: s.url, count: 2, seconds: 8, decoded: 1 })),
    );
    clearTimeout(kill);
    expect(killed.length).toBe(1);
    const killedAtMs = killedAt - receiversAt;
    for (const report of [mp3!, opus!]) {
      const totals = JSON.stringify({ ...report, receivers: undefined });
      expect(report.connected, totals).toBe(2);
      expect(report.reconnections, totals).toBe(0);
      for (const r of report.receivers) {
        // Audio back within a second of the kill: no stall that began around it lasted that long.
        const around = r.stalls.filter((st) => st.atMs > killedAtMs - 500 && st.atMs < killedAtMs + 1_500);
        const why = `${JSON.stringify(r.stalls)} (killed at ${killedAtMs} ms)`;
        expect(
          around.filter((st) => st.ms >= 1_000),
          why,
        ).toEqual([]);
        // And the marks go on after it (about one a second, on the receiver that decodes).
        if (r.decoded) expect(r.latenciesMs.length, totals).toBeGreaterThanOrEqual(2);
      }
    }
    // The encoder was replaced, not left dead: one MP3 encoder runs again, not the killed one.
    expect(encoders().length).toBeGreaterThan(0);
    expect(encoders()).not.toContain(killed[0]);

    live.child.kill('SIGTERM');
    expect(await live.exited, live.stderr()).toBe(0);
    expect(childrenOf(live.child.pid!)).toEqual([]);
  }, 60_000);

  it("--icecast: the master's mount carries the air, and a receiver on it hears the marks", async () => {
    // A burst of a second at 64 kb/s, as a province tunes it (Debian's 64 KB is 8 s of this stream).
    icecast = await startIcecast({ burstSize: 8_192 });
    const port = await freePort();
    const data = await stationsFolder(tempDir, port);
    const live = startLive(
      [
        '--port',
        String(port),
        '--source',
        'pcm:-',
        '--icecast',
        icecast.url('/tinh.mp3'),
        '--json',
        '--data',
        data,
      ],
      { STUDIO_ICECAST_PASSWORD: icecast.sourcePassword },
    );
    const ready = JSON.parse(await live.firstLine) as ReadyLine;
    expect(ready.streams.length).toBe(4);
    await icecast.waitForMount('/tinh.mp3', 10_000);
    const report = await runReceiverSim({ url: icecast.url('/tinh.mp3'), count: 2, seconds: 5, decoded: 2 });
    const totals = JSON.stringify({ ...report, receivers: undefined });
    expect(report.codec, totals).toBe('mp3');
    expect(report.playing, totals).toBe(2);
    expect(report.marks, totals).toBeGreaterThanOrEqual(2 * 2);
    console.log(
      `studio live → Icecast (burst 8 KB): latency p50 ${report.latencyMs?.p50} ms, p95 ${report.latencyMs?.p95} ms`,
    );

    live.child.kill('SIGTERM');
    expect(await live.exited, live.stderr()).toBe(0);
    expect(childrenOf(live.child.pid!)).toEqual([]);
  }, 60_000);
});
