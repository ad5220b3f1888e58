import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeAudio, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, openInEditor } from './steps';

/** Real audio made by ffmpeg for this run: a jingle, a music bed and two voice reports (48 kHz WAV). */
function makeInputs() {
  const dir = inputDir('prog');
  const make = (name: string, expr: string, seconds: number) =>
    makeTone(path.join(dir, `${name}.wav`), expr, seconds);
  return {
    jingle: make('Nhạc hiệu đài', '0.5*sin(2*PI*880*t)*(0.5+0.5*sin(2*PI*4*t))', 3),
    bed: make('Nhạc nền buổi sáng', '0.25*sin(2*PI*220*t)+0.25*sin(2*PI*330*t)', 20),
    // Speech-like: a tone whose level rises and falls a few times a second.
    vie: make('Tin tiếng Việt', '0.5*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*3*t))', 9),
    tyz: make('Tin tiếng Tày', '0.5*sin(2*PI*350*t)*(0.6+0.4*sin(2*PI*2.5*t))', 8),
  };
}

/** A new, empty programme, from whichever screen is open. */
async function newProgramme(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
}

/**
 * The jingle and both reports in the library, the whole Tày report labelled in the editor as a Tày
 * news segment, “Bản tin tiếng Tày”, and then a new programme open.
 */
async function newProgrammeWithTaySegment(page: Page): Promise<void> {
  const files = makeInputs();
  await importAll(page, [files.jingle, files.vie, files.tyz]);
  await openInEditor(page, 'Tin tiếng Tày');
  // The first opening decodes the asset and renders a preview: slow on a loaded machine.
  await expect(page.getByTestId('editor-waveform')).not.toHaveAttribute('data-loaded', '', {
    timeout: 90_000,
  });
  await page.getByTestId('edit-duration').click();
  await page.keyboard.press('Control+a');
  const segments = page.getByTestId('segments-panel');
  await segments.getByLabel('Ngôn ngữ').selectOption('tyz');
  await segments.getByLabel('Tiêu đề').fill('Bản tin tiếng Tày');
  await segments.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }).click();
  await expect(segments.getByTestId('segment-list').locator('li')).toHaveCount(1);
  await newProgramme(page);
}

/** Adds the library asset whose title matches `title` on `track`, after the selected item. */
async function addItem(page: Page, track: string, title: string | RegExp): Promise<void> {
  const dialog = page.getByTestId('add-item-dialog');
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByTestId('add-track').selectOption({ label: track });
  await dialog.getByRole('button', { name: title }).click();
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
  await importAll(page, [files.jingle, files.bed, files.vie, files.tyz]);

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
  await addItem(page, 'Nhạc hiệu, hiệu ứng', /Nhạc hiệu đài/);
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
  await addItem(page, 'Nhạc hiệu, hiệu ứng', /Nhạc hiệu đài/);
  await expect(rundown.locator('[data-rundown-id]')).toHaveCount(4);
  await expect(rundown.locator('[data-rundown-id]').nth(3)).toContainText('0:19');

  // Music bed under the news: starts with the Vietnamese item, trimmed to end with the outro, faded out.
  await vieRow.click();
  await addItem(page, 'Nhạc nền', /Nhạc nền buổi sáng/);
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
  // Clips name their language as the station says it, not by its code (as shown, after CSS).
  await expect(timeline.locator('.tl-clip[data-language="tyz"] .tl-clip-lang')).toHaveText('Tày', {
    useInnerText: true,
  });
  await expect(timeline.locator('.tl-clip[data-language="vie"] .tl-clip-lang')).toHaveText('Việt', {
    useInnerText: true,
  });
  // Small buttons say what they do (name and tooltip), not a letter.
  const mute = timeline.getByRole('button', { name: 'Tắt tiếng rãnh “Giọng đọc”' });
  await expect(mute).toHaveAttribute('title', 'Tắt tiếng rãnh “Giọng đọc”');
  await expect(mute).not.toHaveText('M');
  await expect(mute.locator('svg')).toBeVisible();
  await expect(timeline.getByRole('button', { name: 'Thu nhỏ' })).toHaveAttribute('title', 'Thu nhỏ');
  await expect(timeline.getByRole('button', { name: 'Phóng to' })).toHaveAttribute('title', 'Phóng to');

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
  // Formats in words, what each is for on hover.
  const opus = page.getByRole('checkbox', { name: 'Opus (nhỏ gọn, cho mạng)' });
  await expect(opus).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'WAV (chất lượng gốc)' })).toBeChecked();
  await expect(page.locator('.render-options [data-format="opus"]')).toHaveAttribute('title', /3G\/4G/);
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
  await expect(report.getByTestId('report-languages')).toContainText('Tày');
  await expect(report.getByTestId('report-languages')).not.toContainText('tyz');
  await expect(report.getByTestId('report-files').locator('li')).toHaveCount(3);
  // Plain words first, the unit beside the number, what it means on hover.
  const loudness = report.locator('dt [data-term="loudness"]');
  await expect(loudness).toHaveText('Độ lớn');
  await expect(loudness).toHaveAttribute('title', /LUFS/);
  await expect(report.locator('dt [data-term="truePeak"]')).toHaveText('Đỉnh');
  await expect(report.getByTestId('report-lufs')).toContainText('LUFS');
  await expect(report.getByTestId('report-files')).toContainText('Opus');
  await expect(report.getByTestId('report-files')).not.toContainText('OPUS');
  expect(await report.innerText()).not.toMatch(/Độ lớn tích hợp|Đỉnh thật|pcm_/);
  // Each file says what it carries, measured on the file itself: at or under the ceiling.
  for (const format of ['wav', 'mp3', 'opus']) {
    expect(number(await report.getByTestId(`report-file-peak-${format}`).innerText())).toBeLessThanOrEqual(
      -1,
    );
  }
  // The rendered master plays from the report.
  const player = report.getByTestId('report-player');
  await expect(report.getByRole('heading', { name: /Nghe bản đã dựng/ })).toContainText('WAV');
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => a.duration), { timeout: 10_000 })
    .toBeCloseTo(23, 0);
  await player.evaluate((a: HTMLAudioElement) => a.play());
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  await studio.screenshot('programme-report-vi');
  await player.evaluate((a: HTMLAudioElement) => a.pause());

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
  // The table's language chips: the station's short names, not codes.
  const chips = page.getByTestId('programme-table').locator('tbody tr').first().locator('.lang-chip');
  await expect(chips).toHaveText(['Việt', 'Tày'], { useInnerText: true });
  await expect(chips.last()).toHaveAttribute('title', 'Tày');
  await studio.screenshot('programme-list-en');
});

test('rundown and timeline gestures: reorder, move with snap, trim, crossfade, overlap, version, ducking, playback of the mix', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page } = studio;
  await newProgrammeWithTaySegment(page);

  const dialog = page.getByTestId('add-item-dialog');
  const rundown = page.getByTestId('rundown');
  const timeline = page.getByTestId('timeline');
  const inspector = page.getByTestId('item-inspector');
  const rows = rundown.locator('[data-rundown-id]');
  // Each item goes after the selected one: 0–9 s, 9–17 s, 17–20 s.
  await addItem(page, 'Giọng đọc', /Tin tiếng Việt/);
  // The Tày news is the segment labelled in the editor: it brings its language along.
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  await dialog.getByRole('tab', { name: 'Bản biên tập' }).click();
  await dialog
    .getByTestId('edit-chooser')
    .getByRole('button', { name: /Tin tiếng Tày/ })
    .click();
  await dialog
    .getByTestId('segment-chooser')
    .getByRole('button', { name: /Bản tin tiếng Tày/ })
    .click();
  await addItem(page, 'Nhạc hiệu, hiệu ứng', /Nhạc hiệu đài/);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).locator('.lang-chip')).toHaveText('Tày');
  await expect(rows.nth(1)).toContainText('Bản tin tiếng Tày');
  await expect(rows.nth(2)).toContainText('0:17');
  // The language can be changed by hand too (and back).
  await rows.nth(1).locator('.rundown-time').click();
  await inspector.getByTestId('item-language').selectOption('hnj');
  await expect(rows.nth(1).locator('.lang-chip')).toHaveText('Mông');
  await inspector.getByTestId('item-language').selectOption('tyz');
  await expect(rows.nth(1).locator('.lang-chip')).toHaveText('Tày');

  // Rundown drag: the jingle goes first; everything after it moves on.
  await rows.nth(2).dragTo(rows.nth(0));
  await expect(rows.nth(0)).toContainText('Nhạc hiệu đài');
  await expect(rows.nth(1)).toContainText('0:03');
  await expect(rows.nth(2)).toContainText('0:12');
  // Alt+↓ moves the selected item one place down.
  await rows.nth(0).locator('.rundown-time').click();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(rows.nth(0)).toContainText('Tin tiếng Việt');
  await expect(rows.nth(1)).toContainText('Nhạc hiệu đài');
  await expect(rows.nth(1)).toContainText('0:09');

  // Timeline: drag the Tày item left; its start snaps onto the end of the Vietnamese item (9 s).
  const tyz = timeline.locator('.tl-clip[data-language="tyz"]');
  const box = (await tyz.boundingBox())!;
  const pxPerSec = box.width / 8;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 2.9 * pxPerSec, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(inspector.getByTestId('item-start')).toHaveValue('0:09.000');
  await expect(rundown.locator('.rundown-item.selected')).toContainText('Tày');

  // Trim its end by 2 seconds with the right handle (Alt: no snapping).
  const b2 = (await tyz.boundingBox())!;
  const handle = tyz.locator('.tl-handle.end');
  const h = (await handle.boundingBox())!;
  await page.keyboard.down('Alt');
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 - 2 * pxPerSec, h.y + h.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await expect(rundown.locator('.rundown-item.selected .rundown-length')).toHaveText('0:06');
  expect((await tyz.boundingBox())!.width).toBeLessThan(b2.width);

  // Crossfade: one second over the end of the Vietnamese item.
  await inspector.getByTestId('item-crossfade').fill('0:01');
  await inspector.getByTestId('item-crossfade').press('Enter');
  await expect(inspector.getByTestId('item-start')).toHaveValue('0:08.000');
  await expect(tyz.locator('.tl-xfade')).toHaveCount(1);
  // Fade out by dragging the fade handle of the selected item one second to the left. Typing in
  // the inspector (below the timeline on a laptop-sized window) scrolled the page: back to it.
  await tyz.locator('[data-fade="out"]').scrollIntoViewIfNeeded();
  const fade = (await tyz.locator('[data-fade="out"]').boundingBox())!;
  await page.mouse.move(fade.x + fade.width / 2, fade.y + fade.height / 2);
  await page.mouse.down();
  await page.mouse.move(fade.x + fade.width / 2 - pxPerSec, fade.y + fade.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(inspector.getByLabel('Nhỏ dần', { exact: true })).toHaveValue(/^0:0(0\.9|1\.0)\d\d$/);
  await expect(tyz.locator('.tl-fades polygon')).toHaveCount(1);

  // Overlapping more than the crossfade is a problem, said in Vietnamese, and blocks the render.
  await inspector.getByTestId('item-start').fill('0:05');
  await inspector.getByTestId('item-start').press('Enter');
  const problems = page.getByTestId('programme-problems');
  await expect(problems.locator('[data-code="PROGRAMME_OVERLAP"]')).toBeVisible();
  await expect(rundown.locator('.rundown-item.problem')).not.toHaveCount(0);
  await page.getByRole('tab', { name: 'Dựng' }).click();
  await expect(page.getByRole('button', { name: 'Dựng chương trình' })).toBeDisabled();
  await studio.screenshot('programme-overlap-vi');
  await page.getByRole('tab', { name: 'Mục', exact: true }).click();
  await inspector.getByRole('button', { name: 'Chồng lên cuối mục trước' }).click();
  await expect(problems).toHaveCount(0);

  // Mark it as the Tày version of the Vietnamese news.
  await inspector.getByTestId('item-version-of').selectOption({ label: 'Tiếng Việt · Tin tiếng Việt' });
  await expect(rundown.locator('.rundown-item.selected').getByTestId('version-of')).toContainText(
    'Bản Tày của mục 1',
  );

  // Its own ducking, and the programme's.
  // A click, not check(): the box is ticked once main has the change.
  await inspector.getByLabel('Đặt mức riêng cho mục này').click();
  await expect(inspector.getByLabel('Đặt mức riêng cho mục này')).toBeChecked();
  await inspector.getByLabel('Giảm bao nhiêu').fill('20');
  await inspector.getByLabel('Giảm bao nhiêu').press('Enter');
  await expect(inspector.getByLabel('Giảm bao nhiêu')).toHaveValue('20');
  await page.getByRole('tab', { name: 'Nhạc nền' }).click();
  const ducking = page.getByTestId('ducking-panel');
  await ducking.getByLabel('Giảm bao nhiêu').fill('6');
  await ducking.getByLabel('Giảm bao nhiêu').press('Enter');
  await page.reload();
  await page.getByRole('tab', { name: 'Nhạc nền' }).click();
  await expect(ducking.getByLabel('Giảm bao nhiêu')).toHaveValue('6');

  // Space plays the programme as it will render (main renders the mix), from the selected item;
  // the playhead runs over the timeline. Space again pauses.
  await rows.nth(1).locator('.rundown-time').click();
  await expect(page.getByTestId('play-position')).toHaveText(/^0:08\.000 \//);
  await page.keyboard.press('Space');
  const play = page.getByTestId('play');
  await expect(play).toHaveText(/Tạm dừng/);
  await expect(page.getByTestId('play-position')).toHaveText(/^0:(09|1\d)\.\d{3} \//, { timeout: 20_000 });
  await page.keyboard.press('Space');
  await expect(play).toHaveText(/Nghe chương trình/);
  // A click on the ruler moves the playhead.
  const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
  await page.mouse.click(ruler.x + 2 * pxPerSec, ruler.y + ruler.height / 2);
  await expect(page.getByTestId('play-position')).toHaveText(/^0:0[12]\.\d{3} \//);
  await studio.screenshot('programme-gestures-vi');
});

test('a render shows its progress and can be cancelled, leaving no report behind', async ({ studio }) => {
  test.setTimeout(240_000);
  const { page } = studio;
  const bed = makeAudio(
    path.join(inputDir('prog'), 'Nhạc nền dài.mp3'),
    "aevalsrc='0.25*sin(2*PI*220*t)+0.25*sin(2*PI*331*t)':s=48000:d=600",
    ['-b:a', '64k'],
  );
  await importAll(page, [bed], 150_000);
  await newProgramme(page);
  await addItem(page, 'Nhạc nền', /Nhạc nền dài/);
  await expect(page.getByTestId('programme-length')).toHaveText('10:00');

  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  await expect(page.getByTestId('render-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Huỷ dựng' }).click();
  await expect(page.getByTestId('render-cancelled')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('render-report')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Dựng chương trình' })).toBeEnabled();
});

test('sources panel: drag a library asset and a Tày segment onto the voice track at the drop position', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page } = studio;
  await newProgrammeWithTaySegment(page);
  const panel = page.getByTestId('source-panel');
  await expect(panel.getByRole('heading', { name: 'Nguồn' })).toBeVisible();
  const timeline = page.getByTestId('timeline');
  const inspector = page.getByTestId('item-inspector');
  const voice = timeline.locator('.tl-lane[data-kind="voice"]');
  // The empty programme's timeline fits 30 seconds into the lane.
  const lane = (await voice.boundingBox())!;
  const pxPerSec = lane.width / 30;
  const startSec = async () => {
    const v = await inspector.getByTestId('item-start').inputValue();
    const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(v)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };

  // The search goes to main (which folds Vietnamese marks): “viet” finds “Tin tiếng Việt”.
  await panel.getByRole('searchbox').fill('viet');
  const assets = panel.getByTestId('source-assets').locator('li');
  await expect(assets).toHaveCount(1);
  await assets.first().dragTo(voice, { targetPosition: { x: 2 * pxPerSec, y: lane.height / 2 } });
  await expect(timeline.locator('.tl-clip[data-language="vie"]')).toHaveCount(1);
  const vieStart = await startSec();
  expect(Math.abs(vieStart - 2)).toBeLessThanOrEqual(0.1);

  // A Tày news segment is speech: main refuses it on the music bed, in Vietnamese, and adds nothing.
  const segment = panel.getByTestId('source-segments').locator('li', { hasText: 'Bản tin tiếng Tày' });
  await expect(segment).toContainText('Tin · Tày');
  const bed = timeline.locator('.tl-lane[data-kind="bed"]');
  await segment.dragTo(bed, { targetPosition: { x: 12 * pxPerSec, y: 10 } });
  const refusal = page.locator('[role="alert"][data-code="PROGRAMME_TRACK_KIND"]');
  await expect(refusal).toContainText('là lời nói nên chỉ đặt được trên rãnh giọng đọc');
  await expect(refusal).toContainText('rãnh "Nhạc nền"');
  await studio.screenshot('programme-track-kind-vi');
  await expect(page.getByTestId('rundown').locator('[data-rundown-id]')).toHaveCount(1);

  // Onto the voice track, dropped 0.3 s after the 9-second Vietnamese news ends: it snaps onto that
  // end, to the sample, as a moved item does, and brings its language along.
  await segment.dragTo(voice, { targetPosition: { x: (vieStart + 9.3) * pxPerSec, y: lane.height / 2 } });
  await expect(timeline.locator('.tl-clip[data-language="tyz"]')).toHaveCount(1);
  await expect(inspector).toContainText('Bản tin tiếng Tày');
  expect(await startSec()).toBeCloseTo(vieStart + 9, 3);
  await expect(page.getByTestId('rundown').locator('[data-rundown-id]')).toHaveCount(2);
  await expect(refusal).toHaveCount(0);
  // The segment's clip draws its audio, rendered by the edit engine, like the library asset's clip.
  for (const language of ['vie', 'tyz']) {
    const wave = timeline.locator(`.tl-clip[data-language="${language}"] canvas.tl-wave`);
    await expect(wave).toHaveCount(1);
    await expect.poll(() => wave.evaluate(tallColumns), { timeout: 30_000 }).toBeGreaterThan(0.8);
  }

  // Onto an occupied place: main's Vietnamese message about the overlap.
  await segment.dragTo(voice, { targetPosition: { x: 5 * pxPerSec, y: lane.height / 2 } });
  await expect(
    page.getByTestId('programme-problems').locator('[data-code="PROGRAMME_OVERLAP"]').first(),
  ).toContainText('chồng lên');
  await studio.screenshot('programme-sources-vi');

  // Keyboard: Enter on a focused source adds it at the playhead (on the selected item’s track).
  const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
  await page.mouse.click(ruler.x + 15 * pxPerSec, ruler.y + ruler.height / 2);
  await expect(page.getByTestId('play-position')).toHaveText(/^0:1[45]\.\d{3} \//);
  await assets.first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rundown').locator('[data-rundown-id]')).toHaveCount(4);
  await expect(inspector.getByLabel('Tiêu đề')).toHaveValue('Tin tiếng Việt');
  expect(Math.abs((await startSec()) - 15)).toBeLessThanOrEqual(0.1);
});

/** The share of a waveform canvas's columns drawn taller than 4 px (a silent column is 1 px). */
function tallColumns(el: Element): number {
  const c = el as HTMLCanvasElement;
  const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
  if (!data || c.width === 0) return 0;
  let tall = 0;
  for (let x = 0; x < c.width; x++) {
    let drawn = 0;
    for (let y = 0; y < c.height; y++) if ((data[(y * c.width + x) * 4 + 3] ?? 0) > 0) drawn++;
    if (drawn > 4) tall++;
  }
  return tall / c.width;
}
