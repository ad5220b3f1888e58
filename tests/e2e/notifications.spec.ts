/**
 * Issue 13: notifications in the shell. A programme submitted, then returned with a comment: the
 * bell counts what is unread, the programme workspace's link counts what waits for approval, the
 * list shows the newest first with the unread in bold, a click opens the programme and marks it
 * read, and "Đánh dấu đã đọc tất cả" clears the rest. A reporter makes it, the admin approves.
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { E2E_ADMIN, expect, switchUser, test } from './fixtures';
import { importAll } from './steps';

// The maker: a reporter (the fixture signs them in); the approver: the fixture's admin. Nobody is
// told of their own step, so the two are different people.
const LAN = { name: 'lan', displayName: 'Phạm Thị Lan', roles: ['reporter'], password: 'phóng viên Lan 01' };
test.use({ account: LAN });

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

  // Submitted by the reporter: the approver hears of it; the reporter is not told of their own step.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  await page.getByTestId('approval-panel').getByTestId('approval-submit').click();
  await expect(page.locator('.programme-head').getByTestId('approval-badge')).toHaveText('Chờ duyệt');
  await expect(badge).toHaveCount(0);
  await switchUser(page, E2E_ADMIN);
  await expect(badge).toHaveText('1');
  await expect(bell).toHaveAccessibleName('Thông báo: 1 chưa đọc');
  await expect(waiting).toHaveText(/^1/);
  await expect(page.getByRole('link', { name: /Chương trình.*1 chương trình chờ bạn duyệt/ })).toBeVisible();
  await studio.screenshot('notifications-waiting-vi');

  // From the keyboard: the list takes the focus on its newest; Enter opens the programme, read.
  await bell.focus();
  await page.keyboard.press('Enter');
  const list = page.getByTestId('notif-panel');
  const items = list.locator('.notif-item');
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText('Phạm Thị Lan đã gửi duyệt chương trình “Bản tin nông vụ”');
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#programme\/[0-9a-f]{32}$/);
  await expect(page.locator('.programme-head')).toContainText('Bản tin nông vụ');
  await expect(badge).toHaveCount(0);

  // Returned with a reason: the maker hears of it; nothing waits for approval any more.
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const panel = page.getByTestId('approval-panel');
  await panel.getByTestId('approval-reason').fill('Thiếu giá lúa hôm nay.');
  await panel.getByTestId('approval-return').click();
  await expect(waiting).toHaveCount(0);
  await expect(badge).toHaveCount(0);

  // The reporter, away from the programme: the list, unread in bold, with the approver's words.
  await switchUser(page, LAN);
  await expect(badge).toHaveText('1');
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await bell.focus();
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText('đã trả lại chương trình “Bản tin nông vụ”');
  await expect(items.nth(0)).toContainText('“Thiếu giá lúa hôm nay.”');
  await expect(list.locator('.notif-item.unread')).toHaveCount(1);
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

  // All at once.
  await bell.click();
  await list.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
  await expect(badge).toHaveCount(0);
  await expect(list.locator('.notif-item.unread')).toHaveCount(0);
  await expect(bell).toHaveAccessibleName('Thông báo');
  // Kept by main: the same after a reload.
  await page.reload();
  await expect(page.getByTestId('notif-bell')).toBeVisible();
  await expect(page.getByTestId('notif-badge')).toHaveCount(0);
});
