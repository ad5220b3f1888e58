/**
 * The as-aired recording (issue 16) of a test "hour" (a few seconds, in segments of 2 s): a
 * receiver pulls its station's stream from the studio's own server while a file of timing marks
 * plays through the real router, bus and encoders. What the recording holds is what the receiver
 * got: its MP3 frames, byte for byte and in order, and after decoding the same marks at the same
 * instants of the bus's clock. The segments are continuous, each plays on its own, and they are
 * listed through the router and by `studio as-aired list --json` after a restart.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsAiredSegment } from '../../src-main/contract';
import { Mp3FrameSplitter } from '../../src-main/live/air';
import { markDetector, markGenerator, type DetectedMark } from '../../src-main/live/timing-marks';
import { decode } from '../support/air-listener';
import { runStudioCli } from '../support/cli';
import { freePort } from '../support/icecast';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const requests: http.ClientRequest[] = [];
afterEach(() => {
  for (const r of requests.splice(0)) r.destroy();
});

const SEGMENT_MS = 2_000;
const frameMs = 1152 / 48;

/** A WAV of timing marks over silence: the mark of second s at s seconds into the file. */
async function markedWav(file: string, seconds: number): Promise<string> {
  const pcm = markGenerator({ startMs: 0 }).next(seconds * 48_000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(48_000 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  await writeFile(file, Buffer.concat([header, pcm]));
  return file;
}

/** A receiver: the station's stream as it arrives, raw. */
function receive(url: string): { bytes: () => Buffer; status: () => number | null } {
  const parts: Buffer[] = [];
  let status: number | null = null;
  const req = http.get(url, (res) => {
    status = res.statusCode ?? null;
    res.on('data', (b: Buffer) => parts.push(b));
    res.on('error', () => undefined); // cut by the test at its end
  });
  req.on('error', () => undefined);
  requests.push(req);
  return { bytes: () => Buffer.concat(parts), status: () => status };
}

const frames = (bytes: Buffer) => new Mp3FrameSplitter().push(bytes).map((f) => f.data);

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Marks in decoded PCM, each placed on the bus's clock by where its audio starts. */
const marksOf = (pcm: Buffer, startMs: number): DetectedMark[] =>
  markDetector({ timeOfFrame: (f) => startMs + (f * 1000) / 48_000 }).push(pcm);

describe('the as-aired recording', () => {
  it('holds exactly what a receiver got, in continuous segments, listed after a restart', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const t = await studios.open(dataDir, { asAiredSegmentMs: SEGMENT_MS });
    const port = await freePort();
    await t.call('live.configure', { port });
    await t.call('stations.configure', { streamBaseUrl: `http://127.0.0.1:${port}` });
    await t.call('stations.add', { code: 'XA-A', name: 'Xã A' });
    await t.call('stations.add', { code: 'XA-B', name: 'Xã B' });
    const url = (await t.call('stations.streams', { code: 'XA-A' })).streams.find(
      (s) => s.codec === 'mp3',
    )!.url;
    const marks = await markedWav(path.join(dir, 'moc.wav'), 30);
    const wentLive = Date.now();
    await t.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: `file:${marks}`, priority: 'playout', label: 'Mốc thời gian' }],
    });
    const receiver = receive(url);
    // Some seconds of air heard: the test "hour", at least three segment boundaries.
    await waitFor('the receiver hears the air', () => receiver.bytes().length > 8_000 * 3, 20_000);
    const during = await t.call('asAired.list', {});
    expect(during.segments.at(-1)).toMatchObject({ channel: 'main', recording: true });
    // An emergency for XA-B alone: a channel of its own, recorded as its own, and the broadcast
    // log's entry for it (written as the schedule's runner writes it) finds its audio.
    const log = t.studio.services.broadcastLog;
    const emergencyAt = new Date().toISOString();
    await t.call('live.emergency.start', {
      target: { kind: 'stations', codes: ['XA-B'] },
      spec: `file:${marks}`,
    });
    const entry = log.begin({
      kind: 'emergency',
      title: 'Khẩn cấp',
      spec: `file:${marks}`,
      sha256: null,
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: emergencyAt,
      startedBy: 'Quản trị',
      stations: [{ code: 'XA-B', seconds: 0 }],
    });
    await waitFor('more air', () => receiver.bytes().length > 8_000 * 6, 20_000);
    await t.call('live.emergency.end', {});
    log.end(entry, new Date().toISOString(), 'aired');
    await t.call('live.stop', {});
    const got = receiver.bytes();
    expect(receiver.status()).toBe(200);

    const all = (await t.call('asAired.list', { from: new Date(wentLive - 1000).toISOString() })).segments;
    const segments = all.filter((s) => s.channel === 'main');
    expect(segments.length).toBeGreaterThanOrEqual(3);
    const emergency = all.filter((s) => s.channel !== 'main');
    expect(emergency.length).toBeGreaterThanOrEqual(1);
    expect(emergency[0]!.channel).toMatch(/^emergency-/);
    const emergencySeconds = emergency.reduce((sum, s) => sum + s.seconds, 0);
    expect(emergencySeconds).toBeGreaterThan(1);
    const emergencyMarks = marksOf(
      await decode('mp3', Buffer.concat(await Promise.all(emergency.map((s) => readFile(s.path))))),
      Date.parse(emergency[0]!.start),
    );
    expect(emergencyMarks.length).toBeGreaterThanOrEqual(1);
    // The entry's audio: the emergency's channel and main's, each overlapping the entry's time.
    const ofEntry = (await t.call('asAired.list', { entry })).segments;
    const logged = log.get(entry)!;
    // (The channel's first chunks may have been mixed a little before the entry's start: the
    // standby's encoder was already running when the emergency took it.)
    const inEntry = (s: AsAiredSegment) =>
      Date.parse(s.start) < Date.parse(logged.actualEnd!) &&
      Date.parse(s.end) > Date.parse(logged.actualStart);
    expect(ofEntry.filter((s) => s.channel !== 'main')).toEqual(emergency.filter(inEntry));
    expect(ofEntry.filter((s) => s.channel !== 'main').length).toBeGreaterThanOrEqual(1);
    for (const s of ofEntry) {
      expect(Date.parse(s.start)).toBeLessThan(Date.parse(logged.actualEnd!));
      expect(Date.parse(s.end)).toBeGreaterThan(Date.parse(logged.actualStart));
    }
    expect(ofEntry.some((s) => s.channel === 'main')).toBe(true);
    for (const [i, s] of segments.entries()) {
      expect(s.recording).toBe(false);
      // Named by the local date and time of its first sample.
      const start = new Date(s.start);
      const pad = (n: number) => String(n).padStart(2, '0');
      const day = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
      const clock = `${pad(start.getHours())}${pad(start.getMinutes())}${pad(start.getSeconds())}`;
      expect(s.file).toMatch(new RegExp(`^main/${day}/${clock}(-\\d{3})?\\.mp3$`));
      expect(s.path).toBe(path.join(dataDir, 'as-aired', s.file));
      expect((await stat(s.path)).size).toBe(s.bytes);
      // Continuous on the bus's clock: each begins where the last ended, cut at the boundaries.
      if (i > 0) expect(Date.parse(s.start)).toBeCloseTo(Date.parse(segments[i - 1]!.end), 0);
      if (i > 0 && i < segments.length - 1) {
        expect(Date.parse(s.start) % SEGMENT_MS).toBeLessThan(150);
        expect(s.seconds).toBeGreaterThan(SEGMENT_MS / 1000 - 0.15);
        expect(s.seconds).toBeLessThan(SEGMENT_MS / 1000 + 0.15);
      }
      // Each plays on its own, as long as the index says.
      const pcm = await decode('mp3', await readFile(s.path));
      expect(Math.abs(pcm.length / 4 / 48 - s.seconds * 1000)).toBeLessThan(2 * frameMs);
    }
    const recorded = Buffer.concat(await Promise.all(segments.map((s) => readFile(s.path))));

    // Byte for byte: the receiver's frames are a run of the recording's, in order.
    const heardFrames = frames(got);
    const keptFrames = frames(recorded);
    expect(heardFrames.length).toBeGreaterThan(200);
    expect(Buffer.concat(keptFrames).length).toBe(recorded.length);
    // Where the receiver's last second sits in the recording (it holds a mark: silence repeats,
    // a mark on the frames' grid does not), then every frame before it, backwards: each is in
    // the recording, in order (one that was skipped for a lagging listener would only leave a gap).
    const last = Buffer.concat(heardFrames.slice(-42));
    const lastByte = recorded.indexOf(last);
    expect(lastByte, 'the receiver’s last second is in the recording').toBeGreaterThanOrEqual(0);
    let k = 0;
    for (let bytes = 0; bytes < lastByte; k++) bytes += keptFrames[k]!.length;
    let h = heardFrames.length - 42;
    for (k--; h > 0 && k >= 0; k--) if (keptFrames[k]!.equals(heardFrames[h - 1]!)) h--;
    expect(h, 'every frame the receiver got is in the recording, in order').toBe(0);
    const first = k + 1;

    // After decoding: the same marks at the same instants (the receiver placed by where its
    // first frame is in the recording).
    const recordingStart = Date.parse(segments[0]!.start);
    const keptMarks = marksOf(await decode('mp3', recorded), recordingStart);
    const heardMarks = marksOf(await decode('mp3', got), recordingStart + first * frameMs);
    expect(keptMarks.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < keptMarks.length; i++) {
      expect(keptMarks[i]!.digit).toBe((keptMarks[i - 1]!.digit + 1) % 10);
      expect(keptMarks[i]!.heardMs - keptMarks[i - 1]!.heardMs).toBeCloseTo(1000, -1);
    }
    expect(heardMarks.length).toBeGreaterThanOrEqual(4);
    for (const m of heardMarks) {
      const same = keptMarks.find((k) => Math.abs(k.heardMs - m.heardMs) < 50);
      expect(same, `the mark heard at ${m.heardMs}`).toBeDefined();
      expect(same!.digit).toBe(m.digit);
      expect(Math.abs(same!.heardMs - m.heardMs)).toBeLessThan(3);
    }
    console.log(
      `as-aired: ${segments.length} segments, ${(recorded.length / 1024).toFixed(0)} KiB, ` +
        `${keptMarks.length} marks kept; the receiver's ${heardFrames.length} frames from frame ${first}, ` +
        `${heardMarks.length} marks heard`,
    );

    // After a restart, the command line lists the same segments from the index on disk.
    await studios.closeAll();
    const cli = runStudioCli([
      'as-aired',
      'list',
      '--from',
      new Date(wentLive - 1000).toISOString(),
      '--json',
      '--data',
      dataDir,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const listed = JSON.parse(cli.stdout) as { segments: AsAiredSegment[] };
    expect(listed.segments).toEqual(all);
  }, 60_000);
});
