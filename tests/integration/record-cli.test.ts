/**
 * `studio record` as scripts use it, and the crash it must survive: the recording process killed
 * with SIGKILL, then the take repaired and put into the library at the next start.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { TEST_FREQUENCY_HZ, TEST_SOURCE } from '../support/pulseaudio';
import { usePulseAudio } from '../support/use-pulseaudio';
import { useTempDirs } from '../support/temp-dir';
import { analyse } from '../support/recording';
import { runStudioCli } from '../support/cli';

const pulse = usePulseAudio();
const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');
const STUDIO = path.join(root, 'bin/studio.js');

const studio = (args: string[]) => runStudioCli(args, { env: pulse().env, timeoutMs: 60_000 });

describe('studio record', () => {
  it('records N seconds into the data folder and prints where the take went (--json)', async () => {
    const data = await tempDir();
    const r = studio(['record', '--seconds', '2', '--data', data, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      durationSec: 2,
      sampleRate: 48_000,
      channels: 1,
      markers: [],
      device: TEST_SOURCE,
      stopReason: 'time-limit',
    });
    // It is in the library, and stored once: the file is the library's copy, recordings/ keeps the
    // sidecar (markers, asset id) but no second WAV.
    expect(out.assetId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.file.startsWith(path.join(data, 'library') + path.sep)).toBe(true);
    expect(path.basename(out.file)).toBe(`${out.assetId}.wav`);
    const kept = await readdir(path.join(data, 'recordings'));
    expect(kept.filter((n) => n.endsWith('.wav'))).toEqual([]);
    expect(kept).toContain(`${out.id}.json`);
    const facts = analyse(out.file);
    expect(facts).toMatchObject({ sampleRate: 48_000, channels: 1, decodeErrors: '' });
    expect(Math.abs(facts.durationSec - 2)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(facts.frequencyHz - TEST_FREQUENCY_HZ)).toBeLessThan(5);
  });

  it('answers bad arguments and missing devices in Vietnamese', async () => {
    const data = await tempDir();
    const bad = studio(['record', '--seconds', 'mười', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Số giây "mười" không hợp lệ');

    const missing = studio(['record', '--data', data, '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    const noDevice = studio([
      'record',
      '--seconds',
      '1',
      '--device',
      'khong_co_micro',
      '--data',
      data,
      '--json',
    ]);
    expect(noDevice.code).toBe(1);
    const out = JSON.parse(noDevice.stdout);
    expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(out.error.message).toContain('Không thấy thiết bị thu "khong_co_micro"');
    const left = await readdir(path.join(data, 'recordings', 'in-progress')).catch(() => []);
    expect(left).toEqual([]);
  });

  it('survives SIGKILL: the next start repairs the take, keeps all but the last second, and files it as recovered', async () => {
    const data = await tempDir();
    const child = spawn(process.execPath, [STUDIO, 'record', '--seconds', '30', '--data', data], {
      cwd: root,
      env: pulse().env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
    let output = '';
    // The CLI says "Đang thu…" once the first audio has arrived: the take starts there.
    const startedAt = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('Đang thu')) resolve(Date.now());
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', () => reject(new Error(`studio record ended early: ${output}`)));
    });
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await exited).toBe('SIGKILL');
    const elapsedSec = (killedAt - startedAt) / 1000;

    const inProgress = path.join(data, 'recordings', 'in-progress');
    const left = await readdir(inProgress);
    expect(left.filter((n) => n.endsWith('.wav'))).toHaveLength(1);

    // The next start (as the Electron app or any CLI command does it).
    const studioApp = await composeStudio({
      dataDir: data,
      appVersion: 'test',
      host: 'cli',
      env: pulse().env,
    });
    const recovered = studioApp.services.recording.recovered();
    expect(recovered).toHaveLength(1);
    const take = recovered[0]!;
    expect(take).toMatchObject({ recovered: true, stopReason: 'crash', device: TEST_SOURCE });
    expect(await readdir(inProgress)).toEqual([]);
    expect(existsSync(take.file)).toBe(true);

    const facts = analyse(take.file);
    expect(facts.decodeErrors).toBe('');
    expect(facts.sampleRate).toBe(48_000);
    expect(facts.durationSec).toBeGreaterThanOrEqual(elapsedSec - 1);
    expect(facts.durationSec).toBeLessThanOrEqual(elapsedSec + 0.5);
    expect(Math.abs(facts.durationSec - take.durationSec)).toBeLessThan(0.001);
    expect(Math.abs(facts.frequencyHz - TEST_FREQUENCY_HZ)).toBeLessThan(5);

    // In the library, marked as a recovered recording.
    await studioApp.services.recording.idle();
    const { items } = studioApp.services.media.library.list({
      includeDeleted: false,
      onlyDeleted: false,
      sort: 'importedAt',
      order: 'desc',
      offset: 0,
      limit: 10,
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'recording', recovered: true, title: take.title });
    expect(studioApp.services.recording.recovered()[0]?.assetId).toBe(items[0]!.id);
  });
});
