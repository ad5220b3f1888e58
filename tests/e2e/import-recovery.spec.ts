import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputDir, makeAudio } from './audio';
import { expect, test } from './fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-import-recovery-'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-import-count-'));

test.use({ dataFolder: data });

/** `studio import` under strace, with one thread for file work so that its renames come in one order. */
function importWithStrace(dataDir: string, file: string, kill: number | null) {
  return spawnSync(
    'strace',
    [
      ...['-f', '-qq', '-e', 'trace=rename'],
      ...(kill ? ['-e', `inject=rename:signal=KILL:when=${kill}`] : []),
      ...[process.execPath, path.join(root, 'bin/studio.js'), 'import', '--data', dataDir, file],
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, UV_THREADPOOL_SIZE: '1' } },
  );
}

// The real CLI imports a recording and is killed between putting its audio into the library and
// writing its record (at the rename of its waveform file, found in a first, whole run).
test.beforeAll(() => {
  const file = makeAudio(
    path.join(inputDir('import-recovery'), 'Phỏng vấn trưởng bản.wav'),
    'sine=frequency=330:duration=20',
  );
  const whole = importWithStrace(scratch, file, null);
  const renames = whole.stderr.split('\n').filter((l) => l.includes('rename('));
  const peaks = renames.findIndex((l) => l.includes('.peaks"'));
  if (whole.status !== 0 || peaks < 0)
    throw new Error(`studio import failed: ${whole.stdout}${whole.stderr}`);
  const killed = importWithStrace(data, file, peaks + 1);
  if (killed.signal !== 'SIGKILL' && killed.status !== 137) throw new Error('the import was not killed');
});

test.afterAll(() => {
  rmSync(data, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

test('an import killed while saving is finished at the next start, and the System screen says so', async ({
  studio,
}) => {
  const { page } = studio;
  const row = page.getByTestId('asset-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Phỏng vấn trưởng bản');

  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const report = page.getByTestId('recovery-report');
  await expect(report.locator('li[data-kind="import-finished"]')).toContainText(
    'Đã hoàn tất lượt nhập bị ngắt khi studio bị tắt: "Phỏng vấn trưởng bản" (2 MB) đã vào thư viện.',
  );
  await studio.screenshot('system-import-recovered-vi');
});
