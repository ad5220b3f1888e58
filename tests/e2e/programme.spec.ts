import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

/** Real audio made by ffmpeg for this run: a jingle, a music bed and two voice reports (48 kHz WAV). */
function makeInputs() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-prog-'));
  const make = (name: string, expr: string, seconds: number) => {
    const file = path.join(dir, `${name}.wav`);
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `aevalsrc='${expr}':s=48000:d=${seconds}`,
      '-c:a',
      'pcm_s16le',
      file,
    ]);
    return file;
  };
  return {
    jingle: make('Nhạc hiệu đài', '0.5*sin(2*PI*880*t)*(0.5+0.5*sin(2*PI*4*t))', 3),
    bed: make('Nhạc nền buổi sáng', '0.25*sin(2*PI*220*t)+0.25*sin(2*PI*330*t)', 20),
    // Speech-like: a tone whose level rises and falls a few times a second.
    vie: make('Tin tiếng Việt', '0.5*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*3*t))', 9),
    tyz: make('Tin tiếng Tày', '0.5*sin(2*PI*350*t)*(0.6+0.4*sin(2*PI*2.5*t))', 8),
  };
}

/** "−23,1 LUFS" → -23.1 */
function number(text: string): number {
  const m = /([−-]?\d+(?:,\d+)?)/.exec(text);
  return m ? Number(m[1]!.replace('−', '-').replace(',', '.')) : NaN;
}

test('builds a two-language programme from the “Bản tin sáng” template, renders it and reports loudness and airtime', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  const files = makeInputs();

  // The library holds the station's jingle, its music and today's two reports.
  await page.getByTestId('import-input').setInputFiles([files.jingle, files.bed, files.vie, files.tyz]);
  await expect(page.getByTestId('import-panel')).toContainText('4 thành công', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Chương trình' }).click();
  await expect(page.getByRole('heading', { name: 'Chương trình', level: 1 })).toBeVisible();
  await expect(page.getByText('Chưa có mẫu nào')).toBeVisible();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();

  // ---- The shape of “Bản tin sáng”: details first --------------------------------------------
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chương trình mới');
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill('Bản tin sáng');
  await meta.getByLabel('Tày', { exact: true }).check();
  await meta.getByTestId('meta-target').fill('0:30');
  await meta.getByLabel('Giờ phát dự kiến').fill('6:00, 17:30');
  await meta.getByLabel('Lĩnh vực').fill('Thời sự');
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(meta.getByRole('status')).toHaveText('Đã lưu.');
  await studio.screenshot('programme-details-vi');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bản tin sáng');

  const dialog = page.getByTestId('add-item-dialog');
  const rundown = page.getByTestId('rundown');
  const timeline = page.getByTestId('timeline');

  // Opening jingle.
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Nhạc hiệu, hiệu ứng' });
  await dialog.getByRole('button', { name: /Nhạc hiệu đài/ }).click();
  await expect(rundown.locator('[data-rundown-id]')).toHaveCount(1);

  // Vietnamese news: a placeholder of 8 seconds after the jingle.
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Giọng đọc' });
  await dialog.getByTestId('add-language').selectOption('vie');
  await dialog.getByRole('tab', { name: 'Ô trống' }).click();
  await dialog.getByTestId('placeholder-title').fill('Tin tiếng Việt');
  await dialog.getByTestId('placeholder-length').fill('0:08');
  await studio.screenshot('programme-add-placeholder-vi');
  await dialog.getByRole('button', { name: 'Thêm ô trống' }).click();
  const vieRow = rundown.locator('[data-rundown-id]').nth(1);
  await expect(vieRow).toContainText('Tin tiếng Việt');
  await expect(vieRow).toContainText('0:03');
  // The programme carries Tày too: the rundown flags the missing version and offers a placeholder.
  await expect(vieRow.locator('[data-missing="tyz"]')).toContainText('Thiếu bản Tày');
  await vieRow.locator('[data-missing="tyz"]').getByRole('button', { name: 'Thêm ô trống' }).click();
  const tyzRow = rundown.locator('[data-rundown-id]').nth(2);
  await expect(tyzRow).toContainText('Tin tiếng Việt – Tày');
  await expect(tyzRow.getByTestId('version-of')).toContainText('Bản Tày của mục 2');
  await expect(vieRow.locator('[data-missing]')).toHaveCount(0);

  // Closing jingle after the Tày news (the new placeholder is selected).
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Nhạc hiệu, hiệu ứng' });
  await dialog.getByRole('button', { name: /Nhạc hiệu đài/ }).click();
  await expect(rundown.locator('[data-rundown-id]')).toHaveCount(4);
  await expect(rundown.locator('[data-rundown-id]').nth(3)).toContainText('0:19');

  // Music bed under the news: starts with the Vietnamese item, trimmed to end with the outro, faded out.
  await vieRow.click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: 'Nhạc nền' });
  await dialog.getByRole('button', { name: /Nhạc nền buổi sáng/ }).click();
  const inspector = page.getByTestId('item-inspector');
  await expect(inspector).toContainText('Nhạc nền buổi sáng');
  await inspector.getByLabel('Cắt cuối (trong tệp)').fill('0:19');
  await inspector.getByLabel('Cắt cuối (trong tệp)').press('Enter');
  await inspector.getByLabel('Nhỏ dần', { exact: true }).fill('0:02');
  await inspector.getByLabel('Nhỏ dần', { exact: true }).press('Enter');
  await expect(page.getByTestId('programme-length')).toHaveText('0:22');
  await expect(timeline.locator('.tl-clip.kind-bed .tl-fades polygon')).toHaveCount(1);
  await expect(page.getByTestId('ducking-curve')).toBeVisible();

  // Saved as the station's template.
  await page.getByRole('tab', { name: 'Mẫu và tệp' }).click();
  await expect(page.getByTestId('template-name')).toHaveAttribute('placeholder', 'Bản tin sáng');
  await page.getByTestId('template-name').fill('Bản tin sáng');
  await page.getByRole('button', { name: 'Lưu mẫu' }).click();
  await expect(page.getByTestId('template-panel').getByRole('status')).toContainText(
    'Đã lưu mẫu “Bản tin sáng”',
  );

  // ---- Today's programme from the template --------------------------------------------------
  await page.getByRole('link', { name: /Danh sách chương trình/ }).click();
  const card = page.getByTestId('template-list').locator('li', { hasText: 'Bản tin sáng' });
  await expect(card).toContainText('5 mục');
  await studio.screenshot('programme-list-vi');
  await card.getByRole('button', { name: 'Tạo chương trình từ mẫu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Bản tin sáng ngày \d\d\/\d\d\/\d{4}/);

  // Voice items are placeholders: the render is refused until they are filled.
  await expect(page.getByTestId('programme-problems')).toBeVisible();
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await expect(page.getByRole('button', { name: 'Dựng chương trình' })).toBeDisabled();

  const row = (lang: string) => rundown.locator(`[data-rundown-id]:has(.lang-chip[data-lang="${lang}"])`);
  await row('vie').click();
  await page.getByRole('button', { name: 'Chọn âm thanh…' }).click();
  await dialog.getByRole('button', { name: /Tin tiếng Việt/ }).click();
  await expect(row('vie')).not.toContainText('Ô trống');
  // The report is 9 s, a second longer than planned: the items after it moved on.
  await expect(row('tyz')).toContainText('0:12');

  await row('tyz').click();
  await page.getByRole('button', { name: 'Chọn âm thanh…' }).click();
  await dialog.getByRole('button', { name: /Tin tiếng Tày/ }).click();
  await expect(page.getByTestId('programme-problems')).toHaveCount(0);
  await expect(row('tyz').locator('.lang-chip')).toHaveText('Tày');
  await expect(row('vie').locator('.lang-chip')).toHaveText('Tiếng Việt');
  await expect(timeline.locator('.tl-clip[data-language="tyz"]')).toHaveCount(1);
  await expect(timeline.locator('.tl-clip[data-language="vie"]')).toHaveCount(1);

  // Length against the 30 s target, and airtime per language.
  await expect(page.getByTestId('programme-length')).toHaveText('0:23');
  await expect(page.getByTestId('length-status')).toContainText('Còn thiếu 0:07');
  await expect(page.getByTestId('airtime').locator('[data-lang="vie"]')).toContainText('0:09');
  await expect(page.getByTestId('airtime').locator('[data-lang="tyz"]')).toContainText('0:08');

  // Keyboard: arrows move the selection, Delete removes, and the item can be put back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await expect(page.getByTestId('item-inspector')).toContainText('Nhạc hiệu đài');
  await page.keyboard.press('Delete');
  await expect(rundown.locator('[data-rundown-id]')).toHaveCount(4);
  await page.getByRole('button', { name: 'Khôi phục' }).click();
  await expect(rundown.locator('[data-rundown-id]')).toHaveCount(5);
  await expect(page.getByTestId('programme-length')).toHaveText('0:23');

  await page.getByTestId('timeline').locator('.tl-clip[data-language="tyz"]').click();
  await expect(rundown.locator('.rundown-item.selected')).toContainText('Tày');
  await studio.screenshot('programme-timeline-vi');

  // ---- Render ----------------------------------------------------------------------------------
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  const report = page.getByTestId('render-report');
  await expect(report).toContainText('Đã dựng xong', { timeout: 90_000 });
  await expect(report.getByTestId('report-duration')).toContainText('0:23');
  const lufs = number(await report.getByTestId('report-lufs').innerText());
  expect(Math.abs(lufs - -23)).toBeLessThanOrEqual(0.5);
  expect(number(await report.getByTestId('report-peak').innerText())).toBeLessThanOrEqual(-1);
  await expect(report.getByTestId('report-preset')).toContainText('QCVN 115');
  await expect(report.getByTestId('report-seconds-vie')).toContainText('9,0 s');
  await expect(report.getByTestId('report-seconds-tyz')).toContainText('8,0 s');
  await expect(report.getByTestId('report-files').locator('li')).toHaveCount(3);
  await studio.screenshot('programme-report-vi');

  // An emergency programme is marked in red everywhere.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  await meta.locator('label.choice-emergency').click();
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(page.getByTestId('emergency-banner')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).locator('[data-priority="emergency"]')).toHaveText(
    /Khẩn cấp/,
  );

  // ---- English -----------------------------------------------------------------------------------
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Rundown' })).toBeVisible();
  await expect(page.getByTestId('length-status')).toContainText('7 short of the target');
  await studio.screenshot('programme-en');
  await page.getByRole('link', { name: /All programmes/ }).click();
  await expect(page.getByTestId('programme-table').locator('tbody tr')).toHaveCount(2);
  await studio.screenshot('programme-list-en');
});
