/**
 * The Publish workspace ("Gửi tỉnh", issue 14) against a real provincial sandbox: an admin sets the
 * province up and has a programme approved; the chief editor sends it from its approval tab ("Gửi
 * lên tỉnh"), sees it in the queue, sends it ("Gửi ngay") and sees it in the history as received
 * by the province; the province's operator rejects it, and "Cập nhật trạng thái" shows the reason;
 * another is withdrawn with the station's reason.
 * Before the province is set up, the workspace says so; a slow link shows the upload's progress in
 * MB; a province gone mid-upload leaves the item waiting with its error in Vietnamese and its next
 * try's time, under the offline banner; it is retried, then cancelled, from the keyboard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { held, sandbox } from '../support/provincial';
import { expect, switchUser, test } from './fixtures';
import { approvedProgramme, configureProvince, importTones, sendFromApprovalTab } from './publish-steps';

const HUNG = {
  name: 'hung',
  displayName: 'Trần Văn Hùng',
  roles: ['chiefEditor'],
  password: 'lãnh đạo Hùng 01',
};
test.use({ accounts: [HUNG] });

const REJECTION = 'Thiếu giờ phát cụ thể cho xã Bản Xèo, đề nghị bổ sung.';
const WITHDRAWAL = 'Lịch cắt điện đã thay đổi, đài sẽ gửi bản mới.';

test('a programme sent from its approval tab shows in the queue, is sent, and shows in the history', async ({
  studio,
}) => {
  test.setTimeout(300_000);
  const { page } = studio;
  await page.setViewportSize({ width: 1366, height: 900 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-province-'));
  const province = await sandbox(dir);
  try {
    await configureProvince(page, province.url);
    // Not the same length: the library keeps one copy of the same audio.
    await importTones(page, { 'Bản tin phòng chống bão': 3, 'Lịch cắt điện tuần này': 4 });
    const address = await approvedProgramme(page, 'Bản tin phòng chống bão');
    const second = await approvedProgramme(page, 'Lịch cắt điện tuần này');

    // The chief editor (not an admin) sends it: the approval tab's button, then the Publish workspace.
    await switchUser(page, HUNG);
    await expect(page.getByRole('link', { name: 'Gửi tỉnh' })).toBeVisible();
    await sendFromApprovalTab(page, address);
    const row = page.getByTestId('outbox-row').filter({ hasText: 'Bản tin phòng chống bão' });
    await expect(row).toHaveCount(1);
    // Shown and focused: the keyboard goes on from the item just queued.
    await expect(row).toBeFocused();
    await expect(row).toContainText('Thông thường');
    await expect(row).toContainText('Xếp hàng: Trần Văn Hùng');

    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect(row).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });
    await expect(page.getByTestId('outbox-group-sent')).toContainText('Bản tin phòng chống bão');
    await expect(row.getByTestId('outbox-state')).toHaveText('Đã gửi');
    await expect(row).toContainText('Gửi xong:');
    const onServer = await held(province.url);
    expect(onServer.map((b) => b.title)).toEqual(['Bản tin phòng chống bão']);
    await expect(row.getByTestId('outbox-province')).toHaveText(/^Tỉnh: đã nhận/);
    await studio.screenshot('publish-sent-vi');

    // The province's operator rejects it on the sandbox's own page; "Cập nhật trạng thái" brings
    // the reason to the station.
    const operator = await page.context().newPage();
    await operator.goto(`${province.url}/sandbox/`);
    await operator.getByLabel('Lý do từ chối').fill(REJECTION);
    await operator.getByRole('button', { name: 'Từ chối' }).click();
    await expect(operator.getByText(`Lý do: ${REJECTION}`)).toBeVisible();
    await operator.close();
    await expect(row.getByTestId('outbox-province')).toHaveAttribute('data-status', 'received');
    await page.getByRole('button', { name: 'Cập nhật trạng thái' }).click();
    // (The runner also asks now and then: whichever asked first found the change.)
    await expect(page.getByTestId('publish-notice')).toContainText('Đã hỏi tỉnh 1 bản tin');
    const status = row.getByTestId('outbox-province');
    await expect(status).toHaveAttribute('data-status', 'rejected');
    await expect(status).toContainText('Tỉnh: bị từ chối');
    await expect(row.getByTestId('outbox-reason')).toHaveText(`Lý do từ chối: ${REJECTION}`);
    await studio.screenshot('publish-rejected-vi');

    await expect(row.getByRole('button', { name: 'Thu hồi' })).toHaveCount(0);

    // The second one, once the province holds it, is withdrawn from the keyboard (W) with a reason;
    // the focus comes back to its row.
    await sendFromApprovalTab(page, second);
    const other = page.getByTestId('outbox-row').filter({ hasText: 'Lịch cắt điện tuần này' });
    await expect(other).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });
    await expect(other.getByTestId('outbox-province')).toHaveAttribute('data-status', 'received');
    await other.focus();
    await other.press('w');
    const dialog = page.getByTestId('withdraw-dialog');
    await expect(dialog).toContainText('Thu hồi bản tin “Lịch cắt điện tuần này”');
    await expect(dialog.getByRole('button', { name: 'Thu hồi bản tin' })).toBeDisabled();
    await expect(dialog.getByTestId('withdraw-reason')).toBeFocused();
    await page.keyboard.type(WITHDRAWAL);
    await dialog.getByRole('button', { name: 'Thu hồi bản tin' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(other).toBeFocused();
    await expect(other.getByTestId('outbox-province')).toHaveAttribute('data-status', 'withdrawn');
    await expect(other.getByTestId('outbox-province')).toContainText('Tỉnh: đã thu hồi');
    await expect(other.getByTestId('outbox-reason')).toHaveText(`Lý do thu hồi: ${WITHDRAWAL}`);
    const statuses = Object.fromEntries((await held(province.url)).map((b) => [b.title, b.status]));
    expect(statuses).toEqual({
      'Bản tin phòng chống bão': 'rejected',
      'Lịch cắt điện tuần này': 'withdrawn',
    });
    await studio.screenshot('publish-withdrawn-vi');

    // The same in English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Publish' })).toBeVisible();
    await expect(row.getByTestId('outbox-province')).toContainText('Province: rejected');
    await expect(row.getByTestId('outbox-reason')).toHaveText(`Reason for rejection: ${REJECTION}`);
    await studio.screenshot('publish-history-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Gửi tỉnh' })).toBeVisible();

    // Enter on the row opens its programme, now "đã gửi tỉnh".
    await row.focus();
    await row.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${address}$`));
    await expect(page.locator('.programme-head').getByTestId('approval-badge')).toHaveText('Đã gửi tỉnh');
  } finally {
    await province.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('not set up, then a slow link shows the upload in MB; a province gone mid-upload: the error, the next try, the offline banner', async ({
  studio,
}) => {
  test.setTimeout(300_000);
  const { page } = studio;
  await page.setViewportSize({ width: 1366, height: 900 });

  // Before anything is set up, the workspace says so and shows an admin the way to set it up.
  await page.getByRole('link', { name: 'Gửi tỉnh' }).click();
  await expect(page.getByTestId('outbox-empty')).toBeVisible();
  const notConfigured = page.getByTestId('publish-not-configured');
  await expect(notConfigured).toContainText('Chưa thiết lập nơi gửi lên tỉnh');
  await studio.screenshot('publish-not-configured-vi');
  await notConfigured.getByRole('link', { name: /Mở Hệ thống/ }).click();
  await expect(page.getByTestId('publish-target')).toBeVisible();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-province-'));
  // Every answer waits 3 s: the upload goes a 4 MB piece at a time, slowly enough to watch.
  const province = await sandbox(dir, 'slow:3s');
  let closed = false;
  try {
    await configureProvince(page, province.url);
    await importTones(page, { 'Thông báo lịch tiêm chủng': 90 });
    const address = await approvedProgramme(page, 'Thông báo lịch tiêm chủng', true);
    await sendFromApprovalTab(page, address);
    const row = page.getByTestId('outbox-row').filter({ hasText: 'Thông báo lịch tiêm chủng' });

    // The studio's runner sends it by itself; the row shows the bytes the province holds.
    const progress = row.getByTestId('outbox-progress');
    await expect(progress).toContainText(/^[1-9][\d,]* MB \/ [\d,]+ MB \(\d+%\)$/, { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-state', 'uploading');
    await expect(row).toHaveAttribute('data-priority', 'emergency');
    await expect(row.getByTestId('outbox-priority')).toHaveText('⚠ Khẩn cấp');
    await expect(page.getByTestId('outbox-group-sending')).toContainText('Thông báo lịch tiêm chủng');
    await studio.screenshot('publish-progress-vi');

    // The province goes away mid-upload: the item waits for its next try with the error in
    // Vietnamese, and the banner says the link is down and when the studio tries again.
    await province.close();
    closed = true;
    const offline = page.getByTestId('publish-offline');
    await expect(offline).toContainText(
      /^Mất kết nối tới hệ thống tỉnh — các bản tin sẽ tự gửi khi có mạng \(thử lại lúc \d\d:\d\d\)/,
      { timeout: 60_000 },
    );
    await expect(row.getByTestId('outbox-error')).toContainText('Lỗi:');
    await expect(row.getByTestId('outbox-retry-at')).toHaveText(/^Thử lại lúc \d\d:\d\d$/);
    await expect(row).toContainText(/Lần thử: \d+/);
    await expect(page.getByTestId('outbox-group-waiting')).toContainText('Thông báo lịch tiêm chủng');
    await studio.screenshot('publish-offline-vi');

    // "Thử lại" from the keyboard (R): one more attempt now, still offline.
    const attempts = async () => Number(/Lần thử: (\d+)/.exec(await row.innerText())?.[1] ?? 0);
    const before = await attempts();
    await row.focus();
    await row.press('r');
    await expect.poll(attempts, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect(row).toHaveAttribute('data-state', 'queued', { timeout: 30_000 });

    // "Huỷ" from the keyboard (Delete), asked first; the focus comes back to the row.
    await row.press('Delete');
    const cancel = page.getByTestId('cancel-dialog');
    await expect(cancel).toContainText('Huỷ gửi “Thông báo lịch tiêm chủng”?');
    await cancel.getByRole('button', { name: 'Huỷ gửi' }).click();
    await expect(cancel).toHaveCount(0);
    await expect(row).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('outbox-group-cancelled')).toContainText('Thông báo lịch tiêm chủng');
    await expect(row).toBeFocused();
    await expect(row.getByRole('button')).toHaveCount(0);
  } finally {
    if (!closed) await province.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.afterEach(async ({ studio }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await studio.screenshot(`publish-failed-${testInfo.title.slice(0, 20)}`);
});
