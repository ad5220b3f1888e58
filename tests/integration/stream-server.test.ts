/**
 * The built-in stream server (issue 15) over real encoders, with real receivers (`studio
 * receiver-sim`): stations from the real registry through the router, their tokens checked; 50
 * receivers playing without a dropout at low latency; a receiver whose link drops comes back; a
 * reader that stops reading is caught up and then dropped while the others play on; a station
 * moved to another channel hears it from the next frame on; frames sent in batches reach every
 * listener once each, in order, however it came or moved.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReceiverSim, type ReceiverSimReport } from '../../src-main/live/receiver-sim/receiver-sim';
import type { EncodedChunk, EncodedTap } from '../../src-main/live/air/encoded-tap';
import { StreamServer, type StreamServerEvent } from '../../src-main/live/outputs/stream-server';
import { startMarkedTap, type MarkedTap } from '../support/marked-tap';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const taps: MarkedTap[] = [];
let server: StreamServer | null = null;
const closers: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  await server?.close();
  server = null;
  await Promise.all(taps.splice(0).map((t) => t.close()));
  for (const c of closers.splice(0)) await c();
});

/** A studio with one station, a server over `tapsOf` taps, the station targeted on `main`. */
async function serve(options: {
  taps: MarkedTap[];
  server?: Partial<Parameters<typeof StreamServer.start>[0]>;
}) {
  const t = await studios.open(path.join(await tempDir(), 'data'));
  taps.push(...options.taps);
  server = await StreamServer.start({
    port: 0,
    host: '127.0.0.1',
    stations: t.studio.services.stations,
    ...options.server,
  });
  for (const tap of options.taps) server.attach(tap);
  await t.call('stations.configure', { streamBaseUrl: server.address });
  const made = await t.call('stations.add', { code: 'XA-01', name: 'Xã Một' });
  server.route('XA-01');
  const events: StreamServerEvent[] = [];
  server.onEvent((e) => events.push(e));
  const url = (codec: 'mp3' | 'opus') => made.streams.find((s) => s.codec === codec)!.url;
  return { t, s: server, made, url, events };
}

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          // A stream never ends: a few bytes say it is one.
          if (res.statusCode === 200) res.destroy();
        });
        res.on('close', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
        );
      })
      .on('error', reject);
  });
}

const totalsOf = (r: ReceiverSimReport) => JSON.stringify({ ...r, receivers: undefined });
/**
 * No stall once playing has settled: after the first 2 s (issue 15's criterion) and before the
 * run's last 300 ms (stopping the receivers cuts what was still arriving). On a machine so busy
 * that the simulator's own event loop ran over 100 ms late, its receivers stall with it whatever
 * the server does (the simplest server's 50 receivers stalled 44 times here at load 12); then the
 * stalls must still be short: under 10 % of each receiver's settled time.
 */
function expectSettled(r: ReceiverSimReport) {
  const late = r.receivers.flatMap((x) =>
    x.stalls.filter((st) => st.atMs > 2_000 && st.atMs < r.seconds * 1000 - 300),
  );
  const totals = totalsOf(r);
  if (r.loopDelayMs.max <= 100) expect(late, totals).toEqual([]);
  const settledMs = r.count * (r.seconds * 1000 - 2_300);
  expect(late.reduce((a, st) => a + st.ms, 0) / settledMs, totals).toBeLessThan(0.1);
}

describe('built-in stream server', () => {
  it('50 receivers of a station play MP3 without a dropout, at low latency, counted per station', async () => {
    const { s, url, events } = await serve({ taps: [await startMarkedTap({ codec: 'mp3' })] });
    // In this process, with 4 of them decoding: a CLI and 8 decoders starting beside this test's
    // encoder cost a busy 2-core machine more than the server being measured.
    const report = await runReceiverSim({ url: url('mp3'), count: 50, seconds: 8, decoded: 4 });
    const totals = totalsOf(report);
    expect(report, totals).toMatchObject({
      count: 50,
      codec: 'mp3',
      connected: 50,
      playing: 50,
      reconnections: 0,
    });
    expectSettled(report);
    expect(report.marks, totals).toBeGreaterThanOrEqual(report.decoded * 4);
    // A small burst: the loudspeaker plays what was mixed a moment ago, not the 2 s the server
    // keeps (nor Icecast's 64 KB, 8 s at 64 kb/s). Speed itself is the benchmark's (bench/live-latency):
    // this bound only leaves room for a busy machine's stalls, each of which adds to the latency.
    expect(report.latencyMs!.p50, totals).toBeLessThan(1_500);
    // The server counted them all and sent what they received.
    expect(events.filter((e) => e.type === 'connect')).toHaveLength(50);
    const stats = s.stats('XA-01');
    expect(stats).toMatchObject({ connects: 50, reconnects: 0, dropped: 0 });
    expect(stats.bytesSent).toBeGreaterThanOrEqual(report.bytes);
    expect(s.outputState()).toMatchObject({ kind: 'server', state: 'up', bytesSent: stats.bytesSent });
  }, 90_000);

  it('refuses a wrong token, a disabled or untargeted station and a stream not ready, in Vietnamese', async () => {
    const { t, s, made, url } = await serve({ taps: [await startMarkedTap({ codec: 'mp3' })] });
    expect((await get(url('mp3'))).status).toBe(200);

    const wrong = await get(url('mp3').replace(made.token, 'x'.repeat(32)));
    expect(wrong.status).toBe(403);
    expect(wrong.type).toContain('text/plain');
    expect(wrong.body).toContain('Mã truy cập (token) của cụm thu XA-01 không đúng');
    expect((await get(url('mp3').replace(/\?token=.*$/, ''))).status).toBe(403);
    expect((await get(`${s.address}/live/XA-02.mp3?token=${made.token}`)).status).toBe(403);
    expect((await get(`${s.address}/khong-co`)).body).toContain('Không có luồng nào ở địa chỉ này');

    // Opus is not served yet: a receiver is told to try again.
    const notReady = await get(url('opus'));
    expect(notReady.status).toBe(503);
    expect(notReady.body).toContain('chưa sẵn sàng');

    // Another station, enabled but not in the broadcast.
    const other = await t.call('stations.add', { code: 'XA-02', name: 'Xã Hai' });
    const untargeted = await get(other.streams[0]!.url);
    expect(untargeted.status).toBe(404);
    expect(untargeted.body).toContain('không nằm trong buổi phát trực tiếp');

    // Disabled: its token no longer opens anything, even targeted.
    s.route('XA-02');
    expect((await get(other.streams[0]!.url)).status).toBe(200);
    await t.call('stations.setEnabled', { code: 'XA-02', enabled: false });
    expect((await get(other.streams[0]!.url)).status).toBe(403);

    // The operator's pre-listen: a short-lived token of its own, not a station's.
    const monitor = s.monitorToken(60_000);
    const pre = await get(`${s.address}${s.monitorPath('mp3', monitor.token)}`);
    expect(pre).toMatchObject({ status: 200, type: 'audio/mpeg' });
    const expired = s.monitorToken(-1);
    expect((await get(`${s.address}${s.monitorPath('mp3', expired.token)}`)).body).toContain('hết hạn');
    expect((await get(`${s.address}/live/programme.mp3?token=${made.token}`)).status).toBe(403);
  }, 60_000);

  it('a receiver whose link drops reconnects and plays on; the server counts the reconnection', async () => {
    const { s, url, events } = await serve({ taps: [await startMarkedTap({ codec: 'opus' })] });
    const proxy = await cuttableProxy(s.port);
    closers.push(() => proxy.close());
    const cut = setTimeout(() => proxy.cutAll(), 2_500);
    const report = await runReceiverSim({
      url: url('opus').replace(`:${s.port}/`, `:${proxy.port}/`),
      count: 3,
      seconds: 6,
    });
    clearTimeout(cut);
    const totals = totalsOf(report);
    expect(report.codec).toBe('opus');
    expect(report.reconnections, totals).toBe(3);
    // Each heard marks after coming back (it plays on: 3.5 s left after the cut; 2 before it).
    for (const r of report.receivers) expect(r.latenciesMs.length, totals).toBeGreaterThanOrEqual(3);
    expect(s.stats('XA-01')).toMatchObject({ connects: 6, reconnects: 3, listeners: 0 });
    expect(events.filter((e) => e.type === 'connect' && e.reconnect)).toHaveLength(3);
    expect(events.filter((e) => e.type === 'disconnect' && e.reason === 'closed')).toHaveLength(6);
  }, 60_000);

  it('a reader that stops reading is caught up, then dropped, while the others play on', async () => {
    // The stopped reader is a station of its own on a channel that pours 3 MB/s: the kernel's
    // socket buffers (megabytes on the loopback) fill in a second or two rather than the minutes
    // a 64 kb/s stream would take; then the server's own queue for it is what is left.
    const main = await startMarkedTap({ codec: 'mp3' });
    const { t, s, url, events } = await serve({
      taps: [main],
      server: { maxLagMs: 500, dropAfterMs: 2_000 },
    });
    const hose = firehose(main);
    closers.push(hose.stop);
    s.attach(hose.tap);
    const slow = await t.call('stations.add', { code: 'XA-CHAM', name: 'Xã Chậm' });
    s.route('XA-CHAM', hose.tap.channel);
    const stuck = net.connect(s.port, '127.0.0.1');
    closers.push(() => void stuck.destroy());
    const u = new URL(slow.streams[0]!.url);
    stuck.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
    stuck.pause();
    const report = await runReceiverSim({ url: url('mp3'), count: 5, seconds: 8, decoded: 2 });
    const totals = totalsOf(report);
    const stats = s.stats('XA-CHAM');
    expect(stats.caughtUp, totals).toBeGreaterThanOrEqual(1);
    expect(stats.dropped, totals).toBe(1);
    expect(events.filter((e) => e.type === 'disconnect' && e.reason === 'slow')).toMatchObject([
      { code: 'XA-CHAM' },
    ]);
    expect(report).toMatchObject({ connected: 5, playing: 5, reconnections: 0 });
    expectSettled(report);
    expect(s.stats('XA-01')).toMatchObject({ caughtUp: 0, dropped: 0 });
  }, 60_000);

  it('moves a station to another channel at a frame boundary: the decoder hears the new channel, no broken frame', async () => {
    const main = await startMarkedTap({ codec: 'opus' });
    const urgent = await startMarkedTap({ codec: 'opus', channel: 'khan-cap', levelDb: -40 });
    const { s, url } = await serve({ taps: [main, urgent] });
    const decoded = decodeLevels(url('opus'));
    closers.push(() => decoded.stop());
    // Switched after 2 s heard, and back after 2 s more: where each switch falls in the audio.
    const heard = async (tenths: number) => {
      while (decoded.peaksDb.length < tenths) await new Promise((r) => setTimeout(r, 50));
      return decoded.peaksDb.length;
    };
    const away = await heard(20);
    s.route('XA-01', 'khan-cap');
    const back = await heard(away + 20);
    s.route('XA-01', 'main');
    const end = await heard(back + 20);
    const { peaksDb, errors } = await decoded.stop();
    // Marks at -12 dBFS per tone on main, -40 on the other: the loudest 100 ms of each stretch
    // (each holds a mark a second) says which was heard. 0.5 s left out after each switch: what
    // was on its way, and the decoder's own delay.
    const loud = (from: number, to: number) => Math.max(...peaksDb.slice(from, to));
    expect(loud(5, away)).toBeGreaterThan(-15);
    expect(loud(away + 5, back)).toBeLessThan(-30);
    expect(loud(away + 5, back)).toBeGreaterThan(-50);
    expect(loud(back + 5, end)).toBeGreaterThan(-15);
    expect(errors).toBe('');
  }, 60_000);
  it('sends every listener each chunk once, in order, whether it came mid-batch or was moved: no gap, no repeat', async () => {
    // Chunks that say their number, 24 ms apart like MP3 frames: what a socket gets shows any
    // chunk sent twice or left out, which a loudspeaker would play as a stutter or a skip.
    const main = countingTap('main');
    const urgent = countingTap('khan-cap');
    const { s, url } = await serve({ taps: [urgent], server: { batchMs: 60, batchFrom: 0 } });
    // Counting main's chunks from the moment the server has it: a batch is every third.
    let had = 0;
    let moveNow: (() => void) | null = null;
    main.onChunk(() => {
      had++;
      // After the server took this chunk: one waits in its batch, to be sent the mover too.
      if (had % 3 === 1 && moveNow) queueMicrotask(moveNow);
    });
    s.attach(main);
    taps.push(main);
    await new Promise((r) => setTimeout(r, 300));
    // Ten listeners 37 ms apart: most connect while a batch is being gathered.
    const readers: Array<ReturnType<typeof rawReader>> = [];
    for (let i = 0; i < 10; i++) {
      readers.push(rawReader(url('mp3')));
      await new Promise((r) => setTimeout(r, 37));
    }
    await new Promise((r) => setTimeout(r, 500));
    const before = await new Promise<{ main: number; urgent: number }>((resolve) => {
      moveNow = () => {
        moveNow = null;
        s.route('XA-01', 'khan-cap');
        resolve({ main: main.chunks(), urgent: urgent.chunks() });
      };
    });
    await new Promise((r) => setTimeout(r, 500));
    const heard = await Promise.all(readers.map((r) => r.stop()));
    for (const ids of heard) {
      const mains = ids.filter((id) => id.startsWith('main:')).map((id) => Number(id.slice(5)));
      const urgents = ids.filter((id) => id.startsWith('khan-cap:')).map((id) => Number(id.slice(9)));
      // Main's chunks, then the other channel's, each without a gap or a repeat.
      expect(ids, ids.join(' ')).toEqual([
        ...mains.map((n) => `main:${n}`),
        ...urgents.map((n) => `khan-cap:${n}`),
      ]);
      expect(mains, ids.join(' ')).toEqual(mains.map((_, i) => mains[0]! + i));
      expect(urgents, ids.join(' ')).toEqual(urgents.map((_, i) => urgents[0]! + i));
      // Main's last chunk made before the move reached it; the other channel from its next one.
      expect(mains.at(-1), ids.join(' ')).toBe(before.main - 1);
      expect(urgents[0], ids.join(' ')).toBe(before.urgent);
      expect(urgents.length).toBeGreaterThan(5);
    }
  }, 30_000);
});

/** A tap whose chunks are their own names, `channel:N`, 16 bytes each, one every 24 ms. */
function countingTap(channel: string): MarkedTap {
  const listeners = new Set<(c: EncodedChunk) => void>();
  let n = 0;
  const timer = setInterval(() => {
    const chunk = {
      data: Buffer.from(`${channel}:${n++}`.padEnd(16, ' ')),
      mixedAt: Date.now(),
      durationMs: 24,
    };
    for (const l of listeners) l(chunk);
  }, 24);
  return {
    channel,
    codec: 'mp3',
    contentType: 'audio/mpeg',
    bitrateKbps: 64,
    startMs: Date.now(),
    chunks: () => n,
    header: () => Buffer.alloc(0),
    onChunk: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onRestart: () => () => {},
    close: async () => clearInterval(timer),
  };
}

/** A listener on a raw socket: the stream's bytes after the HTTP head, as countingTap's names. */
function rawReader(url: string) {
  const u = new URL(url);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
  let got = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  return {
    async stop(): Promise<string[]> {
      socket.destroy();
      const body = got.subarray(got.indexOf('\r\n\r\n') + 4);
      const ids: string[] = [];
      for (let at = 0; at + 16 <= body.length; at += 16)
        ids.push(
          body
            .subarray(at, at + 16)
            .toString()
            .trim(),
        );
      return ids;
    },
  };
}

/**
 * A tap on a channel of its own that pours real MP3 frames (the marked tap's, repeated) at about
 * 3 MB/s, each chunk labelled 10 ms: far more than any reader of it can take.
 */
function firehose(of: MarkedTap) {
  // 160 frames of 192 bytes (64 kb/s) every 10 ms, made once.
  let data: Buffer | null = null;
  const off = of.onChunk((c) => (data ??= Buffer.concat(Array<Buffer>(160).fill(c.data))));
  const listeners = new Set<(c: EncodedChunk) => void>();
  const timer = setInterval(() => {
    if (!data) return;
    const chunk = { data, mixedAt: Date.now(), durationMs: 10 };
    for (const l of listeners) l(chunk);
  }, 10);
  const tap: EncodedTap = {
    channel: 'firehose',
    codec: 'mp3',
    contentType: 'audio/mpeg',
    bitrateKbps: of.bitrateKbps,
    header: () => Buffer.alloc(0),
    onChunk: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onRestart: () => () => {},
  };
  return {
    tap,
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}

/** A TCP proxy on 127.0.0.1 whose connections can all be cut at once (a 4G link dropping). */
async function cuttableProxy(port: number) {
  const open = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const gone = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', gone).on('error', gone);
    upstream.on('close', gone).on('error', gone);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    cutAll: () => {
      for (const s of open) s.destroy();
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

/** A real ffmpeg decoding the stream as it comes; the peak of each 100 ms, dBFS, in arrival order. */
function decodeLevels(url: string) {
  const child = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', url, '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const peaksDb: number[] = [];
  let errors = '';
  let peak = 0;
  let n = 0;
  let odd: Buffer | null = null;
  child.stdout.on('data', (d: Buffer) => {
    const b = odd ? Buffer.concat([odd, d]) : d;
    const whole = b.length - (b.length % 2);
    for (let i = 0; i < whole; i += 2) {
      peak = Math.max(peak, Math.abs(b.readInt16LE(i)));
      if (++n === 4_800) {
        peaksDb.push(peak === 0 ? -120 : 20 * Math.log10(peak / 32768));
        peak = 0;
        n = 0;
      }
    }
    odd = whole < b.length ? b.subarray(whole) : null;
  });
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    peaksDb,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return { peaksDb, errors };
    },
  };
}
