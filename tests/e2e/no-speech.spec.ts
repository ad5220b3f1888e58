import path from 'node:path';
import { inputDir, makeAudio, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

test('a jingle marked "Không lời" counts in no language in the render report, which says how long nothing was spoken', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  const dir = inputDir('no-speech');
  await importAll(page, [
    makeTone(path.join(dir, 'Tin sáng.wav'), '0.4*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*3*t))', 3),
    makeTone(path.join(dir, 'Nhạc hiệu đài.wav'), '0.3*sin(2*PI*660*t)', 2),
    makeAudio(path.join(dir, 'Bài ca quê hương.mp3'), 'sine=frequency=440:duration=2', [
      ...['-metadata', 'artist=Đội văn nghệ xã', '-metadata', 'album=Quê hương'],
      ...['-c:a', 'libmp3lame'],
    ]),
  ]);
  // A song (its tags name an artist and an album) comes in without a language; the untagged jingle
  // comes in as Vietnamese, as speech does.
  const rows = page.getByTestId('asset-table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'Bài ca quê hương' })).toContainText('Không lời');
  await expect(rows.filter({ hasText: 'Nhạc hiệu đài' })).toContainText('Tiếng Việt');
  await studio.screenshot('library-no-speech-vi');
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  for (const title of ['Tin sáng', 'Nhạc hiệu đài']) {
    await page.getByRole('button', { name: '+ Thêm mục' }).click();
    await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
    await dialog.getByRole('button', { name: new RegExp(title) }).click();
  }
  await expect(page.getByTestId('programme-length')).toHaveText('0:05');

  // The jingle came in as Vietnamese speech: the person marks it as having no speech.
  await page.getByRole('tab', { name: 'Mục', exact: true }).click();
  const language = page.getByTestId('item-language');
  await expect(language).toHaveValue('vie');
  await language.selectOption({ label: 'Không lời' });
  await expect(language).toHaveValue('zxx');
  // The heading names the track, then the item's language (it read "Không lời Lời" before).
  await expect(page.getByTestId('item-inspector').getByRole('heading', { level: 2 }).first()).toHaveText(
    'Lời · Không lời',
  );
  await studio.screenshot('programme-item-no-speech-vi');

  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  const report = page.getByTestId('render-report');
  await expect(report).toContainText('Đã dựng xong', { timeout: 90_000 });
  const byLanguage = report.getByTestId('report-languages');
  await expect(byLanguage.locator('li')).toHaveCount(2);
  await expect(report.getByTestId('report-seconds-vie')).toContainText('3,0 s');
  await expect(report.getByTestId('report-seconds-zxx')).toHaveCount(0);
  await expect(report.getByTestId('report-no-speech')).toContainText(
    'Không lời (nhạc, nhạc hiệu: không tính vào ngôn ngữ nào)2,0 s',
  );
  await report.getByTestId('report-languages').scrollIntoViewIfNeeded();
  await studio.screenshot('programme-report-no-speech-vi');
});
