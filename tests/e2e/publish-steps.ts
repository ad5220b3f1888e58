/**
 * Steps of the publishing specs (issue 14) as a station's staff take them in the UI: the province
 * set up in System, tones imported, a programme made, rendered and approved, and sent from its
 * approval tab to the Publish workspace.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { TOKEN } from '../support/provincial';
import { inputDir, makeTone } from './audio';
import { expect } from './fixtures';
import { importAll } from './steps';

/** System › "Gửi lên tỉnh": where the studio publishes, as an admin sets it. */
export async function configureProvince(page: Page, url: string): Promise<void> {
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const card = page.getByTestId('publish-target');
  const endpoint = card.getByLabel('Địa chỉ hệ thống của tỉnh');
  await endpoint.fill(url);
  await card.getByLabel('Mã đài').fill('TT-BAT-XAT');
  await card.getByLabel('Mã truy cập').fill(TOKEN);
  await card.getByRole('button', { name: 'Lưu nơi gửi' }).click();
  await expect(card.getByText('Đã lưu.')).toBeVisible();
  await expect(endpoint).toHaveValue(url);
}

/** Imports one tone per title (lasting its seconds) into the library, all at once. */
export async function importTones(page: Page, tones: Record<string, number>): Promise<void> {
  const dir = inputDir('publish');
  const files = Object.entries(tones).map(([title, seconds]) =>
    makeTone(path.join(dir, `${title}.wav`), '0.3*sin(2*PI*300*t)', seconds),
  );
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await importAll(page, files);
}

/**
 * A programme made, rendered, submitted and approved by the admin (who holds every role): one
 * item, the imported file of the same title, for two communes; khẩn cấp if `emergency`. Returns
 * its address (`#programme/<id>`).
 */
export async function approvedProgramme(page: Page, title: string, emergency = false): Promise<string> {
  await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: new RegExp(title) }).click();
  await expect(dialog).toHaveCount(0);
  const meta = page.getByTestId('metadata-form');
  // The new item is selected as it arrives, which shows its own tab: then go to the details.
  await expect(page.getByLabel('Tiêu đề', { exact: true })).toHaveValue(title);
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  await meta.getByLabel('Tên chương trình').fill(title);
  await meta.getByLabel('Mã xã/phường nhận (cách nhau bằng dấu phẩy)').fill('01234, 01237');
  if (emergency) await meta.locator('label.choice-emergency').click();
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  await expect(page.getByTestId('render-report')).toContainText('Đã dựng xong', { timeout: 120_000 });
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const panel = page.getByTestId('approval-panel');
  await panel.getByTestId('approval-submit').click();
  await panel.getByTestId('approval-approve').click();
  await expect(page.locator('.programme-head').getByTestId('approval-badge')).toHaveText('Đã duyệt');
  return new URL(page.url()).hash;
}

/** Opens a programme by its address and presses "Gửi lên tỉnh" on its approval tab. */
export async function sendFromApprovalTab(page: Page, address: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), address);
  await page.getByRole('tab', { name: 'Duyệt' }).click();
  const send = page.getByTestId('approval-panel').getByRole('button', { name: /Gửi lên tỉnh/ });
  await send.click();
  await expect(page).toHaveURL(/#publish\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Gửi tỉnh' })).toBeVisible();
}
