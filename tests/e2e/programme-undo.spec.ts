import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

test('programme undo/redo: buttons with what they take back, Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z, not while typing', async ({
  studio,
}) => {
  test.setTimeout(120_000);
  const { page } = studio;
  const file = makeTone(path.join(inputDir('undo'), 'Nhạc hiệu đài.wav'), '0.5*sin(2*PI*880*t)', 2);
  await importAll(page, [file]);
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chương trình mới');

  const undo = page.getByTestId('programme-undo');
  const redo = page.getByTestId('programme-redo');
  const rows = page.getByTestId('rundown').locator('[data-rundown-id]');
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();

  const dialog = page.getByTestId('add-item-dialog');
  for (let k = 1; k <= 2; k++) {
    await page.getByRole('button', { name: '+ Thêm mục' }).click();
    await dialog.getByTestId('add-track').selectOption({ label: 'Nhạc hiệu, hiệu ứng' });
    await dialog.getByRole('button', { name: /Nhạc hiệu đài/ }).click();
    await expect(rows).toHaveCount(k);
  }
  await expect(undo).toBeEnabled();
  await expect(undo).toHaveAttribute('title', 'Hoàn tác: Thêm mục “Nhạc hiệu đài” (Ctrl+Z)');

  await page.locator('body').press('Control+z');
  await expect(rows).toHaveCount(1);
  await expect(redo).toHaveAttribute('title', 'Làm lại: Thêm mục “Nhạc hiệu đài” (Ctrl+Y)');
  await page.locator('body').press('Control+y');
  await expect(rows).toHaveCount(2);
  await undo.click();
  await undo.click();
  await expect(rows).toHaveCount(0);
  await expect(undo).toBeDisabled();
  await page.locator('body').press('Control+Shift+Z');
  await expect(rows).toHaveCount(1);
  await redo.click();
  await expect(rows).toHaveCount(2);
  await expect(redo).toBeDisabled();

  // While typing, Ctrl+Z belongs to the field.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const name = page.getByTestId('metadata-form').getByLabel('Tên chương trình');
  await name.fill('Bản tin');
  await name.press('Control+z');
  await expect(rows).toHaveCount(2);
});
