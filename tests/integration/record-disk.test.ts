/**
 * A full disk while recording, on a real (tiny) file system: a tmpfs mounted for the test. Mounting
 * needs root; where it is not allowed these tests are skipped and the unit tests (which inject the
 * free-space figure) still cover the logic.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingWarningEvent } from '../../src-main/contract';
import { RecordingService } from '../../src-main/media/recorder';
import { usePulseAudio } from '../support/use-pulseaudio';
import { analyse } from '../support/recording';

const pulse = usePulseAudio();
const root = path.resolve(__dirname, '../..');
const mounted: string[] = [];

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (ok) spawnSync('umount', [dir]);
  spawnSync('rmdir', [dir]);
  return ok;
}
const MOUNT_OK = canMount();

async function tinyDisk(size: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-full-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounted.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of mounted.splice(0)) {
    spawnSync('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
});

function service(dataDir: string, tuning: ConstructorParameters<typeof RecordingService>[0]['tuning']) {
  const warnings: RecordingWarningEvent[] = [];
  const svc = new RecordingService({
    dataDir,
    env: pulse().env,
    tuning,
    emit: (event, payload) => {
      if (event === 'recording.warning') warnings.push(payload as RecordingWarningEvent);
    },
  });
  return { svc, warnings };
}

describe.skipIf(!MOUNT_OK)('recording onto a disk that fills up', () => {
  it('refuses to start when ten minutes do not fit (studio record)', async () => {
    const data = await tinyDisk('2m');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'bin/studio.js'), 'record', '--seconds', '5', '--data', data, '--json'],
      {
        cwd: root,
        env: pulse().env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(out.error.message).toMatch(/không đủ cho 10 phút thu âm/);
  });

  it('stops before the disk is full and keeps a valid take', async () => {
    const data = await tinyDisk('1m');
    const { svc, warnings } = service(data, { minStartSec: 1, stopReserveSec: 2, diskCheckIntervalMs: 200 });
    await svc.start({ channels: 2 });
    const take = await svc.waitForActive()!;
    expect(take.stopReason).toBe('disk-full');
    expect(warnings.map((w) => w.code)).toContain('disk-full');
    const facts = analyse(take.file);
    expect(facts.decodeErrors).toBe('');
    expect(facts.durationSec).toBeGreaterThan(1.5);
    expect(Math.abs(facts.durationSec - take.durationSec)).toBeLessThan(0.001);
  });

  it('when a write fails for lack of space, stops and keeps everything that was written', async () => {
    const data = await tinyDisk('512k');
    // No free-space checks: the file system itself says "no space left" (ENOSPC).
    const { svc, warnings } = service(data, {
      minStartSec: 0.5,
      stopReserveSec: 0,
      diskCheckIntervalMs: 3_600_000,
    });
    await svc.start({ channels: 2, title: 'Đầy ổ' });
    const take = await svc.waitForActive()!;
    expect(take.stopReason).toBe('disk-full');
    expect(warnings.at(-1)?.message).toContain('Ổ đĩa đã đầy');
    const facts = analyse(take.file);
    expect(facts.decodeErrors).toBe('');
    expect(facts.durationSec).toBeGreaterThan(2);
    expect(facts.sampleRate).toBe(48_000);
    // Filed like any take, its sidecar rewritten in place although no block was free.
    expect(path.dirname(take.file)).toBe(path.join(data, 'recordings'));
    expect(JSON.parse(await readFile(take.sidecar, 'utf8'))).toMatchObject({
      state: 'finished',
      stopReason: 'disk-full',
    });
  });
});
