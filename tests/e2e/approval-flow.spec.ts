/**
 * Issue 13's approval flow with real people on one studio: a reporter and a chief editor share the
 * station's PC (one page, signing out and in). The reporter makes a programme, renders and submits
 * it; the chief editor hears of it in the bell, opens it from there and returns it with a reason;
 * the reporter reads the reason, fixes the programme, renders and submits it again; the chief editor
 * approves it, pinned to the master's hash; the reporter hears of the approval. At each step: the
 * state, what the bell says (by the names people know), and that each sees only their own buttons.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, switchUser, test } from './fixtures';
import { importAll } from './steps';

const LAN = {
  name: 'lan',
  displayName: 'Nguyễn Thị Lan',
  roles: ['reporter'],
  password: 'phóng viên Lan 01',
};
const HUNG = {
  name: 'hung',
  displayName: 'Trần Văn Hùng',
  roles: ['chiefEditor'],
  password: 'lãnh đạo Hùng 01',
};
test.use({ account: LAN, accounts: [HUNG] });

const REASON = 'Thiếu giá lúa hôm nay, hãy bổ sung.';

test('a reporter submits, the chief editor returns it with a reason, the reporter fixes it, the chief editor approves', async ({
  studio,
}) => {
  test.setTimeout(300_000);
  const { page } = studio;
  await page.setViewportSize({ width: 1366, height: 768 });
  const bell = page.getByTestId('notif-bell');
  const unread = page.getByTestId('notif-badge');
  const list = page.getByTestId('notif-panel');
  const items = list.locator('.notif-item');
  const badge = page.locator('.programme-head').getByTestId('approval-badge');
  const panel = page.getByTestId('approval-panel');
  const tab = (name: string) => page.getByRole('tab', { name }).click();

  /** What a chief editor may not do: send, or change anything. */
  const expectApproverOnly = async () => {
    await expect(panel.getByTestId('approval-submit')).toHaveCount(0);
    await expect(panel.getByTestId('approval-withdraw')).toHaveCount(0);
    await expect(page.getByRole('button', { name: '+ Thêm mục' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Dựng chương trình' })).toHaveCount(0);
    await expect(page.getByTestId('programme-undo')).toHaveCount(0);
    await tab('Thông tin');
    await expect(page.getByTestId('metadata-form').getByLabel('Tên chương trình')).toBeDisabled();
    // The render's report, not its options: rendering is the maker's.
    await tab('Dựng');
    await expect(page.getByTestId('render-panel').getByRole('checkbox', { name: 'MP3' })).toBeHidden();
    await tab('Duyệt');
  };
  /** What a reporter may not do: decide. */
  const expectMakerOnly = async () => {
    await expect(panel.getByTestId('approver-box')).toHaveCount(0);
    await expect(panel.getByTestId('approval-approve')).toHaveCount(0);
    await expect(panel.getByTestId('approval-return')).toHaveCount(0);
    await expect(panel.getByTestId('approval-emergency')).toHaveCount(0);
  };
  const render = async () => {
    await page.getByRole('button', { name: 'Dựng chương trình' }).click();
    await expect(page.getByTestId('render-report')).toContainText('Đã dựng xong', { timeout: 120_000 });
  };
  /** Opens the bell's newest notification, which says `text`, and lands on its programme. */
  const openFromBell = async (text: string | RegExp) => {
    await bell.click();
    await expect(items.nth(0)).toContainText(text);
    await items.nth(0).click();
    await expect(page).toHaveURL(/#programme\/[0-9a-f]{32}$/);
    await expect(page.locator('.programme-head')).toContainText('Bản tin nông vụ');
    await tab('Duyệt');
  };
  const shoot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await studio.screenshot(`approval-flow-${name}`);
  };

  // 1. Lan (reporter) makes a programme from an imported file, renders it and sends it.
  await expect(page.getByTestId('user-menu')).toContainText('Nguyễn Thị Lan');
  await importAll(page, [
    makeTone(path.join(inputDir('approval-flow'), 'Tin nông vụ.wav'), '0.3*sin(2*PI*300*t)', 3),
  ]);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: /Tin nông vụ/ }).click();
  await tab('Thông tin');
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin nông vụ');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(badge).toHaveText('Nháp');
  await render();
  await tab('Duyệt');
  await expectMakerOnly();
  await panel.getByTestId('approval-submit').click();
  await expect(badge).toHaveText('Chờ duyệt');
  await expect(panel.getByTestId('approval-history')).toContainText('Nguyễn Thị Lan');
  await expect(panel.getByTestId('approval-withdraw')).toBeVisible();
  await expectMakerOnly();
  // Nobody is told of their own step.
  await expect(unread).toHaveCount(0);
  await shoot('1-reporter-submitted');

  // 2. Hùng (chief editor) hears of it, opens it from the bell and returns it with a reason.
  await switchUser(page, HUNG);
  await expect(page.getByTestId('user-menu')).toContainText('Trần Văn Hùng');
  await expect(unread).toHaveText('1');
  await bell.click();
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText('Nguyễn Thị Lan đã gửi duyệt chương trình “Bản tin nông vụ”');
  await shoot('2-chief-bell');
  await bell.click();
  await expect(list).toHaveCount(0);
  await openFromBell('Nguyễn Thị Lan đã gửi duyệt');
  await expect(unread).toHaveCount(0);
  await expect(badge).toHaveText('Chờ duyệt');
  await expectApproverOnly();
  await expect(panel.getByTestId('approval-approve')).toBeEnabled();
  await expect(panel.getByTestId('approval-return')).toBeDisabled();
  await panel.getByTestId('approval-reason').fill(REASON);
  await shoot('3-chief-returning');
  await panel.getByTestId('approval-return').click();
  await expect(badge).toHaveText('Trả lại');
  await expect(panel.getByTestId('approver-box')).toHaveCount(0);
  await expectApproverOnly();
  await expect(panel.getByTestId('approval-history')).toContainText(REASON);
  await shoot('4-chief-returned');

  // 3. Lan reads the reason in the bell and on the programme, fixes it, renders and sends it again.
  await switchUser(page, LAN);
  await expect(unread).toHaveText('1');
  await bell.click();
  await expect(items.nth(0)).toContainText('Trần Văn Hùng đã trả lại chương trình “Bản tin nông vụ”');
  await expect(items.nth(0)).toContainText(`“${REASON}”`);
  await shoot('5-reporter-bell-returned');
  await bell.click();
  await expect(list).toHaveCount(0);
  await openFromBell('đã trả lại');
  await expect(badge).toHaveText('Trả lại');
  const banner = page.getByTestId('returned-banner');
  await expect(banner).toContainText('Trần Văn Hùng');
  await expect(banner).toContainText(REASON);
  await expectMakerOnly();
  await shoot('6-reporter-returned');
  await tab('Thông tin');
  await meta.getByLabel('Tên chương trình').fill('Bản tin nông vụ: giá lúa hôm nay');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(badge).toHaveText('Nháp');
  await expect(banner).toContainText('đang là nháp');
  await render();
  await tab('Duyệt');
  await panel.getByTestId('approval-submit').click();
  await expect(badge).toHaveText('Chờ duyệt');
  await expect(banner).toHaveCount(0);
  await expectMakerOnly();
  await shoot('7-reporter-resubmitted');

  // 4. Hùng approves exactly the master sent: the state, and its hash shown short.
  await switchUser(page, HUNG);
  await expect(unread).toHaveText('1');
  await openFromBell('Nguyễn Thị Lan đã gửi duyệt chương trình “Bản tin nông vụ: giá lúa hôm nay”');
  await expect(badge).toHaveText('Chờ duyệt');
  await expectApproverOnly();
  await panel.getByTestId('approval-approve').click();
  await expect(badge).toHaveText('Đã duyệt');
  const hash = panel.getByText(/^Bản gốc: [0-9a-f]{12}$/);
  await expect(hash).toBeVisible();
  await expect(hash).toHaveAttribute('title', /^[0-9a-f]{64}$/);
  const full = (await hash.getAttribute('title')) as string;
  await expect(hash).toHaveText(`Bản gốc: ${full.slice(0, 12)}`);
  await expect(panel.getByTestId('approver-box')).toHaveCount(0);
  await expectApproverOnly();
  await shoot('8-chief-approved');

  // 5. Lan hears of the approval.
  await switchUser(page, LAN);
  await expect(unread).toHaveText('1');
  await bell.click();
  await expect(items.nth(0)).toContainText(
    'Trần Văn Hùng đã duyệt chương trình “Bản tin nông vụ: giá lúa hôm nay”',
  );
  await expect(list.locator('.notif-item.unread')).toHaveCount(1);
  await shoot('9-reporter-bell-approved');
  await items.nth(0).click();
  await expect(badge).toHaveText('Đã duyệt');
  await expectMakerOnly();
  // Newest first: approved, submitted again, the fix (back to draft), returned, submitted.
  await expectHistory(page, [
    'Trần Văn Hùng',
    'Nguyễn Thị Lan',
    'Nguyễn Thị Lan',
    'Trần Văn Hùng',
    'Nguyễn Thị Lan',
  ]);
});

/** Each step of the approval history names who took it, by the name people know them by. */
async function expectHistory(page: Page, who: string[]): Promise<void> {
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const steps = page.getByTestId('approval-history').locator('li');
  await expect(steps).toHaveCount(who.length);
  for (const [k, name] of who.entries()) await expect(steps.nth(k)).toContainText(name);
}
