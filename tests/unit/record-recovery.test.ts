import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverInterruptedTakes, repairWavFile } from '../../src-main/media/recorder';
import { takeFolders, type Sidecar } from '../../src-main/media/recorder/takes';
import { cueChunks, parseWavHeader, wavHeader } from '../../src-main/media/recorder/wav';
import { useTempDirs } from '../support/temp-dir';
import { sinePcm } from '../support/recording';

const tempDir = useTempDirs();
const MONO = { sampleRate: 48_000, channels: 1, bitsPerSample: 16 };

function sidecar(id: string, over: Partial<Sidecar> = {}): Sidecar {
  return {
    version: 1,
    id,
    title: 'Tin buổi sáng',
    device: 'default',
    backend: 'pulseaudio',
    sampleRate: 48_000,
    channels: 1,
    startedAt: '2025-07-14T01:30:15.000Z',
    endedAt: null,
    durationSec: null,
    markers: [
      { id: 1, atSec: 0.5, label: 'Bắt đầu', createdAt: '2025-07-14T01:30:16.000Z' },
      { id: 2, atSec: 99, label: 'Sau khi mất điện', createdAt: '2025-07-14T01:31:55.000Z' },
    ],
    state: 'recording',
    stopReason: null,
    pid: 999_999_999, // no such process
    hostname: os.hostname(),
    assetId: null,
    ...over,
  };
}

/** What a crash leaves: a header still saying "unknown", audio, and half a frame at the end. */
async function interruptedTake(dataDir: string, id: string, header: Buffer, seconds = 1, extra = 1) {
  const { inProgress } = takeFolders(dataDir);
  await mkdir(inProgress, { recursive: true });
  const wav = path.join(inProgress, `${id}.wav`);
  await writeFile(wav, Buffer.concat([header, sinePcm(440, seconds, 0.5), Buffer.alloc(extra, 7)]));
  return wav;
}

describe('recovery of interrupted takes', () => {
  it('repairs sizes from the file length, cuts to a whole frame, keeps markers, and moves the take', async () => {
    const dataDir = await tempDir();
    await interruptedTake(dataDir, '20250714-083015-aaaa', wavHeader(MONO, 'unknown'));
    await writeFile(
      path.join(takeFolders(dataDir).inProgress, '20250714-083015-aaaa.json'),
      JSON.stringify(sidecar('20250714-083015-aaaa')),
    );

    const report = await recoverInterruptedTakes({ dataDir });
    expect(report.skipped).toEqual([]);
    expect(report.recovered).toHaveLength(1);
    const take = report.recovered[0]!;
    expect(take).toMatchObject({
      id: '20250714-083015-aaaa',
      title: 'Tin buổi sáng',
      recovered: true,
      stopReason: 'crash',
      durationSec: 1,
      file: path.join(dataDir, 'recordings', 'recovered', '20250714-083015-aaaa.wav'),
    });
    expect(take.markers.map((m) => m.label)).toEqual(['Bắt đầu']); // the one past the end is dropped

    const bytes = await readFile(take.file);
    const h = parseWavHeader(bytes)!;
    expect(h.declaredDataBytes).toBe(96_000);
    expect(bytes.readUInt32LE(4) + 8).toBe(bytes.length);
    expect(bytes.subarray(44 + 96_000).equals(cueChunks([{ id: 1, frame: 24_000, label: 'Bắt đầu' }]))).toBe(
      true,
    );
    expect(JSON.parse(await readFile(take.sidecar, 'utf8'))).toMatchObject({
      state: 'recovered',
      durationSec: 1,
    });
    expect(await readdir(takeFolders(dataDir).inProgress)).toEqual([]);

    // Running again finds nothing to do.
    expect((await recoverInterruptedTakes({ dataDir })).recovered).toEqual([]);
  });

  it('rebuilds a header the disk never received, from the sidecar', async () => {
    const dataDir = await tempDir();
    await interruptedTake(dataDir, '20250714-090000-bbbb', Buffer.alloc(44), 0.5, 0);
    await writeFile(
      path.join(takeFolders(dataDir).inProgress, '20250714-090000-bbbb.json'),
      JSON.stringify(sidecar('20250714-090000-bbbb', { markers: [] })),
    );
    const [take] = (await recoverInterruptedTakes({ dataDir })).recovered;
    expect(take?.durationSec).toBe(0.5);
    const h = parseWavHeader(await readFile(take!.file));
    expect(h).toMatchObject({ format: MONO, dataOffset: 44, declaredDataBytes: 48_000 });
  });

  it('leaves a finished file as it is (crash after closing, before moving)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'done.wav');
    const cue = cueChunks([{ id: 1, frame: 10, label: 'x' }]);
    const complete = Buffer.concat([wavHeader(MONO, 9600, cue.length), sinePcm(440, 0.1, 0.5), cue]);
    await writeFile(file, complete);
    const r = await repairWavFile(file, null);
    expect(r).toMatchObject({ wasComplete: true, dataBytes: 9600, durationSec: 0.1 });
    expect((await readFile(file)).equals(complete)).toBe(true);
  });

  it('keeps every whole frame on disk, whatever the size fields say and in whatever order they were written', async () => {
    const dir = await tempDir();
    const audio = sinePcm(440, 1, 0.5); // 96 000 bytes
    const fileBytes = 44 + audio.length + 1; // and half a frame
    const riffValues = { unknown: 0xffff_ffff, zero: 0, stale: 36 + 48_000, matchesFile: fileBytes - 8 };
    const dataValues = { unknown: 0xffff_ffff, zero: 0, stale: 48_000, exact: 96_000, pastEnd: 200_000 };
    for (const [riffName, riff] of Object.entries(riffValues)) {
      for (const [dataName, data] of Object.entries(dataValues)) {
        const header = wavHeader(MONO, 0);
        header.writeUInt32LE(riff, 4);
        header.writeUInt32LE(data, 40);
        const file = path.join(dir, `${riffName}-${dataName}.wav`);
        await writeFile(file, Buffer.concat([header, audio, Buffer.alloc(1, 7)]));
        const r = await repairWavFile(file, null);
        const bytes = await readFile(file);
        const what = `RIFF size ${riffName}, data size ${dataName}`;
        expect(r?.dataBytes, what).toBe(96_000);
        expect(parseWavHeader(bytes)?.declaredDataBytes, what).toBe(96_000);
        expect(bytes.readUInt32LE(4) + 8, what).toBe(bytes.length);
        expect(bytes.subarray(44).equals(audio), what).toBe(true);
      }
    }
  });

  it('keeps the markers a take was closing with, and does not take them for audio', async () => {
    const dir = await tempDir();
    const audio = sinePcm(440, 1, 0.5);
    const cue = cueChunks([{ id: 1, frame: 24_000, label: 'Bắt đầu' }]);
    // Killed while closing: the markers are after the audio, the sizes are still those of the last flush.
    for (const header of [wavHeader(MONO, 'unknown'), wavHeader(MONO, 48_000), wavHeader(MONO, 96_000)]) {
      const file = path.join(dir, `closing-${header.readUInt32LE(40)}.wav`);
      await writeFile(file, Buffer.concat([header, audio, cue]));
      const r = await repairWavFile(file, null);
      const bytes = await readFile(file);
      expect(r?.dataBytes).toBe(96_000);
      expect(parseWavHeader(bytes)?.declaredDataBytes).toBe(96_000);
      expect(bytes.readUInt32LE(4) + 8).toBe(bytes.length);
      expect(bytes.subarray(44, 44 + 96_000).equals(audio)).toBe(true);
      expect(bytes.subarray(44 + 96_000).equals(cue)).toBe(true);
    }
  });

  it('repairs a take without its sidecar from the header alone', async () => {
    const dataDir = await tempDir();
    await interruptedTake(dataDir, '20250714-100000-cccc', wavHeader(MONO, 'unknown'), 0.25, 0);
    const [take] = (await recoverInterruptedTakes({ dataDir })).recovered;
    expect(take).toMatchObject({ id: '20250714-100000-cccc', durationSec: 0.25, recovered: true });
    expect(take?.title).toContain('Bản thu khôi phục');
    expect(existsSync(take!.sidecar)).toBe(true);
  });

  it('sets aside what it cannot understand, without deleting it', async () => {
    const dataDir = await tempDir();
    const { inProgress, recovered } = takeFolders(dataDir);
    await mkdir(inProgress, { recursive: true });
    await writeFile(path.join(inProgress, 'mystery.wav'), Buffer.alloc(500, 3));
    const report = await recoverInterruptedTakes({ dataDir });
    expect(report.recovered).toEqual([]);
    expect(report.skipped).toMatchObject([{ reason: 'unreadable' }]);
    expect(await readdir(recovered)).toEqual(['mystery.unreadable.wav']);
  });

  it('never touches a take another live studio process is writing', async () => {
    const dataDir = await tempDir();
    const { inProgress } = takeFolders(dataDir);
    const sleeper = spawn('sleep', ['30']);
    try {
      await interruptedTake(dataDir, '20250714-110000-dddd', wavHeader(MONO, 'unknown'), 0.1);
      await writeFile(
        path.join(inProgress, '20250714-110000-dddd.json'),
        JSON.stringify(sidecar('20250714-110000-dddd', { pid: sleeper.pid! })),
      );
      // Our own process, recording right now.
      await interruptedTake(dataDir, '20250714-110000-eeee', wavHeader(MONO, 'unknown'), 0.1);
      await writeFile(
        path.join(inProgress, '20250714-110000-eeee.json'),
        JSON.stringify(sidecar('20250714-110000-eeee', { pid: process.pid })),
      );
      const report = await recoverInterruptedTakes({ dataDir, isActive: (id) => id.endsWith('eeee') });
      expect(report.recovered).toEqual([]);
      expect(report.skipped.map((s) => s.reason)).toEqual(['in-use', 'in-use']);

      // Not written to for a while: the live pid belongs to someone else now; recover it.
      const old = new Date(Date.now() - 60_000);
      await utimes(path.join(inProgress, '20250714-110000-dddd.wav'), old, old);
      const later = await recoverInterruptedTakes({ dataDir, isActive: () => true });
      expect(later.recovered.map((t) => t.id)).toEqual(['20250714-110000-dddd']);
    } finally {
      sleeper.kill();
    }
  });

  it('moves a sidecar whose audio was already filed (crash between the two renames)', async () => {
    const dataDir = await tempDir();
    const { inProgress, root } = takeFolders(dataDir);
    await mkdir(inProgress, { recursive: true });
    await writeFile(path.join(root, '20250714-120000-ffff.wav'), wavHeader(MONO, 0));
    await writeFile(
      path.join(inProgress, '20250714-120000-ffff.json'),
      JSON.stringify(sidecar('20250714-120000-ffff', { state: 'finished' })),
    );
    await recoverInterruptedTakes({ dataDir });
    expect(existsSync(path.join(root, '20250714-120000-ffff.json'))).toBe(true);
    expect(await readdir(inProgress)).toEqual([]);
  });
});
