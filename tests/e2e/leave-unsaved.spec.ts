/**
 * Issue 9 point 3: no typed word is lost. Forms that check what is typed before saving it (System
 * settings, the station's languages, a programme's information that is not valid yet, a segment
 * not yet labelled) cannot save themselves: leaving them asks "Lưu / Bỏ thay đổi / Ở lại".
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, openInEditor, seek } from './steps';

test('the System screen asks before its typed settings are left, by link, by key or by reload', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  const ffmpeg = page.getByLabel('Đường dẫn ffmpeg');
  const dialog = page.getByTestId('leave-dialog');
  const heading = page.getByRole('heading', { level: 1 });

  // A path typed and not saved: another workspace asks, and "Ở lại" keeps it.
  await ffmpeg.fill('/opt/khong-co/ffmpeg');
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await expect(dialog).toContainText(
    'Bạn có thay đổi chưa lưu ở “Cài đặt”. Nếu rời đi bây giờ, những gì bạn vừa gõ sẽ mất.',
  );
  await studio.screenshot('leave-unsaved-settings-vi');
  await dialog.getByRole('button', { name: 'Ở lại' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(heading).toHaveText('Hệ thống');
  await expect(page).toHaveURL(/#system$/);
  await expect(ffmpeg).toHaveValue('/opt/khong-co/ffmpeg');

  // "Lưu" sends it; main finds no ffmpeg there, so the dialog stays and says why.
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(dialog.getByRole('alert')).toContainText('ffmpeg');
  await expect(heading).toHaveText('Hệ thống');
  await studio.screenshot('leave-unsaved-settings-refused-vi');
  // "Bỏ thay đổi" goes on without it.
  await dialog.getByRole('button', { name: 'Bỏ thay đổi' }).click();
  await expect(heading).toHaveText('Thư viện');
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(ffmpeg).toHaveValue('');

  // The station's languages, left by the keyboard (Ctrl+1): "Lưu" saves them and goes on.
  const languages = page.getByTestId('languages-form');
  await languages.getByLabel('Tên ngắn, dòng 2').fill('Tày Cao Bằng');
  await page.keyboard.press('Control+1');
  await expect(dialog).toContainText('Bạn có thay đổi chưa lưu ở “Ngôn ngữ phát sóng”.');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(heading).toHaveText('Thư viện');
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(languages.getByLabel('Tên ngắn, dòng 2')).toHaveValue('Tày Cao Bằng');

  // Nothing typed: no question.
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await expect(heading).toHaveText('Thư viện');
  await page.getByRole('link', { name: 'Hệ thống' }).click();

  // A reload or closing the window with a path typed: the browser asks first.
  await ffmpeg.fill('/opt/ffmpeg/bin/ffmpeg');
  const asked = page.waitForEvent('dialog');
  // The reload is refused below (dismissed), so it never completes.
  void page.reload().catch(() => undefined);
  const question = await asked;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  await expect(ffmpeg).toHaveValue('/opt/ffmpeg/bin/ffmpeg');
});

test("a programme's information that is not valid yet is not left without a word", async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  const dialog = page.getByTestId('leave-dialog');
  const heading = page.getByRole('heading', { level: 1 });

  // No title and a slot that is no time: kept on screen, not sent, and leaving says why.
  await meta.getByLabel('Tên chương trình').fill('');
  await meta.getByLabel('Giờ phát dự kiến').fill('25:00');
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await expect(dialog).toContainText('Bạn có thay đổi chưa lưu ở “Thông tin chương trình”.');
  await expect(dialog.getByRole('listitem')).toHaveText(
    'Chương trình chưa có tên. Giờ phát không hợp lệ: 25:00. Hãy viết dạng 06:00 hoặc 17:30.',
  );
  await expect(dialog.getByRole('button', { name: 'Lưu', exact: true })).toHaveCount(0);
  await studio.screenshot('leave-unsaved-programme-vi');
  await dialog.getByRole('button', { name: 'Ở lại' }).click();
  await expect(meta.getByLabel('Giờ phát dự kiến')).toHaveValue('25:00');

  // Corrected, it saves itself: leaving asks nothing, and the list shows it.
  await meta.getByLabel('Tên chương trình').fill('Bản tin sáng thứ Hai');
  await meta.getByLabel('Giờ phát dự kiến').fill('06:00');
  await page.keyboard.press('Control+1');
  await expect(heading).toHaveText('Thư viện');
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await expect(page.getByRole('main')).toContainText('Bản tin sáng thứ Hai');
});

test('a new segment typed but not labelled yet is not left without a word', async ({ studio }) => {
  const { page } = studio;
  await importAll(page, [
    makeTone(path.join(inputDir('leave-segment'), 'Tin mùa vụ.wav'), '0.4*sin(2*PI*300*t)', 3),
  ]);
  await openInEditor(page, 'Tin mùa vụ');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:03.000');
  const panel = page.getByTestId('segments-panel');
  const dialog = page.getByTestId('leave-dialog');
  const heading = page.getByRole('heading', { level: 1 });

  // Typed before a range is chosen: it cannot be labelled yet, so only "Bỏ thay đổi" or "Ở lại".
  await panel.getByLabel('Tiêu đề').fill('Tin mùa vụ đông xuân');
  await page.getByRole('link', { name: 'Thư viện' }).click();
  await expect(dialog).toContainText('Bạn có thay đổi chưa lưu ở “Đoạn nội dung mới (chưa gắn nhãn)”.');
  await expect(dialog).toContainText('Chưa chọn đoạn nào trên sóng âm để gắn nhãn');
  await expect(dialog.getByRole('button', { name: 'Lưu', exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Ở lại' }).click();

  // With a range chosen, "Lưu" labels it and goes on.
  await seek(page, '0:01');
  await page.keyboard.press('i');
  await seek(page, '0:02');
  await page.keyboard.press('o');
  await page.keyboard.press('Control+1');
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(heading).toHaveText('Thư viện');
  await page.goBack();
  await expect(panel.getByTestId('segment-list')).toContainText('Tin mùa vụ đông xuân');
});
