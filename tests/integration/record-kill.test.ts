/**
 * A take killed at every write it makes: a child process writes a take through the real WavFileWriter
 * and is SIGKILLed by strace just before its Nth write to the file (each N in turn), or before it cuts
 * the file while closing. Recovery must then keep exactly the whole frames on disk, frame by frame,
 * and the markers when they made it to the file.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repairWavFile } from '../../src-main/media/recorder';
import { parseWavHeader } from '../../src-main/media/recorder/wav';
import { bundleChild } from '../support/bundle-child';
import { countTakeFrames, TAKE_FORMAT, TAKE_MARKERS } from '../support/take-frames';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const CHUNKS = 12;
const FRAMES_PER_CHUNK = 480;
let writerScript = '';

beforeAll(async () => {
  writerScript = await bundleChild('take-writer', await tempDir());
});

/** Runs the writer under strace; `kill` names the call to die at, e.g. `pwrite64:when=5`. */
function writeTake(file: string, kill: string | null) {
  const r = spawnSync(
    'strace',
    [
      ...['-f', '-qq', '-o', '/dev/null', '-P', file, '-e', 'trace=pwrite64,ftruncate'],
      ...(kill ? ['-e', `inject=${kill.replace(':', ':signal=KILL:')}`] : []),
      ...[process.execPath, writerScript, file, String(CHUNKS), String(FRAMES_PER_CHUNK)],
    ],
    // One thread does the file work, so the Nth write is the same write in every run.
    { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, timeout: 20_000 },
  );
  return { closed: r.stdout.includes('closed'), killed: r.status === 137 || r.signal === 'SIGKILL' };
}

function countWrites(file: string): number {
  const r = spawnSync(
    'strace',
    [
      ...['-f', '-qq', '-P', file, '-e', 'trace=pwrite64'],
      ...[process.execPath, writerScript, file, String(CHUNKS), String(FRAMES_PER_CHUNK)],
    ],
    { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, timeout: 20_000 },
  );
  return r.stderr.split('\n').filter((l) => l.includes('pwrite64(')).length;
}

describe('a take killed at any moment', () => {
  it('keeps exactly the whole frames that reached the disk, and the markers once written', async () => {
    const dir = await tempDir();
    const writes = countWrites(path.join(dir, 'count.wav'));
    // The header, 12 chunks of audio, two size fields per flush (4 flushes) and at close, the markers.
    expect(writes).toBe(1 + CHUNKS + 2 * 4 + 1 + 2);

    const kills = [
      ...Array.from({ length: writes }, (_, i) => `pwrite64:when=${i + 1}`),
      'ftruncate:when=1',
      null,
    ];
    const totalFrames = CHUNKS * FRAMES_PER_CHUNK;
    for (const [i, kill] of kills.entries()) {
      const file = path.join(dir, `take-${i}.wav`);
      const run = writeTake(file, kill);
      expect(run, `${kill}`).toEqual({ closed: kill === null, killed: kill !== null });

      const onDisk = await readFile(file);
      const frames = countTakeFrames(onDisk, 44);
      const markers = TAKE_MARKERS.map((m) => ({ id: m.id, atSec: m.frame / 48_000, label: m.label }));
      const repaired = await repairWavFile(file, TAKE_FORMAT, markers);

      const bytes = await readFile(file);
      const header = parseWavHeader(bytes);
      const what = `killed at ${kill ?? 'nothing'}: ${frames} frames on disk`;
      expect(repaired?.dataBytes, what).toBe(frames * 4);
      expect(header?.declaredDataBytes, what).toBe(frames * 4);
      expect(countTakeFrames(bytes, 44), what).toBe(frames);
      expect(bytes.readUInt32LE(4) + 8, what).toBe(bytes.length);
      const end = 44 + frames * 4;
      const kept = TAKE_MARKERS.filter((m) => m.frame <= frames);
      if (kept.length > 0) expect(bytes.toString('ascii', end, end + 4), what).toBe('cue ');
      if (kept.length > 0) expect(bytes.readUInt32LE(end + 8), what).toBe(kept.length);
      else expect(bytes.length, what).toBe(end);
      if (kill === null) expect(frames).toBe(totalFrames);
    }
  }, 120_000);
});
