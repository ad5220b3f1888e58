/**
 * `studio receiver-sim` against a real stream on 127.0.0.1: the simplest server one could write
 * (marked PCM in real time → one ffmpeg encoder → every listener), 20 receivers playing without a
 * dropout at the latency that chain has; a cut connection picked up again; a server that goes away.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReceiverSim, type ReceiverSimReport } from '../../src-main/live/receiver-sim/receiver-sim';
import { runStudioCli } from '../support/cli';
import { startMarkedStreamServer, type MarkedStreamServer } from '../support/marked-stream-server';

const root = path.resolve(__dirname, '../..');

/** The real command line, run without blocking this process (the stream server lives here). */
function studioAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/studio.js'), ...args],
      { cwd: root, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

let server: MarkedStreamServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('studio receiver-sim', () => {
  it('20 receivers play an MP3 stream for 6 s without a stall after the start, with its latency measured', async () => {
    server = await startMarkedStreamServer({ codec: 'mp3', bitrate: '128k' });
    const run = await studioAsync([
      'receiver-sim',
      '--url',
      server.url,
      '--count',
      '20',
      '--seconds',
      '6',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ReceiverSimReport;
    // What a failure shows: the totals, without the 20 receivers' detail.
    const totals = JSON.stringify({ ...report, receivers: undefined });
    expect(report).toMatchObject({ count: 20, codec: 'mp3', connected: 20, playing: 20, reconnections: 0 });
    // No stall once playing has settled (issue 15's criterion: none after the first 2 s). The
    // first seconds are left out: on this shared 2-core machine the processes starting at once (the
    // CLI, 8 decoders, this test's own encoder) can hold a stream up for a moment; on a quiet machine
    // there are none at all (measured: 0 of 20).
    const late = report.receivers.flatMap((r) => r.stalls.filter((st) => st.atMs > 2_000));
    expect(late, totals).toEqual([]);
    // 128 kbps for about 6 s each (the start of the run is connecting).
    expect(report.bytes).toBeGreaterThan(20 * 5 * 16_000);
    expect(report.decoded).toBeGreaterThan(0);
    // Each decoding receiver hears about one mark a second.
    expect(report.marks, totals).toBeGreaterThanOrEqual(report.decoded * 4);
    // The chain's latency: 100 ms in hand before playing, MP3's ~23 ms codec delay, the encoder's
    // frame and pipe: measured here about 250 ms; never under the 100 ms the loudspeaker waits.
    expect(report.latencyMs?.p50, totals).toBeGreaterThan(100);
    expect(report.latencyMs?.p50, totals).toBeLessThan(600);
    expect(report.latencyMs!.p95 - report.latencyMs!.min, totals).toBeLessThan(100);
    for (const r of report.receivers) expect(r.startedAfterMs, totals).toBeLessThan(1_500);
  }, 90_000);

  it('a receiver whose connection is cut reconnects, and counts one reconnection', async () => {
    server = await startMarkedStreamServer({ codec: 'mp3', bitrate: '64k' });
    const s = server;
    const cut = setTimeout(() => s.dropOneListener(), 2_000);
    const report = await runReceiverSim({ url: s.url, count: 3, seconds: 5 });
    clearTimeout(cut);
    expect(report.connected).toBe(3);
    expect(report.reconnections).toBe(1);
    expect(report.receivers.map((r) => r.reconnections).sort()).toEqual([0, 0, 1]);
    const again = report.receivers.find((r) => r.reconnections === 1)!;
    expect(again.connections).toBe(2);
    // It plays on after the cut: its marks keep coming (decoded: 3 receivers all decode).
    expect(again.latenciesMs.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('a server that goes away leaves dropouts and failed attempts; one never there is exit 1', async () => {
    server = await startMarkedStreamServer({ codec: 'opus', bitrate: '24k' });
    const s = server;
    const stop = setTimeout(() => void s.close(), 2_000);
    const report = await runReceiverSim({ url: s.url, count: 3, seconds: 5 });
    clearTimeout(stop);
    server = null;
    expect(report.connected).toBe(3);
    expect(report.codec).toBe('opus');
    // Every loudspeaker ran dry when the stream stopped, and stayed dry while reconnecting failed.
    for (const r of report.receivers) {
      expect(r.dropouts).toBeGreaterThanOrEqual(1);
      expect(r.stalledMs).toBeGreaterThan(1_500);
      expect(r.failedAttempts).toBeGreaterThanOrEqual(1);
      expect(r.reconnections).toBe(0);
    }

    // Nobody listening on the port at all: no receiver ever connected, exit status 1.
    const port = await freePort();
    const none = await studioAsync([
      'receiver-sim',
      '--url',
      `http://127.0.0.1:${port}/stream`,
      '--count',
      '2',
      '--seconds',
      '1',
      '--json',
    ]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ connected: 0, playing: 0, latencyMs: null });
  }, 60_000);

  it('refuses bad arguments with exit status 2', () => {
    for (const args of [
      ['--count', '2', '--seconds', '1'],
      ['--url', 'ftp://127.0.0.1/x', '--count', '2', '--seconds', '1'],
      ['--url', 'http://127.0.0.1:1/x', '--count', '0', '--seconds', '1'],
      ['--url', 'http://127.0.0.1:1/x', '--count', '2', '--seconds', '-1'],
      ['--url', 'http://127.0.0.1:1/x', '--count', '2', '--seconds', '1', '--bogus'],
    ]) {
      expect(runStudioCli(['receiver-sim', ...args]).code, args.join(' ')).toBe(2);
    }
  }, 60_000);
});

/** A port nobody listens on (bound, read, released). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
