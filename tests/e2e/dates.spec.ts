import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

// A browser that writes month first (mm/dd/yyyy): the studio must follow its own UI language.
test.use({ locale: 'en-US' });

/** The library's date column (recorded, else imported) of the row showing `title`. */
const dateCell = (page: Page, title: string): Locator =>
  page.getByTestId('asset-table').locator('tbody tr', { hasText: title }).locator('td').last();

const programmeDateCell = (page: Page, title: string): Locator =>
  page.getByTestId('programme-table').locator('tbody tr', { hasText: title }).locator('td').nth(1);

test('a date typed in Vietnamese and in English reads back the same in the detail, the table, the filters and the programmes', async ({
  studio,
}) => {
  test.setTimeout(120_000);
  const { page } = studio;
  const title = 'Phỏng vấn mùa lúa';
  await importAll(page, [makeTone(path.join(inputDir('dates'), `${title}.wav`), '0.3*sin(2*PI*440*t)', 2)]);
  const row = page.getByTestId('asset-table').locator('tbody tr', { hasText: title });
  await row.click();
  const detail = page.getByTestId('asset-detail');
  const recorded = detail.getByLabel('Ngày thu');
  await expect(recorded).toHaveAttribute('placeholder', 'dd/mm/yyyy');

  // A day that does not exist is refused, with how to write one; nothing is saved.
  await recorded.fill('31/02/2026');
  await recorded.press('Enter');
  await expect(detail.getByRole('alert')).toHaveText(
    '31/02/2026 không phải ngày có thật. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 06/12/2026.',
  );
  await expect(recorded).toHaveAttribute('aria-invalid', 'true');
  await studio.screenshot('dates-invalid-vi');

  // Typed day first, as Vietnamese write it, and shown back in full.
  await recorded.fill('6/12/2026');
  await recorded.press('Enter');
  await expect(recorded).toHaveValue('06/12/2026');
  await expect(detail.getByRole('alert')).toHaveCount(0);
  await detail.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(detail.getByRole('status')).toContainText('Đã lưu');
  await expect(dateCell(page, title)).toHaveText('06/12/2026');

  // The filters read the same way: 6 December is in, from 7 December it is not.
  const from = page.getByTestId('filter-from');
  const to = page.getByTestId('filter-to');
  await from.fill('06/12/2026');
  await to.fill('6-12-2026');
  await expect(row).toHaveCount(1);
  await from.fill('07/12/2026');
  await expect(page.getByText('Không có mục nào khớp')).toBeVisible();
  // The calendar works from the keyboard: Alt+↓ opens it on the field's day, ← goes back a day.
  await from.focus();
  await from.press('Alt+ArrowDown');
  const calendar = page.getByTestId('calendar');
  await expect(calendar.getByRole('button', { name: 'Thứ Hai, 07/12/2026' })).toBeFocused();
  await expect(calendar).toContainText('Tháng 12 năm 2026');
  await studio.screenshot('dates-calendar-vi');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(calendar).toHaveCount(0);
  await expect(from).toHaveValue('06/12/2026');
  await expect(from).toBeFocused();
  await expect(row).toHaveCount(1);
  await from.fill('');
  await to.fill('');

  // A programme dated from the list: the date shows in its heading, its details and the list.
  await page.getByRole('link', { name: 'Chương trình' }).click();
  const newDate = page.getByTestId('new-programme-date');
  await newDate.fill('24/12/2026');
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await expect(page.locator('.programme-head')).toContainText('24/12/2026');
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await expect(meta.getByTestId('meta-date')).toHaveValue('24/12/2026');
  await meta.getByLabel('Tên chương trình').fill('Bản tin Giáng sinh');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(meta.getByRole('status')).toHaveText('Đã lưu.');
  await page.locator('.programme-head a').first().click();
  await expect(programmeDateCell(page, 'Bản tin Giáng sinh')).toHaveText('24/12/2026');

  // ---- English: the month is a word, so no reader takes the day for the month ---------------------
  await page.getByRole('button', { name: 'English' }).click();
  await expect(programmeDateCell(page, 'Bản tin Giáng sinh')).toHaveText('24 Dec 2026');
  await page.getByTestId('programme-table').locator('tbody tr', { hasText: 'Bản tin Giáng sinh' }).click();
  await expect(page.locator('.programme-head')).toContainText('24 Dec 2026');
  await page.getByRole('tab', { name: 'Details' }).click();
  const metaDate = meta.getByTestId('meta-date');
  await expect(metaDate).toHaveValue('24 Dec 2026');
  await expect(metaDate).toHaveAttribute('placeholder', 'e.g. 6 Dec 2026');
  await metaDate.fill('31 Feb 2026');
  await metaDate.press('Enter');
  await expect(meta.getByRole('alert')).toHaveText(
    '31 Feb 2026 is not a real date. Type the day, month and year, e.g. 6 Dec 2026.',
  );
  await metaDate.fill('Dec 25, 2026');
  await metaDate.press('Enter');
  await expect(metaDate).toHaveValue('25 Dec 2026');
  await meta.getByRole('button', { name: 'Save details' }).click();
  await expect(page.locator('.programme-head')).toContainText('25 Dec 2026');
  await studio.screenshot('dates-programme-en');
  await page.locator('.programme-head a').first().click();
  await expect(programmeDateCell(page, 'Bản tin Giáng sinh')).toHaveText('25 Dec 2026');

  await page.getByRole('link', { name: 'Library' }).click();
  await expect(dateCell(page, title)).toHaveText('6 Dec 2026');
  await row.click();
  await expect(detail.getByLabel('Recorded on')).toHaveValue('6 Dec 2026');
  await page.getByTestId('filter-from').fill('6 December 2026');
  await page.getByTestId('filter-to').fill('06/12/2026');
  await expect(page.getByTestId('filter-to')).toHaveValue('06/12/2026');
  await page.getByTestId('filter-to').press('Tab');
  await expect(page.getByTestId('filter-to')).toHaveValue('6 Dec 2026');
  await expect(row).toHaveCount(1);
  await studio.screenshot('dates-library-en');

  // ---- Back to Vietnamese: the English-typed date reads back day first ------------------------------
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByTestId('filter-from')).toHaveValue('06/12/2026');
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await expect(programmeDateCell(page, 'Bản tin Giáng sinh')).toHaveText('25/12/2026');
});
