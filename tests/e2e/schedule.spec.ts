/**
 * "Lịch phát" (issue 16): the station plans its week. A relay added every day through the dialog
 * shows on each day of the grid at its hour; a priority relay over it is marked as a conflict;
 * it is removed from its dialog and Ctrl+Z brings it back.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Two stations, added as the station's installer does before anyone signs in.
const dataFolder = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-schedule-'));
for (const code of ['XA-01', 'XA-02'])
  spawnSync(
    process.execPath,
    [path.join(root, 'bin/studio.js'), 'stations', 'add', code, '--name', `Xã ${code}`, '--data', dataFolder],
    {
      cwd: root,
      timeout: 120_000,
    },
  );

test.use({ dataFolder });

test('relays planned on the week grid show by day and hour, a conflict is marked, a removal is undone', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Lịch phát' }).click();
  await expect(page.getByRole('heading', { name: 'Lịch phát' })).toBeVisible();

  // A relay of VOV 1 at 06:00 every day for an hour, to every station (N opens the dialog).
  await page.keyboard.press('n');
  let dialog = page.getByTestId('schedule-dialog');
  await dialog.getByTestId('schedule-at').fill('06:00:00');
  await dialog.getByTestId('schedule-play-kind').selectOption('relay');
  await dialog.getByTestId('schedule-relay').fill('http://127.0.0.1:9/vov1');
  await dialog.getByTestId('schedule-minutes').fill('60');
  await dialog.getByTestId('schedule-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('schedule-occurrence')).toHaveCount(7);
  await expect(page.getByTestId('schedule-conflicts')).toBeHidden();

  // A priority relay at 06:30 on Mondays meets it: both marked, the count said.
  await page.getByTestId('schedule-add').click();
  dialog = page.getByTestId('schedule-dialog');
  await dialog.getByTestId('schedule-at').fill('06:30:00');
  await dialog.getByTestId('schedule-repeat').selectOption('weekly');
  await dialog.getByTestId('schedule-play-kind').selectOption('relay');
  await dialog.getByTestId('schedule-relay').fill('http://127.0.0.1:9/tinh');
  await dialog.getByTestId('schedule-minutes').fill('10');
  await dialog.getByTestId('schedule-priority').selectOption('priority');
  await dialog.getByTestId('schedule-save').click();
  await expect(page.getByTestId('schedule-occurrence')).toHaveCount(8);
  await expect(page.getByTestId('schedule-conflicts')).toContainText('1 chỗ trùng giờ');
  await expect(page.locator('[data-testid=schedule-occurrence][data-conflict=true]')).toHaveCount(2);
  await studio.screenshot('schedule-week');

  // Removed from its dialog; Ctrl+Z brings it back.
  await page
    .getByTitle(/Ưu tiên/)
    .first()
    .click();
  await page.getByTestId('schedule-remove').click();
  await expect(page.getByTestId('schedule-occurrence')).toHaveCount(7);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('schedule-occurrence')).toHaveCount(8);
});
