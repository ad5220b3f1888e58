import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAndOpen } from './steps';

test('the station adds Cơ Tu on the System screen, reorders and trims its list, and labels a segment in Cơ Tu', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const form = page.getByTestId('languages-form');
  await expect(form.getByRole('heading', { name: 'Ngôn ngữ phát sóng' })).toBeVisible();
  const rows = form.locator('tbody tr');
  await expect(rows).toHaveCount(13);
  await expect(rows.first()).toHaveAttribute('data-code', 'vie');

  // A code with spaces is refused by main with a message saying what a code is.
  await form.getByRole('button', { name: 'Thêm ngôn ngữ' }).click();
  await expect(rows).toHaveCount(14);
  await form.getByLabel('Mã ngôn ngữ, dòng 14').fill('c t');
  await form.getByLabel('Tên tiếng Việt, dòng 14').fill('Cơ Tu');
  await form.getByLabel('Tên tiếng Anh, dòng 14').fill('Katu');
  await form.getByRole('button', { name: 'Lưu danh sách' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Mã "c t" của Cơ Tu không hợp lệ: mã ngôn ngữ là 3 chữ cái không dấu theo ISO 639-3, ví dụ "tyz" cho tiếng Tày.',
  );
  await studio.screenshot('system-languages-error-vi');

  // Fixed, moved up above Raglai, and Raglai taken off the list.
  await form.getByLabel('Mã ngôn ngữ, dòng 14').fill('ktv');
  await form.getByRole('button', { name: 'Đưa Cơ Tu lên trên' }).click();
  await form.getByRole('button', { name: 'Bỏ Raglai khỏi danh sách' }).click();
  await form.getByRole('button', { name: 'Lưu danh sách' }).click();
  await expect(form.getByRole('status')).toHaveText('Đã lưu danh sách ngôn ngữ.');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(rows).toHaveCount(13);
  await expect(rows.nth(12)).toHaveAttribute('data-code', 'ktv');
  // Each language has a short name for the timeline; one left empty is the Vietnamese name.
  await expect(form.getByLabel('Tên ngắn, dòng 1', { exact: true })).toHaveValue('Việt');
  await expect(form.getByLabel('Tên ngắn, dòng 13')).toHaveValue('Cơ Tu');
  await studio.screenshot('system-languages-vi');

  // The list lives in main's settings: a reload shows it.
  await page.reload();
  await expect(page.getByTestId('languages-form').locator('tbody tr').nth(12)).toHaveAttribute(
    'data-code',
    'ktv',
  );

  // The editor offers the station's list, in its order; a segment is labelled in Cơ Tu.
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await importAndOpen(page, makeTone(path.join(inputDir('lang'), 'Tin Cơ Tu.wav'), '0.5*sin(2*PI*300*t)', 3));
  await expect(page.getByTestId('edit-duration')).toHaveText('0:03.000', { timeout: 30_000 });
  await page.keyboard.press('Control+a');
  const panel = page.getByTestId('segments-panel');
  const language = panel.getByLabel('Ngôn ngữ');
  const options = await language.locator('option').allTextContents();
  // The station's list, then "Không lời" for music and jingles.
  expect(options.slice(-4)).toEqual(['Ba Na', 'Gia Rai', 'Cơ Tu', 'Không lời']);
  expect(options).not.toContain('Raglai');
  await language.selectOption({ label: 'Cơ Tu' });
  await panel.getByLabel('Tiêu đề').fill('Thông báo tiêm phòng – tiếng Cơ Tu');
  await panel.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }).click();
  const item = panel.getByTestId('segment-list').locator('li');
  await expect(item).toHaveAttribute('data-language', 'ktv');
  await expect(item).toContainText('Cơ Tu');
  await expect(page.getByTestId('history-list')).toContainText(
    'Thêm đoạn “Thông báo tiêm phòng – tiếng Cơ Tu” (Cơ Tu)',
  );
  await studio.screenshot('editor-segment-co-tu-vi');

  // In English, the English name.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(item).toContainText('Katu');
});
