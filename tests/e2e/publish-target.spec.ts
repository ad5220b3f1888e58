/**
 * "Gửi lên tỉnh" on the System screen (issue 14): an admin sets where the studio publishes to,
 * against a real provincial sandbox; the token is never shown again ("đã lưu"), and "Kiểm tra kết
 * nối" tells a refused token from an accepted one, in Vietnamese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandbox, TOKEN } from '../support/provincial';
import { expect, test } from './fixtures';

test('an admin sets the province up and tests the connection', async ({ studio }) => {
  const { page } = studio;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-province-'));
  const province = await sandbox(dir);
  try {
    await page.getByRole('link', { name: 'Hệ thống' }).click();
    const card = page.getByTestId('publish-target');
    await expect(card.getByRole('heading', { name: 'Gửi lên tỉnh' })).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    const check = card.getByRole('button', { name: 'Kiểm tra kết nối' });
    await expect(check).toBeDisabled();

    await card.getByLabel('Địa chỉ hệ thống của tỉnh').fill(province.url);
    await card.getByLabel('Mã đài').fill('TT-BAT-XAT');
    await card.getByLabel('Mã truy cập').fill('mã-sai-0000');
    await card.getByRole('button', { name: 'Lưu nơi gửi' }).click();
    await expect(card.getByText('Đã lưu.')).toBeVisible();
    await expect(card.getByTestId('publish-token-saved')).toHaveText('· đã lưu');
    await expect(card.getByLabel('Mã truy cập')).toHaveValue('');

    await check.click();
    await expect(card.getByTestId('publish-check')).toHaveAttribute('data-outcome', 'tokenRefused');
    await expect(card.getByTestId('publish-check')).toContainText(
      'Hệ thống của tỉnh trả lời nhưng từ chối mã truy cập.',
    );

    await card.getByLabel('Mã truy cập').fill(TOKEN);
    // Unsaved changes: the test would not be of what is typed.
    await expect(check).toBeDisabled();
    await card.getByRole('button', { name: 'Lưu nơi gửi' }).click();
    await expect(card.getByText('Đã lưu.')).toBeVisible();
    await check.click();
    await expect(card.getByTestId('publish-check')).toHaveAttribute('data-outcome', 'ok');
    await expect(card.getByTestId('publish-check')).toContainText(
      'Kết nối được với hệ thống của tỉnh và mã truy cập được chấp nhận.',
    );
    await card.scrollIntoViewIfNeeded();
    await studio.screenshot('system-publish-target-vi');

    // After a reload the token is still only "đã lưu"; the page never held it.
    await page.reload();
    await page.getByRole('link', { name: 'Hệ thống' }).click();
    const again = page.getByTestId('publish-target');
    await expect(again.getByLabel('Địa chỉ hệ thống của tỉnh')).toHaveValue(province.url);
    await expect(again.getByTestId('publish-token-saved')).toBeVisible();
    expect(await page.content()).not.toContain(TOKEN);
  } finally {
    await province.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
