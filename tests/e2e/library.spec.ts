import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputDir, makeAudio } from './audio';
import { expect, test } from './fixtures';
import { moveToTrash } from './steps';

/** Real audio made by ffmpeg for this run: a tone, and a text file pretending to be an MP3. */
function makeInputs() {
  const dir = inputDir('in');
  const interview = makeAudio(
    path.join(dir, 'Phỏng vấn bà Nguyễn Thị Lan.mp3'),
    'sine=frequency=440:duration=6',
    [...['-af', 'volume=12dB', '-ac', '2', '-b:a', '128k']],
  );
  const fake = path.join(dir, 'ghi chú.mp3');
  writeFileSync(fake, 'Đây không phải là âm thanh');
  return { interview, fake };
}

test('imports files, rejects a fake one in Vietnamese, edits, finds and trashes an asset', async ({
  studio,
}) => {
  const { page } = studio;
  const { interview, fake } = makeInputs();
  await expect(page.getByRole('heading', { name: 'Thư viện', level: 1 })).toBeVisible();
  await expect(page.getByText('Thư viện chưa có gì')).toBeVisible();

  await page.getByTestId('import-input').setInputFiles([interview, fake]);
  const panel = page.getByTestId('import-panel');
  await expect(panel).toContainText('Đã nhập xong: 1 thành công, 1 lỗi', { timeout: 30_000 });
  await expect(panel.locator('li[data-state="failed"]')).toContainText('ghi chú.mp3');
  await expect(panel.locator('li[data-state="failed"] .file-error')).not.toBeEmpty();

  const row = page.getByTestId('asset-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Phỏng vấn bà Nguyễn Thị Lan');
  await expect(row).toContainText('0:06');
  await expect(row).toContainText('LUFS');

  await row.click();
  const detail = page.getByTestId('asset-detail');
  // The file's facts in words: its format and how it is packed, not ffmpeg's codec names.
  const facts = detail.locator('dl.facts');
  await expect(facts).toContainText('MP3 (có nén)');
  await expect(facts).not.toContainText('mp3float');
  await expect(facts.locator('[data-term="loudness"]')).toHaveText('Độ lớn');
  await expect(facts.locator('[data-term="range"]')).toHaveAttribute('title', /LU/);
  // The waveform is drawn from main's cached peaks: its canvas has ink on it.
  const canvas = detail.locator('.waveform-canvas canvas').first();
  await expect(canvas).toBeVisible();
  await expect
    .poll(() =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
        return ink / (c.width * c.height);
      }),
    )
    .toBeGreaterThan(0.2);
  // It plays, streamed from the host's media route.
  await detail.getByRole('button', { name: /Phát/ }).click();
  await expect(detail.getByText(/^0:0[1-6] \/ 0:06$/)).toBeVisible({ timeout: 10_000 });
  await detail.getByRole('button', { name: /Tạm dừng/ }).click();
  await detail.getByLabel('Ngôn ngữ').selectOption('tyz');
  await detail.getByLabel('Phóng viên').fill('Hoàng Văn Đức');
  await detail.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(detail.getByRole('status')).toContainText('Đã lưu.');
  await expect(row).toContainText('Tày');
  await studio.screenshot('library-vi');

  // Vietnamese is folded: typed without diacritics, the title is still found.
  await page.getByRole('searchbox').fill('phong van duc');
  await expect(row).toHaveCount(1);
  await page.getByRole('searchbox').fill('bản tin thời sự');
  await expect(page.getByText('Không có mục nào khớp')).toBeVisible();
  await page.getByRole('searchbox').fill('');

  await row.click();
  await moveToTrash(page);
  await expect(page.getByText('Thư viện chưa có gì')).toBeVisible();
  await page.getByTestId('library-trash-toggle').click();
  await expect(row).toContainText('trong thùng rác');
  await row.click();
  await detail.getByRole('button', { name: 'Khôi phục' }).click();
  await page.getByRole('button', { name: 'Quay lại thư viện' }).click();
  await expect(row).toHaveCount(1);
});
