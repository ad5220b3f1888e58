import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError, type EventName, type RecordingTake } from '../../src-main/contract';
import { RecordingService, type RecordingServiceDeps } from '../../src-main/media/recorder';
import { parseWavHeader } from '../../src-main/media/recorder/wav';
import { useTempDirs } from '../support/temp-dir';
import { FAKE_TOOLS, fakeCapture, PRIME_SEC, sinePcm, type FakeCapture } from '../support/recording';

const tempDir = useTempDirs();
const GB = 1024 ** 3;

interface Harness {
  svc: RecordingService;
  capture: FakeCapture;
  events: Array<{ event: EventName; payload: unknown }>;
  dataDir: string;
}

async function harness(
  overrides: Partial<RecordingServiceDeps> = {},
  capture: FakeCapture = fakeCapture(),
): Promise<Harness> {
  const dataDir = await tempDir();
  const events: Harness['events'] = [];
  const svc = new RecordingService({
    dataDir,
    env: {},
    platform: 'linux',
    emit: (event, payload) => events.push({ event, payload }),
    captureFactory: capture.factory,
    findTools: async () => FAKE_TOOLS,
    freeBytes: async () => 100 * GB,
    ...overrides,
  });
  return { svc, capture, events, dataDir };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

async function wavInfo(file: string) {
  const bytes = await readFile(file);
  const header = parseWavHeader(bytes);
  if (!header) throw new Error('not a WAV file');
  const frames = header.declaredDataBytes / (header.format.channels * 2);
  return { bytes, header, frames, riffSize: bytes.readUInt32LE(4) };
}

describe('recorder (with a stand-in for sox)', () => {
  it('keeps what is recorded, drops what is paused, saves markers, and files the take', async () => {
    const h = await harness();
    const started = await h.svc.start({ channels: 1, title: 'Phỏng vấn chủ tịch xã' });
    expect(started).toMatchObject({ state: 'recording', device: 'default', backend: 'alsa', channels: 1 });
    expect(h.capture.commands[0]?.args).toContain('alsa');

    h.capture.feed(sinePcm(440, 0.5, 0.5));
    await tick();
    const marker = h.svc.marker('Câu hỏi 2');
    expect(marker).toMatchObject({ id: 1, label: 'Câu hỏi 2' });
    expect(marker.atSec).toBeCloseTo(PRIME_SEC + 0.5, 3);

    expect(h.svc.pause().state).toBe('paused');
    h.capture.feed(sinePcm(1000, 0.4, 0.9)); // not kept
    await tick();
    expect(h.svc.status().elapsedSec).toBeCloseTo(PRIME_SEC + 0.5, 3);
    expect(h.svc.resume().state).toBe('recording');
    h.capture.feed(sinePcm(440, 0.3, 0.5));
    await tick();
    h.svc.marker();

    const take = await h.svc.stop();
    expect(take.durationSec).toBeCloseTo(PRIME_SEC + 0.8, 3);
    expect(take).toMatchObject({
      title: 'Phỏng vấn chủ tịch xã',
      recovered: false,
      stopReason: 'user',
      channels: 1,
    });
    expect(take.file).toBe(path.join(h.dataDir, 'recordings', `${take.id}.wav`));
    expect(await readdir(path.join(h.dataDir, 'recordings', 'in-progress'))).toEqual([]);

    const wav = await wavInfo(take.file);
    expect(wav.header.format).toEqual({ sampleRate: 48_000, channels: 1, bitsPerSample: 16 });
    expect(wav.frames).toBe(Math.round((PRIME_SEC + 0.8) * 48_000));
    expect(wav.riffSize + 8).toBe(wav.bytes.length); // cue chunk included in the RIFF size
    expect(wav.bytes.includes(Buffer.from('cue ', 'ascii'))).toBe(true);
    expect(wav.bytes.includes(Buffer.from('Câu hỏi 2', 'utf8'))).toBe(true);

    const sidecar = JSON.parse(await readFile(take.sidecar, 'utf8'));
    expect(sidecar).toMatchObject({ state: 'finished', stopReason: 'user', durationSec: take.durationSec });
    expect(sidecar.markers.map((m: { label: string }) => m.label)).toEqual(['Câu hỏi 2', '']);

    const levels = h.events
      .filter((e) => e.event === 'recording.level')
      .map((e) => e.payload as { paused: boolean; peakDbfs: number });
    // One reading per 40 ms of audio, paused audio included (the meter keeps moving).
    expect(levels.length).toBe(Math.floor(((PRIME_SEC + 1.2) * 1000) / 40));
    expect(levels.some((l) => l.paused && l.peakDbfs > -1.5)).toBe(true);
    const saved = h.events.find((e) => e.event === 'recording.saved')?.payload as { take: RecordingTake };
    expect(saved.take.id).toBe(take.id);
    expect(h.svc.status()).toMatchObject({ state: 'idle', lastTake: { id: take.id } });
  });

  it('counts whole frames when chunks split them', async () => {
    const h = await harness();
    await h.svc.start({ channels: 2 });
    const pcm = sinePcm(440, 0.25, 0.5, 2);
    for (let i = 0; i < pcm.length; i += 1001) h.capture.feed(pcm.subarray(i, i + 1001));
    await tick();
    const take = await h.svc.stop();
    expect((await wavInfo(take.file)).frames).toBe(Math.round((PRIME_SEC + 0.25) * 48_000));
    expect(take.channels).toBe(2);
  });

  it('stops by itself at the time limit, to the frame', async () => {
    const h = await harness();
    await h.svc.start({ channels: 1, maxSec: 0.5 });
    const done = h.svc.waitForActive();
    h.capture.feed(sinePcm(440, 1, 0.5));
    const take = await done!;
    expect(take.stopReason).toBe('time-limit');
    expect(take.durationSec).toBe(0.5);
    expect((await wavInfo(take.file)).frames).toBe(24_000);
    expect(h.capture.stopped()).toBe(true);
  });

  it('refuses to start when ten minutes of audio do not fit on the disk', async () => {
    const h = await harness({ freeBytes: async () => 20 * 1024 ** 2 });
    const err = await h.svc.start({ channels: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'DISK_FULL' });
    expect((err as Error).message).toMatch(/chỉ còn trống 20 MB, không đủ cho 10 phút thu âm/);
    expect(h.capture.commands).toHaveLength(0);
    expect(h.svc.status().state).toBe('idle');
  });

  it('warns when the disk runs low, then stops and keeps the take when it is nearly full', async () => {
    let free = 100 * GB;
    const h = await harness({
      freeBytes: async () => free,
      tuning: { diskCheckIntervalMs: 20 },
    });
    await h.svc.start({ channels: 1 });
    const done = h.svc.waitForActive()!;
    h.capture.feed(sinePcm(440, 0.3, 0.5));
    free = 96_000 * 120; // two minutes left
    await new Promise((r) => setTimeout(r, 60));
    free = 96_000 * 5; // five seconds left
    const take = await done;
    expect(take.stopReason).toBe('disk-full');
    expect(take.durationSec).toBeCloseTo(PRIME_SEC + 0.3, 3);
    const warnings = h.events
      .filter((e) => e.event === 'recording.warning')
      .map((e) => e.payload as { code: string; message: string });
    expect(warnings.map((w) => w.code)).toEqual(['disk-low', 'disk-full']);
    expect(warnings[0]?.message).toContain('chỉ còn chỗ cho khoảng 2 phút');
    expect(warnings[1]?.message).toContain('Bản thu được giữ lại');
    expect(existsSync(take.file)).toBe(true);
  });

  it('keeps the take when the input disappears mid-recording', async () => {
    const h = await harness();
    await h.svc.start({ channels: 1 });
    const done = h.svc.waitForActive()!;
    h.capture.feed(sinePcm(440, 0.2, 0.5));
    await tick();
    h.capture.die("sox FAIL sox: `default' lost device");
    const take = await done;
    expect(take.stopReason).toBe('device-error');
    expect(take.durationSec).toBeCloseTo(PRIME_SEC + 0.2, 3);
    const warning = h.events.find((e) => e.event === 'recording.warning')?.payload as {
      message: string;
      technical?: string;
    };
    // The reporter reads what happened; what sox said is for a technician.
    expect(warning.message).toMatch(/Mất tín hiệu từ thiết bị thu "default"/);
    expect(warning.message).not.toContain('lost device');
    expect(warning.technical).toContain('lost device');
  });

  it('explains a device that cannot be opened, and leaves no empty take behind', async () => {
    const h = await harness(
      {},
      fakeCapture({ failToStart: "sox FAIL formats: can't open input `hw:9': No such device\n" }),
    );
    const err = await h.svc.start({ channels: 1, device: 'hw:9' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect((err as Error).message).toMatch(/Không mở được thiết bị thu "hw:9"/);
    expect((err as Error).message).not.toMatch(/No such device|sox|studio doctor/);
    expect((err as StudioError).technical).toMatch(/No such device/);
    expect(await readdir(path.join(h.dataDir, 'recordings', 'in-progress'))).toEqual([]);
    const states = h.events
      .filter((e) => e.event === 'recording.state')
      .map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['starting', 'idle']);
  });

  it('gives up on a device that sends nothing', async () => {
    const h = await harness({ tuning: { firstAudioTimeoutMs: 50 } }, fakeCapture({ silentStart: true }));
    await expect(h.svc.start({ channels: 1 })).rejects.toThrow(/không gửi âm thanh nào/);
  });

  it('says what is missing when sox is, the install command for a technician, and refuses what makes no sense', async () => {
    const none = await harness({
      findTools: async () => ({ sox: null, soxDrivers: [], arecord: null, pactl: null }),
    });
    const refused = none.svc.start({ channels: 1 });
    await expect(refused).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Máy này chưa có SoX, chương trình thu âm mà studio dùng'),
      technical: expect.stringContaining('sudo apt-get install sox'),
    });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining('apt-get') });

    const h = await harness();
    await expect(h.svc.stop()).rejects.toThrow(/Không có bản thu nào đang chạy/);
    expect(() => h.svc.marker()).toThrow(StudioError);
    await h.svc.start({ channels: 1 });
    await expect(h.svc.start({ channels: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await h.svc.stop();
  });

  it('hands saved takes to the library, notes the asset id and keeps the audio once', async () => {
    const added: RecordingTake[] = [];
    const libraryDir = await tempDir();
    const h = await harness({
      addToLibrary: async (take) => {
        added.push(take);
        const file = path.join(libraryDir, 'copy.wav');
        await copyFile(take.file, file);
        return { assetId: 'a'.repeat(64), file };
      },
    });
    await h.svc.start({ channels: 1 });
    const take = await h.svc.stop();
    await h.svc.idle();
    expect(added.map((t) => t.id)).toEqual([take.id]);
    const last = h.svc.status().lastTake!;
    expect(last.assetId).toBe('a'.repeat(64));
    expect(JSON.parse(await readFile(take.sidecar, 'utf8')).assetId).toBe('a'.repeat(64));
    // The library's copy is the take now: the WAV in recordings/ is gone, the sidecar stays.
    expect(last.file).toBe(path.join(libraryDir, 'copy.wav'));
    expect(existsSync(take.file)).toBe(false);
    expect(existsSync(take.sidecar)).toBe(true);
    // A second start-up does not add it again.
    await h.svc.open();
    await h.svc.idle();
    expect(added).toHaveLength(1);
  });

  it('keeps the take in recordings/ when the library cannot take it', async () => {
    const h = await harness({ addToLibrary: async () => null });
    await h.svc.start({ channels: 1 });
    const take = await h.svc.stop();
    await h.svc.idle();
    expect(h.svc.status().lastTake?.assetId ?? null).toBeNull();
    expect(existsSync(take.file)).toBe(true);
  });
});
