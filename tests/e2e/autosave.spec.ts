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

/*
 * Fields that save when they are left (Enter, another field) are also taken away without being
 * left: Ctrl+1…5 switches workspace from the keyboard while the text is still in the field.
 */

test("a marker's name, a rundown item's title and a take's title are kept when the workspace is switched from the keyboard", async ({
  studio,
}) => {
  const { page } = studio;
  await importAll(page, tones('autosave-keyboard', ['Phỏng vấn trưởng thôn']));
  await openInEditor(page, 'Phỏng vấn trưởng thôn');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:03.000');
  const heading = page.getByRole('heading', { level: 1 });

  // A marker named and not saved with Enter: Ctrl+1 at once.
  await seek(page, '0:01');
  await page.keyboard.press('m');
  const markers = page.getByTestId('marker-list');
  await markers.getByRole('button', { name: 'Đặt tên' }).click();
  await markers.getByLabel('Tên mốc').fill('Bắt đầu phỏng vấn');
  await page.keyboard.press('Control+1');
  await expect(heading).toHaveText('Thư viện');
  await page.goBack();
  await expect(markers.locator('li')).toHaveText(/0:01\.000 Bắt đầu phỏng vấn/);

  // A rundown item's title typed in the inspector: Ctrl+1 at once.
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const add = page.getByTestId('add-item-dialog');
  await add.getByRole('tab', { name: 'Ô trống' }).click();
  await add.getByTestId('placeholder-title').fill('Tin trong tuần');
  await add.getByRole('button', { name: 'Thêm ô trống' }).click();
  const rundown = page.getByTestId('rundown');
  await rundown.getByRole('button', { name: 'Tin trong tuần' }).click();
  await page.getByLabel('Tiêu đề', { exact: true }).fill('Tin nông nghiệp trong tuần');
  await page.keyboard.press('Control+1');
  await expect(heading).toHaveText('Thư viện');
  await page.goBack();
  await expect(rundown).toContainText('Tin nông nghiệp trong tuần');

  // The next take's title, typed before recording: Ctrl+1 and back.
  await page.getByRole('link', { name: 'Thu âm' }).click();
  await page.getByLabel('Tên bản thu').fill('Bản tin sáng – giọng đọc');
  await page.keyboard.press('Control+1');
  await expect(heading).toHaveText('Thư viện');
  await page.goBack();
  await expect(page.getByLabel('Tên bản thu')).toHaveValue('Bản tin sáng – giọng đọc');
});
