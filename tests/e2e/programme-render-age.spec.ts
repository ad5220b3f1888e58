import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

test('after the programme changes, its last render says it is out of date and renders again from there', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  await importAll(page, [
    makeTone(
      path.join(inputDir('age'), 'Tin nông nghiệp.wav'),
      '0.4*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*3*t))',
      4,
    ),
  ]);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByRole('button', { name: /Tin nông nghiệp/ }).click();
  await expect(page.getByTestId('programme-length')).toHaveText('0:04');

  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  const report = page.getByTestId('render-report');
  await expect(report).toContainText('Đã dựng xong', { timeout: 90_000 });
  await expect(report).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('render-stale')).toHaveCount(0);

  // The item is read in Tày now: the airtime by language in the report is no longer the programme's.
  await page.getByRole('tab', { name: 'Mục', exact: true }).click();
  await page.getByTestId('item-language').selectOption('tyz');
  await page.getByRole('tab', { name: 'Dựng' }).click();
  const stale = page.getByTestId('render-stale');
  await expect(stale).toContainText('Bản dựng này cũ hơn chương trình hiện tại.');
  await expect(report.getByRole('heading', { name: /Lần dựng gần nhất/ })).toContainText('Đã cũ');
  await expect(report.getByRole('heading', { name: /Nghe bản đã dựng/ })).toContainText('bản cũ');
  await expect(report.getByTestId('report-seconds-vie')).toBeVisible();
  await studio.screenshot('programme-render-stale-vi');

  // Undone, the programme is again what was rendered; redone, it is not.
  await page.getByTestId('programme-undo').click();
  await expect(stale).toHaveCount(0);
  await expect(report).toHaveAttribute('data-stale', 'false');
  await page.getByTestId('programme-redo').click();
  await expect(stale).toBeVisible();

  // The report offers to render again; the new render is the programme's.
  await stale.getByRole('button', { name: 'Dựng lại' }).click();
  await expect(report).toContainText('Đã dựng xong', { timeout: 90_000 });
  await expect(stale).toHaveCount(0);
  await expect(report.getByTestId('report-seconds-tyz')).toContainText('4,0 s');

  // A title is not audio: renamed, the render is still current, and stays so after a reload.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin nông nghiệp');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(meta.getByRole('status')).toHaveText('Đã lưu.');
  await page.reload();
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await expect(page.getByTestId('render-report')).toContainText('Lần dựng gần nhất');
  await expect(page.getByTestId('render-report')).toHaveAttribute('data-stale', 'false');
});
