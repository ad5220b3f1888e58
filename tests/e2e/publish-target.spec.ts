/**
 * "Gửi lên tỉnh" on the System screen (issue 14): an admin sets where the studio publishes to,
 * against a real provincial sandbox; the token is never shown again ("đã lưu"), and "Kiểm tra kết
 * nối" tells a refused token from an accepted one, in Vietnamese; then OAuth2 client credentials
 * (refused, then accepted) and a field mapping.
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

    // OAuth2 client credentials instead: the client id stays readable, the secret never comes back.
    await again.getByLabel('Cách xác thực').selectOption('oauth2');
    await expect(again.getByLabel('Mã truy cập')).toHaveCount(0);
    await again.getByLabel('Mã ứng dụng (client ID)').fill('studio-bat-xat');
    await again.getByLabel('Khoá bí mật (client secret)').fill('khoá-sai-0000');
    await expect(again.getByLabel('Địa chỉ cấp mã (token URL)')).toHaveAttribute(
      'placeholder',
      `${province.url}/api/v1/oauth/token`,
    );
    await again.getByRole('button', { name: 'Lưu nơi gửi' }).click();
    await expect(again.getByText('Đã lưu.')).toBeVisible();
    await expect(again.getByTestId('publish-secret-saved')).toHaveText('· đã lưu');
    const checkAgain = again.getByRole('button', { name: 'Kiểm tra kết nối' });
    await checkAgain.click();
    await expect(again.getByTestId('publish-check')).toHaveAttribute('data-outcome', 'tokenRefused');
    await expect(again.getByTestId('publish-check')).toContainText(
      'Hệ thống của tỉnh từ chối mã ứng dụng hoặc khoá bí mật.',
    );
    await again.getByLabel('Khoá bí mật (client secret)').fill(TOKEN);
    await again.getByRole('button', { name: 'Lưu nơi gửi' }).click();
    await expect(again.getByText('Đã lưu.')).toBeVisible();
    await checkAgain.click();
    await expect(again.getByTestId('publish-check')).toHaveAttribute('data-outcome', 'ok');
    await again.getByText('Nâng cao: giao thức và ánh xạ trường').click();
    await again
      .getByLabel('Ánh xạ trường (JSON)')
      .fill('{ "subjectAreas": { "Phòng chống thiên tai": "PCTT" } }');
    await again.getByRole('button', { name: 'Lưu nơi gửi' }).click();
    await expect(again.getByText('Đã lưu.')).toBeVisible();
    await expect(again.getByLabel('Ánh xạ trường (JSON)')).toHaveValue(/"PCTT"/);
    await again.scrollIntoViewIfNeeded();
    await studio.screenshot('system-publish-target-oauth2-vi');
    expect(await page.content()).not.toContain(TOKEN);
  } finally {
    await province.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
