import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputDir, makeAudio } from './audio';
import { expect, test } from './fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-recovery-'));

test.use({ dataFolder: data });

// A library made by the real CLI, then its settings file lost (its backup is still there).
test.beforeAll(() => {
  const file = makeAudio(
    path.join(inputDir('recovery'), 'Tin sáng xã Tân Lập.wav'),
    'sine=frequency=440:duration=2',
  );
  const r = spawnSync(process.execPath, [path.join(root, 'bin/studio.js'), 'import', '--data', data, file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`studio import failed: ${r.stdout}${r.stderr}`);
  rmSync(path.join(data, 'db', 'settings.json'));
});

test.afterAll(() => rmSync(data, { recursive: true, force: true }));

test('a lost data file comes back from its backup, and the System screen says so', async ({ studio }) => {
  const { page } = studio;
  const row = page.getByTestId('asset-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Tin sáng xã Tân Lập');

  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const report = page.getByTestId('recovery-report');
  await expect(report.getByRole('heading', { name: 'Studio đã tự khôi phục' })).toBeVisible();
  await expect(report.locator('li[data-kind="store-missing"]')).toContainText(
    'Đã khôi phục cài đặt của studio từ bản sao lưu (tệp db/settings.json bị mất)',
  );
  await expect(page.getByTestId('readiness')).toBeVisible();
  await studio.screenshot('system-recovery-vi');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(report.getByRole('heading', { name: 'Repaired by the studio' })).toBeVisible();
  await expect(report.locator('li[data-kind="store-missing"]')).toContainText(
    'The data file db/settings.json was missing and was restored from its backup.',
  );
  await studio.screenshot('system-recovery-en');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
});
