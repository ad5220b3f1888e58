import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

test('a programme is submitted, returned with a comment, fixed, submitted again and approved; the list filters by state', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  await importAll(page, [
    makeTone(path.join(inputDir('approval'), 'Tin thời tiết.wav'), '0.3*sin(2*PI*300*t)', 3),
  ]);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: /Tin thời tiết/ }).click();
  const badge = page.locator('.programme-head').getByTestId('approval-badge');
  await expect(badge).toHaveText('Nháp');

  // Not rendered yet: nothing to send.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const panel = page.getByTestId('approval-panel');
  await expect(panel.getByTestId('approval-submit')).toBeDisabled();
  await expect(panel).toContainText('Hãy dựng chương trình (có WAV) trước khi gửi duyệt.');
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  await expect(page.getByTestId('render-report')).toContainText('Đã dựng xong', { timeout: 90_000 });

  // The maker submits with a note.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  await panel.getByTestId('approval-note').fill('Tin thời tiết chiều nay');
  await panel.getByTestId('approval-submit').click();
  await expect(badge).toHaveText('Chờ duyệt');
  await expect(panel.getByTestId('approval-history')).toContainText('Tin thời tiết chiều nay');
  await studio.screenshot('programme-approval-submitted-vi');

  // The approver returns it: a reason is required.
  await expect(panel.getByTestId('approval-return')).toBeDisabled();
  await panel.getByTestId('approval-reason').fill('Thiếu nhiệt độ cao nhất trong ngày.');
  await panel.getByTestId('approval-return').click();
  await expect(badge).toHaveText('Trả lại');
  const banner = page.getByTestId('returned-banner');
  await expect(banner).toContainText('Thiếu nhiệt độ cao nhất trong ngày.');
  await studio.screenshot('programme-approval-returned-vi');

  // The maker fixes it: a change brings it back to draft, the comment stays in sight.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin thời tiết');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(badge).toHaveText('Nháp');
  await expect(banner).toContainText('đang là nháp');

  // Submitted again and approved: exactly the master that was sent.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  await panel.getByTestId('approval-submit').click();
  await expect(badge).toHaveText('Chờ duyệt');
  await expect(banner).toHaveCount(0);
  await panel.getByTestId('approval-approve').click();
  await expect(badge).toHaveText('Đã duyệt');
  await expect(panel).toContainText('Bản gốc:');
  await expect(panel.getByTestId('approval-history').locator('li')).toHaveCount(5);
  await studio.screenshot('programme-approval-approved-vi');

  // The list shows the state and filters by it.
  await page.getByRole('link', { name: '← Danh sách chương trình' }).click();
  const table = page.getByTestId('programme-table');
  await expect(table.getByTestId('approval-badge')).toHaveText('Đã duyệt');
  await page.getByTestId('approval-filter').selectOption({ label: 'Chờ duyệt' });
  await expect(page.getByText('Không có chương trình nào ở trạng thái này.')).toBeVisible();
  await page.getByTestId('approval-filter').selectOption({ label: 'Đã duyệt' });
  await expect(table.getByRole('row', { name: /Bản tin thời tiết/ })).toBeVisible();
  await studio.screenshot('programme-approval-list-vi');
});
