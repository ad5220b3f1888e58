/**
 * Issue 13: notifications in the shell. A programme submitted, then returned with a comment: the
 * bell counts what is unread, the programme workspace's link counts what waits for approval, the
 * list shows the newest first with the unread in bold, a click opens the programme and marks it
 * read, and "Đánh dấu đã đọc tất cả" clears the rest. All of it from the keyboard too.
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

test('the bell counts, lists and opens the approval steps of a programme, and marks them read', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  const bell = page.getByTestId('notif-bell');
  const badge = page.getByTestId('notif-badge');
  const waiting = page.getByTestId('nav-waiting');
  await expect(bell).toBeVisible();
  await expect(badge).toHaveCount(0);

  await importAll(page, [
    makeTone(path.join(inputDir('notifications'), 'Tin nông vụ.wav'), '0.3*sin(2*PI*300*t)', 3),
  ]);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: /Tin nông vụ/ }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin nông vụ');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  await expect(page.getByTestId('render-report')).toContainText('Đã dựng xong', { timeout: 90_000 });

  // Submitted: the approver (here the local admin, who may do everything) hears of it.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const panel = page.getByTestId('approval-panel');
  await panel.getByTestId('approval-submit').click();
  await expect(badge).toHaveText('1');
  await expect(bell).toHaveAccessibleName('Thông báo: 1 chưa đọc');
  await expect(waiting).toHaveText(/^1/);
  await expect(page.getByRole('link', { name: /Chương trình.*1 chương trình chờ bạn duyệt/ })).toBeVisible();
  await studio.screenshot('notifications-waiting-vi');

  // Returned with a reason: the maker hears of it; nothing waits for approval any more.
  await panel.getByTestId('approval-reason').fill('Thiếu giá lúa hôm nay.');
  await panel.getByTestId('approval-return').click();
  await expect(badge).toHaveText('2');
  await expect(waiting).toHaveCount(0);

  // Away from the programme, the list from the keyboard: newest first, unread in bold.
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await bell.focus();
  await page.keyboard.press('Enter');
  const list = page.getByTestId('notif-panel');
  const items = list.locator('.notif-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Quản trị đã trả lại chương trình “Bản tin nông vụ”');
  await expect(items.nth(0)).toContainText('“Thiếu giá lúa hôm nay.”');
  await expect(items.nth(1)).toContainText('Quản trị đã gửi duyệt chương trình “Bản tin nông vụ”');
  await expect(list.locator('.notif-item.unread')).toHaveCount(2);
  expect(
    await items
      .nth(0)
      .locator('.notif-text')
      .evaluate((e) => getComputedStyle(e).fontWeight),
  ).toBe('600');
  await studio.screenshot('notifications-bell-vi');
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(bell).toBeFocused();

  // Enter on one opens its programme and marks it read.
  await page.keyboard.press('Enter');
  // The list takes the focus on its newest notification.
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#programme\/[0-9a-f]{32}$/);
  await expect(page.locator('.programme-head')).toContainText('Bản tin nông vụ');
  await expect(badge).toHaveText('1');
  await bell.click();
  await expect(list.locator('.notif-item.unread')).toHaveCount(1);
  await expect(list.locator('.notif-item.unread')).toContainText('đã trả lại');

  // The rest at once.
  await list.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
  await expect(badge).toHaveCount(0);
  await expect(list.locator('.notif-item.unread')).toHaveCount(0);
  await expect(bell).toHaveAccessibleName('Thông báo');
  // Kept by main: the same after a reload.
  await page.reload();
  await expect(page.getByTestId('notif-bell')).toBeVisible();
  await expect(page.getByTestId('notif-badge')).toHaveCount(0);
});
