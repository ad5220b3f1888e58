import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test('the System screen saves a diagnostics file for IT support', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const card = page.getByTestId('diagnostics');
  await expect(card.getByRole('heading', { name: 'Hỗ trợ kỹ thuật' })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await studio.screenshot('system-diagnostics-vi');

  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Lưu tệp chẩn đoán' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^chan-doan-studio-\d{4}-\d{2}-\d{2}-\d{4}\.txt$/);
  const text = await readFile((await file.path()) ?? '', 'utf8');
  expect(text).toContain('===== Kiểm tra hệ thống / Doctor report =====');
  expect(text).toContain('"ffmpeg"');
  expect(text).toMatch(/Studio \S+ started \(web\)/);
  await expect(card.getByRole('status')).toHaveText(`Đã lưu tệp ${file.suggestedFilename()}.`);
});
