/**
 * The words staff read when something goes wrong: what happened and what to do, in their words.
 * What a program said goes behind "Chi tiết kỹ thuật", for whoever looks after the PC.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputDir } from './audio';
import { expect, test } from './fixtures';

/** Words for developers, never for a station's staff to read in a message. */
const DEVELOPER_WORDS = [
  'studio doctor',
  'studio render',
  'FFMPEG_BIN',
  'PATH',
  'npm ',
  'sox',
  'stderr',
  'codec',
  'Invalid data',
  'dù tên có đuôi',
];

test('a file that cannot be imported says why in plain words; what ffmpeg said is under "Chi tiết kỹ thuật"', async ({
  studio,
}) => {
  const { page } = studio;
  const dir = inputDir('messages');
  // A recording damaged in copying: a WAV's first four bytes, then bytes that are no sound.
  const damaged = path.join(dir, 'Phỏng vấn hỏng.wav');
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => [0, 1, 2, 250, 0, 7, 9, 0][i % 8]!));
  writeFileSync(damaged, Buffer.concat([Buffer.from('RIFF', 'latin1'), junk]));
  // Meeting notes picked by mistake.
  const notes = path.join(dir, 'Ghi chú họp.txt');
  writeFileSync(notes, 'Biên bản họp giao ban sáng thứ Hai.\n');

  await page.getByTestId('import-input').setInputFiles([damaged, notes]);
  const panel = page.getByTestId('import-panel');
  await expect(panel).toContainText('Đã nhập xong: 0 thành công, 2 lỗi', { timeout: 30_000 });

  const broken = panel.locator('li[data-state="failed"]', { hasText: 'Phỏng vấn hỏng.wav' });
  await expect(broken.getByTestId('error-text')).toHaveText(
    'Tệp "Phỏng vấn hỏng.wav" bị hỏng hoặc không phải tệp âm thanh/video hợp lệ nên không đọc được. ' +
      'Hãy chép lại tệp từ máy ghi âm hoặc điện thoại, hoặc mở thử bằng trình phát nhạc để kiểm tra.',
  );
  const details = broken.locator('details');
  await expect(details.locator('summary')).toHaveText('Chi tiết kỹ thuật');
  // Shut, the details are not read: nothing of a program's words shows.
  for (const word of DEVELOPER_WORDS) expect(await broken.innerText()).not.toContain(word);
  await details.locator('summary').click();
  await expect(details.locator('pre')).toContainText('Invalid data found when processing input');
  await studio.screenshot('library-import-errors-vi');

  // A text file is a text file, whatever its name ends with; the message does not say "even though".
  const text = panel.locator('li[data-state="failed"]', { hasText: 'Ghi chú họp.txt' });
  await expect(text.getByTestId('error-text')).toHaveText(
    'Tệp "Ghi chú họp.txt" là tệp văn bản, không phải âm thanh. Hãy chọn đúng tệp ghi âm.',
  );
  for (const word of DEVELOPER_WORDS) expect(await text.innerText()).not.toContain(word);
});
