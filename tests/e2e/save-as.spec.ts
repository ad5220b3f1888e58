/**
 * Issue 9 point 5: in the web host, an export's folder and name are chosen in the studio's own
 * "save as" window (the user's folders only), from the keyboard, and the last folder is remembered.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAndOpen } from './steps';

test("chooses a folder and a name for an export in the studio's own window, from the keyboard", async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'The Electron app uses the OS\'s own "save as" window.');
  const { page } = studio;
  await importAndOpen(
    page,
    makeTone(path.join(inputDir('save-as'), 'Thời sự trưa.wav'), '0.5*sin(2*PI*440*t)', 2),
  );
  const exportsDir = path.join(studio.dataDir, 'exports');
  const month = path.join(exportsDir, 'Tháng 12');
  mkdirSync(month);
  writeFileSync(path.join(month, 'Thời sự.wav'), '');

  const exporter = page.getByTestId('export-panel');
  const fileField = exporter.getByTestId('export-file');
  await expect(fileField).toHaveValue(/Thời sự trưa-\d{8}-\d{6}\.wav$/);
  // The path is chosen, not typed: main writes only where the user chose.
  await expect(fileField).toHaveAttribute('readonly', '');
  const choose = exporter.getByRole('button', { name: 'Chọn nơi lưu…' });
  await choose.focus();
  await page.keyboard.press('Enter');

  const dialog = page.getByTestId('save-as');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(exportsDir);
  await expect(dialog.getByRole('button', { name: 'Thư mục cá nhân' })).toBeVisible();
  // The name has the focus, with the suggestion to type over.
  const name = dialog.getByLabel('Tên tệp');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(/^Thời sự trưa-\d{8}-\d{6}$/);

  // Into a folder from the keyboard.
  await dialog.getByTestId('save-as-list').getByRole('button').first().focus();
  await expect(dialog.getByRole('button', { name: 'Tháng 12' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(month);
  await expect(dialog.getByTestId('save-as-list')).toContainText('Thời sự.wav');
  await expect(dialog.getByRole('button', { name: 'Lên trên' })).toBeEnabled();

  // A name already there: asked first.
  await name.fill('Thời sự');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('save-as-exists')).toHaveText(
    'Đã có tệp “Thời sự.wav” ở đây. Bấm “Ghi đè” để thay tệp cũ, hoặc đặt tên khác.',
  );
  await expect(dialog.getByRole('button', { name: 'Ghi đè' })).toBeVisible();
  await studio.screenshot('save-as-vi');
  await name.fill('Thời sự trưa 6-12');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  const own = path.join(month, 'Thời sự trưa 6-12.wav');
  await expect(fileField).toHaveValue(own);
  await expect(choose).toBeFocused();

  await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
  await expect(exporter.getByTestId('export-path')).toHaveText(own, { timeout: 30_000 });
  expect(existsSync(own)).toBe(true);

  // The window opens on the last folder chosen; Esc closes it and changes nothing.
  await choose.click();
  await expect(dialog.getByTestId('save-as-folder')).toHaveText(month);
  await expect(dialog.getByTestId('save-as-list')).toContainText('Thời sự trưa 6-12.wav');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(fileField).toHaveValue(own);
});
