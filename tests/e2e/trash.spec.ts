import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, openInEditor } from './steps';

/** Every audio file under the data folder's library (not the waveform caches). */
function libraryAudio(dataDir: string): string[] {
  const root = path.join(dataDir, 'library');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.wav'));
}

/** A new programme named `title` with the library asset `asset` on its voice track. */
async function programmeWith(page: Page, title: string, asset: string): Promise<void> {
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill(title);
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: asset }).click();
  await expect(page.getByTestId('rundown').locator('[data-rundown-id]')).toHaveCount(1);
}

test('an asset a programme and an edit use: the trash names them, asks, and undo or the trash brings it back; deleting it for good takes a second step', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  const dir = inputDir('trash');
  const interview = makeTone(path.join(dir, 'Phỏng vấn chủ tịch xã.wav'), '0.4*sin(2*PI*300*t)', 4);
  const jingle = makeTone(path.join(dir, 'Nhạc hiệu đài.wav'), '0.4*sin(2*PI*880*t)', 2);
  await importAll(page, [interview, jingle]);
  expect(libraryAudio(studio.dataDir)).toHaveLength(2);

  // The interview is edited in the editor and used in "Bản tin sáng".
  await openInEditor(page, 'Phỏng vấn chủ tịch xã');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:04.000', { timeout: 60_000 });
  await programmeWith(page, 'Bản tin sáng', 'Phỏng vấn chủ tịch xã');

  await page.getByRole('link', { name: 'Thư viện' }).click();
  const rows = page.getByTestId('asset-table').locator('tbody tr');
  const row = rows.filter({ hasText: 'Phỏng vấn chủ tịch xã' });
  const detail = page.getByTestId('asset-detail');
  await row.click();
  await detail.getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();

  // The dialog names what uses it before anything happens.
  const dialog = page.getByTestId('trash-dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Chuyển “Phỏng vấn chủ tịch xã” vào thùng rác?');
  const usage = dialog.getByTestId('usage-list');
  await expect(usage).toContainText('Chương trình (1)');
  await expect(usage).toContainText('Bản tin sáng');
  await expect(usage).toContainText('Bản biên tập (1)');
  await expect(usage).toContainText('Phỏng vấn chủ tịch xã');
  await expect(dialog).toContainText('sẽ không dựng được cho đến khi bạn khôi phục');
  await studio.screenshot('trash-confirm-vi');
  // Cancelled: nothing changes.
  await dialog.getByRole('button', { name: 'Huỷ' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rows).toHaveCount(2);

  // Confirmed: it leaves the list, and "Hoàn tác" brings it back.
  await detail.getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await expect(row).toHaveCount(0);
  const bar = page.getByTestId('undo-bar');
  await expect(bar).toContainText('Đã chuyển “Phỏng vấn chủ tịch xã” vào thùng rác.');
  await studio.screenshot('trash-undo-bar-vi');
  await bar.getByRole('button', { name: 'Hoàn tác' }).click();
  await expect(row).toHaveCount(1);
  await expect(bar).toContainText('Đã khôi phục “Phỏng vấn chủ tịch xã”.');
  await expect(bar.getByRole('button', { name: 'Hoàn tác' })).toHaveCount(0);

  // Ctrl+Z does the same while the bar is there.
  await row.click();
  await detail.getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect(bar.getByRole('button', { name: 'Hoàn tác' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(row).toHaveCount(1);

  // In the trash, the programme says plainly why it cannot be rendered.
  await row.click();
  await detail.getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await expect(row).toHaveCount(0);
  await bar.getByRole('button', { name: 'Đóng' }).click();
  await expect(bar).toHaveCount(0);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByTestId('programme-table').locator('tr', { hasText: 'Bản tin sáng' }).click();
  await expect(page.getByTestId('programme-problems')).toContainText(
    'âm thanh "Phỏng vấn chủ tịch xã" đang nằm trong thùng rác',
  );
  await expect(page.getByTestId('programme-problems')).toContainText('Thư viện → Thùng rác → Khôi phục');

  // The trash view restores it.
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('library-trash-toggle').click();
  await expect(page.getByTestId('library-trash-banner')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(row).toContainText('trong thùng rác');
  await studio.screenshot('trash-library-vi');
  await row.click();
  await detail.getByRole('button', { name: 'Khôi phục' }).click();
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('Thùng rác trống.')).toBeVisible();
  await page.getByRole('button', { name: 'Quay lại thư viện' }).click();
  await expect(rows).toHaveCount(2);

  // For good: only from the trash, and only after its own confirmation.
  await row.click();
  await detail.getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await page.getByTestId('library-trash-toggle').click();
  await row.click();
  await detail.getByRole('button', { name: 'Xoá vĩnh viễn…' }).click();
  const purge = page.getByTestId('purge-dialog');
  await expect(purge).toContainText('không hoàn tác được');
  await expect(purge.getByTestId('usage-list')).toContainText('Bản tin sáng');
  await studio.screenshot('trash-purge-confirm-vi');
  await purge.getByRole('button', { name: 'Huỷ' }).click();
  expect(libraryAudio(studio.dataDir)).toHaveLength(2);
  await detail.getByRole('button', { name: 'Xoá vĩnh viễn…' }).click();
  await purge.getByRole('button', { name: 'Xoá vĩnh viễn', exact: true }).click();
  await expect(rows).toHaveCount(0);
  await expect(bar).toContainText('Đã xoá vĩnh viễn “Phỏng vấn chủ tịch xã”.');
  await expect(bar.getByRole('button', { name: 'Hoàn tác' })).toHaveCount(0);
  expect(libraryAudio(studio.dataDir)).toEqual([expect.not.stringContaining('Phỏng')]);
  expect(libraryAudio(studio.dataDir)).toHaveLength(1);
});

test('a programme goes to the trash with undo, and is deleted for good from the trash', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin chiều');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bản tin chiều');

  await page.getByRole('tab', { name: 'Mẫu và tệp' }).click();
  await page.getByRole('button', { name: 'Chuyển chương trình vào thùng rác…' }).click();
  const dialog = page.getByTestId('trash-dialog');
  await expect(dialog).toContainText('Âm thanh của nó vẫn ở trong thư viện');
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();

  // Back on the list, without it, and with "Hoàn tác".
  const table = page.getByTestId('programme-table');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chương trình');
  await expect(page.getByText('Chưa có chương trình nào')).toBeVisible();
  const bar = page.getByTestId('undo-bar');
  await expect(bar).toContainText('Đã chuyển chương trình “Bản tin chiều” vào thùng rác.');
  await bar.getByRole('button', { name: 'Hoàn tác' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Bản tin chiều');

  // To the trash again; the trash view restores or deletes it for good.
  await table.locator('tr', { hasText: 'Bản tin chiều' }).click();
  await page.getByRole('tab', { name: 'Mẫu và tệp' }).click();
  await page.getByRole('button', { name: 'Chuyển chương trình vào thùng rác…' }).click();
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await expect(page.getByText('Chưa có chương trình nào')).toBeVisible();
  await page.getByTestId('programme-trash-toggle').click();
  const bin = page.getByTestId('programme-bin');
  await expect(bin.locator('tbody tr')).toHaveCount(1);
  await expect(bin).toContainText('Bản tin chiều');
  await studio.screenshot('trash-programmes-vi');
  await bin.getByRole('button', { name: 'Xoá vĩnh viễn…' }).click();
  const purge = page.getByTestId('purge-dialog');
  await expect(purge).toContainText('không khôi phục được');
  await purge.getByRole('button', { name: 'Xoá vĩnh viễn', exact: true }).click();
  await expect(bin.getByText('Thùng rác không có chương trình nào.')).toBeVisible();
  await expect(bar).toContainText('Đã xoá vĩnh viễn “Bản tin chiều”.');
});
