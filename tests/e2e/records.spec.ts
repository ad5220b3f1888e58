/**
 * Issue 12: the System screen checks the records, backs them up now to a folder the user chooses,
 * lists the daily backups and schedules one's restore for the next start (and cancels it).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

const pad = (n: number) => String(n).padStart(2, '0');
const screens = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screens');

/** The card alone, to look at in detail (the fixture's screenshots are of the whole page). */
async function cardShot(card: Locator, name: string): Promise<void> {
  await card.screenshot({ path: path.join(screens, `${name}.png`) });
}

test('the System screen checks the records, backs them up and schedules a restore', async ({ studio }) => {
  test.skip(studio.host !== 'web', 'The Electron app uses the OS\'s own "save as" window.');
  test.setTimeout(90_000);
  const { page } = studio;
  await importAll(page, [
    makeTone(path.join(inputDir('records'), 'Bản tin sáng.wav'), '0.3*sin(2*PI*330*t)', 1),
  ]);
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const card = page.getByTestId('records');
  await expect(card.getByRole('heading', { name: 'Dữ liệu và sao lưu' })).toBeVisible();

  // The web host made today's backup as it started.
  const now = new Date();
  const todayIso = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const dailyFile = path.join(studio.dataDir, 'backups', `studio-${todayIso}.sqlite`);
  expect(existsSync(dailyFile)).toBe(true);
  const rows = card.getByTestId('daily-backups').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  const shownDay = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  await expect(rows.first()).toContainText(new RegExp(`^${shownDay.replace(/\//g, '\\/')} \\d{2}:\\d{2}`));
  await expect(rows.first()).toContainText(/\d+(,\d)? (KB|MB)/);

  // The check: counts, and no problem.
  await card.getByRole('button', { name: 'Kiểm tra dữ liệu' }).click();
  const result = card.getByTestId('records-check');
  await expect(result.getByTestId('records-counts')).toHaveText(
    '1 tư liệu · 0 bản biên tập · 0 chương trình',
  );
  await expect(result.getByTestId('records-ok')).toHaveText('Không có lỗi');

  // Back up now, into a folder chosen in the studio's own "save as" window, from the keyboard.
  const folder = path.join(studio.dataDir, 'exports', 'Sao lưu tháng 12');
  mkdirSync(folder, { recursive: true });
  const backupNow = card.getByRole('button', { name: 'Sao lưu ngay…' });
  await backupNow.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('save-as');
  await expect(dialog).toBeVisible();
  const name = dialog.getByLabel('Tên tệp');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(`sao-luu-studio-${todayIso}`);
  await expect(dialog.getByText('.sqlite', { exact: true })).toBeVisible();
  await dialog.getByTestId('save-as-list').getByRole('button', { name: 'Sao lưu tháng 12' }).click();
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(folder);
  await name.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(backupNow).toBeFocused();
  const saved = path.join(folder, `sao-luu-studio-${todayIso}.sqlite`);
  await expect(card.getByTestId('backup-path')).toHaveText(saved);
  expect(statSync(saved).size).toBeGreaterThan(0);
  await expect(card.getByTestId('backup-saved')).toContainText(/^Đã sao lưu \(\d+(,\d)? (KB|MB)\) vào:/);
  await cardShot(card, 'records-card-saved-vi');

  // The same name again: main never writes over a file, and says so.
  // (The window opens on the folder chosen last.)
  await backupNow.click();
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(folder);
  await name.press('Enter');
  await expect(card.getByRole('alert')).toContainText(`Đã có tệp "sao-luu-studio-${todayIso}.sqlite"`);
  await card.scrollIntoViewIfNeeded();
  await studio.screenshot('records-card-vi');
  await cardShot(card, 'records-card-exists-vi');

  // Schedule the daily backup's restore: the dialog says what will happen.
  const restore = rows.first().getByRole('button', { name: 'Khôi phục bản này…' });
  await restore.click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm).toContainText('Lần tới Studio khởi động, dữ liệu');
  await expect(confirm).toContainText('Dữ liệu hiện tại được cất riêng, không có gì bị xoá.');
  await expect(confirm).toContainText('Các tệp âm thanh không bị động đến.');
  await studio.screenshot('records-restore-confirm-vi');
  await confirm.getByRole('button', { name: 'Khôi phục khi khởi động lại' }).click();
  await expect(confirm).toHaveCount(0);
  const banner = card.getByTestId('restore-pending');
  await expect(banner).toContainText(
    new RegExp(
      `^Sẽ khôi phục bản sao lưu lúc ${shownDay.replace(/\//g, '\\/')} \\d{2}:\\d{2} khi Studio khởi động lại\\.`,
    ),
  );
  const cancel = banner.getByRole('button', { name: 'Huỷ khôi phục' });
  await expect(cancel).toBeFocused();
  await expect(rows.first()).toContainText('sẽ khôi phục');

  // It is main's: still there after the page is loaded again.
  await page.reload();
  await expect(banner).toBeVisible();
  await banner.scrollIntoViewIfNeeded();
  await studio.screenshot('records-restore-pending-vi');
  await cardShot(card, 'records-card-pending-vi');
  await banner.getByRole('button', { name: 'Huỷ khôi phục' }).click();
  await expect(banner).toHaveCount(0);
  await expect(restore).toBeFocused();
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(banner).toHaveCount(0);

  // Restore from a file the user chooses (the one backed up above): the studio's own "open"
  // window lists folders and only backup files, then the same confirmation as a daily backup's.
  writeFileSync(path.join(folder, 'ghi chú.txt'), 'không phải bản sao lưu');
  makeTone(path.join(folder, 'Bản tin.wav'), '0.3*sin(2*PI*330*t)', 1);
  const fromFile = card.getByRole('button', { name: 'Khôi phục từ tệp…' });
  await fromFile.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(folder);
  const entries = dialog.getByTestId('save-as-list').getByRole('button');
  await expect(entries).toHaveText([`sao-luu-studio-${todayIso}.sqlite`]);
  const choose = dialog.getByRole('button', { name: 'Chọn tệp này', exact: true });
  await expect(choose).toBeDisabled();
  await entries.first().click();
  await expect(dialog.getByLabel('Tên tệp')).toHaveValue(`sao-luu-studio-${todayIso}`);
  await studio.screenshot('records-restore-file-chooser-vi');
  await choose.click();
  await expect(dialog).toHaveCount(0);
  await expect(confirm).toContainText(`Khôi phục từ tệp sao-luu-studio-${todayIso}.sqlite?`);
  await expect(confirm).toContainText(saved);
  await expect(confirm).toContainText('Studio kiểm tra tệp này ngay bây giờ.');
  await expect(confirm).toContainText('Dữ liệu hiện tại được cất riêng, không có gì bị xoá.');
  await studio.screenshot('records-restore-file-confirm-vi');
  await confirm.getByRole('button', { name: 'Khôi phục khi khởi động lại' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(banner).toContainText(
    `Sẽ khôi phục bản sao lưu sao-luu-studio-${todayIso}.sqlite khi Studio khởi động lại.`,
  );
  await page.reload();
  await expect(banner).toContainText(`sao-luu-studio-${todayIso}.sqlite`);
  await banner.scrollIntoViewIfNeeded();
  await cardShot(card, 'records-card-pending-file-vi');
  await banner.getByRole('button', { name: 'Huỷ khôi phục' }).click();
  await expect(banner).toHaveCount(0);

  // A file that is not a backup is refused by main's check, in Vietnamese, and nothing is scheduled.
  const fake = path.join(folder, 'không-phải.sqlite');
  writeFileSync(fake, 'không phải SQLite');
  await fromFile.click();
  await dialog
    .getByTestId('save-as-list')
    .getByRole('button', { name: /không-phải\.sqlite/ })
    .click();
  await choose.click();
  await confirm.getByRole('button', { name: 'Khôi phục khi khởi động lại' }).click();
  await expect(confirm.getByRole('alert')).toBeVisible();
  await studio.screenshot('records-restore-file-refused-vi');
  await confirm.getByRole('button', { name: 'Huỷ' }).click();
  await expect(banner).toHaveCount(0);

  // A library file gone: the check lists it, with its file.
  const libraryDir = path.join(studio.dataDir, 'library');
  const audio = readdirSync(libraryDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.wav'),
  );
  expect(audio).toHaveLength(1);
  rmSync(path.join(libraryDir, audio[0]!));
  await card.getByRole('button', { name: 'Kiểm tra dữ liệu' }).click();
  const problems = result.getByTestId('records-problems');
  await expect(problems).toContainText('Tìm thấy 1 lỗi:');
  await expect(problems.locator('li')).toHaveCount(1);
  await expect(problems.locator('li code')).toContainText(path.basename(audio[0]!));
  await card.scrollIntoViewIfNeeded();
  await studio.screenshot('records-check-problem-vi');
  await cardShot(card, 'records-card-problem-vi');
});
