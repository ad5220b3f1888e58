/**
 * Issue 9 point 3: no typed word is lost. Details save themselves: another row, another tab,
 * another segment or a reload right after typing keeps what was typed.
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, openInEditor, seek } from './steps';

function tones(prefix: string, names: string[]): string[] {
  return names.map((n, i) =>
    makeTone(path.join(inputDir(prefix), `${n}.wav`), `0.4*sin(2*PI*${300 + 50 * i}*t)`, 3),
  );
}

test("an asset's details are kept when another row is clicked at once, and across a reload", async ({
  studio,
}) => {
  const { page } = studio;
  await importAll(page, tones('autosave-library', ['Phỏng vấn chủ tịch xã', 'Tin thời tiết']));
  const rows = page.getByTestId('asset-table').locator('tbody tr');
  const detail = page.getByTestId('asset-detail');
  const notes = detail.getByLabel('Ghi chú');

  await rows.filter({ hasText: 'Phỏng vấn chủ tịch xã' }).click();
  await notes.fill('Ông Nông Văn Dũng nói về mùa vụ');
  // No button pressed, no pause: straight to another row.
  await rows.filter({ hasText: 'Tin thời tiết' }).click();
  await expect(detail).toHaveAttribute('aria-label', 'Tin thời tiết');
  await rows.filter({ hasText: 'Phỏng vấn chủ tịch xã' }).click();
  await expect(notes).toHaveValue('Ông Nông Văn Dũng nói về mùa vụ');
  await expect(detail.getByRole('status')).toHaveCount(0);

  // Typed, then the page is reloaded at once.
  await notes.fill('Ông Nông Văn Dũng nói về mùa vụ đông xuân');
  await page.reload();
  await rows.filter({ hasText: 'Phỏng vấn chủ tịch xã' }).click();
  await expect(notes).toHaveValue('Ông Nông Văn Dũng nói về mùa vụ đông xuân');

  // Left alone, it saves itself and says so.
  await detail.getByLabel('Phóng viên').fill('Hoàng Thị Mai');
  await expect(detail.getByRole('status')).toHaveText('Đã lưu.');
  await studio.screenshot('autosave-library-vi');
});

test("a programme's details are kept when its tab is left at once, and across a reload", async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  const summary = meta.getByLabel('Tóm tắt');
  await summary.fill('Tin nông nghiệp và thời tiết tuần này');
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  await expect(summary).toHaveValue('Tin nông nghiệp và thời tiết tuần này');

  await summary.fill('Tin nông nghiệp, thời tiết và lịch tiêm phòng');
  await page.reload();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  await expect(summary).toHaveValue('Tin nông nghiệp, thời tiết và lịch tiêm phòng');
});

test("a segment's script is kept when another segment is picked at once, and across a reload", async ({
  studio,
}) => {
  const { page } = studio;
  await importAll(page, tones('autosave-editor', ['Bản tin tiếng Tày']));
  await openInEditor(page, 'Bản tin tiếng Tày');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:03.000');
  const panel = page.getByTestId('segments-panel');
  const items = panel.getByTestId('segment-list').locator('li');
  for (const [from, to, title] of [
    ['0:00', '0:01', 'Tin thứ nhất'],
    ['0:01', '0:02', 'Tin thứ hai'],
  ]) {
    await seek(page, from!);
    await page.keyboard.press('i');
    await seek(page, to!);
    await page.keyboard.press('o');
    await panel.getByLabel('Tiêu đề').fill(title!);
    await panel.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }).click();
    await expect(items.filter({ hasText: title! })).toHaveCount(1);
  }
  const edit = (title: string) =>
    items.filter({ hasText: title }).getByRole('button', { name: 'Sửa', exact: true }).click();
  const script = panel.getByLabel('Kịch bản');

  await edit('Tin thứ nhất');
  await script.fill('Bà con chuẩn bị giống lúa cho vụ mùa');
  await edit('Tin thứ hai');
  await expect(panel.getByLabel('Tiêu đề')).toHaveValue('Tin thứ hai');
  await expect(items.filter({ hasText: 'Tin thứ nhất' })).toContainText(
    'Bà con chuẩn bị giống lúa cho vụ mùa',
  );
  await edit('Tin thứ nhất');
  await expect(script).toHaveValue('Bà con chuẩn bị giống lúa cho vụ mùa');

  await script.fill('Bà con chuẩn bị giống lúa và phân bón cho vụ mùa');
  await page.reload();
  await expect(items.filter({ hasText: 'Tin thứ nhất' })).toContainText(
    'Bà con chuẩn bị giống lúa và phân bón cho vụ mùa',
  );
  await studio.screenshot('autosave-editor-vi');
});
