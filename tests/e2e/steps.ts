/**
 * Steps through the studio that many specs take: importing files in the library, opening one in
 * the editor, going to a time there.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Imports files through the library's picker and waits until every one of them is in. */
export async function importAll(page: Page, files: string[], timeout = 60_000): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(files);
  await expect(page.getByTestId('import-panel')).toContainText(`Đã nhập xong: ${files.length} thành công`, {
    timeout,
  });
}

/** Opens the library asset whose row shows `title` in the editor with the "Biên tập" button. */
export async function openInEditor(page: Page, title: string): Promise<void> {
  await page.getByTestId('asset-table').locator('tbody tr', { hasText: title }).click();
  await page
    .getByTestId('asset-detail')
    .getByRole('button', { name: /Biên tập/ })
    .click();
  await expect(page).toHaveURL(/#editor\/[0-9a-f]{64}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Biên tập');
}

/** Imports a file (its title is its name) and opens it in the editor. */
export async function importAndOpen(page: Page, file: string): Promise<void> {
  await importAll(page, [file], 30_000);
  await openInEditor(page, path.basename(file, path.extname(file)));
}

/** Goes to a time with the playhead field (exact), then leaves the field so keys reach the editor. */
export async function seek(page: Page, time: string): Promise<void> {
  const field = page.getByTestId('playhead');
  await field.click();
  await field.fill(time);
  await field.press('Enter');
  await expect(field).not.toBeFocused();
}

/** Moves the asset open in the library's detail panel to the trash, confirming in the dialog. */
export async function moveToTrash(page: Page): Promise<void> {
  await page.getByTestId('asset-detail').getByRole('button', { name: 'Chuyển vào thùng rác…' }).click();
  const dialog = page.getByTestId('trash-dialog');
  await dialog.getByRole('button', { name: 'Chuyển vào thùng rác', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}
