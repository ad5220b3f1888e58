/**
 * `studio monitor configure` through the real command line: the issue's flags, the settings kept
 * in db/monitor.json, a retention under the rules' six months refused in Vietnamese (exit 2).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MonitorSettings } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

describe('studio monitor configure', () => {
  it('sets the silence time, the webhook, the fallback and the retention, and refuses under six months', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const fallback = tone(path.join(dir, 'du-phong.wav'), { seconds: 1 });
    const r = runStudioCli([
      'monitor',
      'configure',
      '--silence-seconds',
      '15',
      '--webhook',
      'https://canh-bao.example.vn/studio',
      '--fallback',
      `file:${fallback}`,
      '--retention-months',
      '24',
      '--json',
      '--data',
      data,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const expected: MonitorSettings = {
      silenceSeconds: 15,
      webhookUrl: 'https://canh-bao.example.vn/studio',
      relayFallback: `file:${fallback}`,
      retentionMonths: 24,
    };
    expect(JSON.parse(r.stdout)).toEqual(expected);
    const kept = (
      JSON.parse(await readFile(path.join(data, 'db', 'monitor.json'), 'utf8')) as { data: object }
    ).data;
    expect(kept).toMatchObject(expected);

    const refused = runStudioCli([
      'monitor',
      'configure',
      '--retention-months',
      '5',
      '--webhook',
      'none',
      '--data',
      data,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ít nhất 6 tháng');
    // Nothing of a refused change is kept.
    expect(JSON.parse(await readFile(path.join(data, 'db', 'monitor.json'), 'utf8'))).toMatchObject({
      data: expected,
    });
  });
});
