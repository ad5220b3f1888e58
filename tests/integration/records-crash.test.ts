/**
 * A studio killed with SIGKILL while it saves: every change it reported as saved is there after
 * the restart, and `studio db check` finds the records sound, 20 times over.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { Asset, RecordsCheckReport } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { SeededRandom } from '../support/seeded-random';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const writer = path.resolve(__dirname, '../support/records-writer.ts');

/** Runs the writer until `killAfterMs` after its first saved change; returns the last number it printed. */
async function saveUntilKilled(
  dataDir: string,
  assetId: string,
  start: number,
  killAfterMs: number,
): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, assetId, String(start)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  let last = -1;
  let timer: NodeJS.Timeout | undefined;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    last = Number(line);
    timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  }
  clearTimeout(timer);
  expect(await exited).toBe('SIGKILL');
  return last;
}

describe('a studio killed while it saves', () => {
  it('keeps every change it reported saved, and studio db check is clean after each restart', async () => {
    const home = await tempDir();
    const dataDir = path.join(home, 'data');
    const s = await studios.open(dataDir);
    const assetId = await s.importFile(tone(path.join(home, 'a.wav'), { seconds: 1 }), 'Bản tin chiều');
    await studios.closeAll();

    const random = new SeededRandom(6122026);
    let next = 0;
    for (let run = 0; run < 20; run++) {
      const last = await saveUntilKilled(dataDir, assetId, next, random.int(5, 200));
      expect(last, `run ${run}: nothing was saved before the kill`).toBeGreaterThanOrEqual(next);

      const check = runStudioCli(['db', 'check', '--json', '--data', dataDir]);
      const report = JSON.parse(check.stdout) as RecordsCheckReport;
      expect(report, `run ${run}`).toMatchObject({ ok: true, integrity: ['ok'], problems: [] });
      expect(check.code).toBe(0);

      const t = await studios.open(dataDir);
      const asset: Asset = await t.call('library.get', { id: assetId });
      const saved = Number(/Ghi chú số (\d+)/.exec(asset.notes)?.[1] ?? -1);
      expect(saved, `run ${run}: the last change reported saved is lost`).toBeGreaterThanOrEqual(last);
      await studios.closeAll();
      next = saved + 1;
    }
  }, 240_000);
});
