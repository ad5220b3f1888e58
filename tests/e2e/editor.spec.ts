import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, importAndOpen, moveToTrash, seek } from './steps';

/** A 6-second 48 kHz recording made by ffmpeg: a tone that swells and fades, so the waveform has a shape. */
function makeRecording(): string {
  return makeTone(
    path.join(inputDir('edit'), 'Bản tin nông nghiệp tiếng Tày.wav'),
    '0.7*sin(2*PI*330*t)*abs(sin(2*PI*0.35*t+0.3))',
    6,
  );
}

function durationOf(file: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'default=noprint_wrappers=1:nokey=1',
    file,
  ]);
  return Number(out.toString().trim());
}

test('opens an asset, selects, cuts, undoes, labels a Tày segment and exports a WAV', async ({ studio }) => {
  const { page } = studio;
  await importAndOpen(page, makeRecording());

  // The preview is rendered by main and drawn from its peaks.
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  const duration = page.getByTestId('edit-duration');
  await expect(duration).toHaveText('0:06.000');

  // Select 1 s … 3 s with I and O after seeking: exactly 96 000 samples.
  await seek(page, '0:01');
  await page.keyboard.press('i');
  await seek(page, '0:03');
  await page.keyboard.press('o');
  const readout = page.getByTestId('selection-readout');
  await expect(readout).toContainText('0:01.000 – 0:03.000');
  await expect(readout).toContainText('(0:02.000)');
  // The selection is drawn over the waveform.
  await expect(wave.locator('[data-region="selection"]')).toHaveCount(1);

  await page.keyboard.press('Control+x');
  await expect(duration).toHaveText('0:04.000');
  await expect(page.getByTestId('clipboard-info')).toContainText('0:02.000');
  await expect(page.getByTestId('history-list')).toContainText('Cắt');
  await expect(page.getByTestId('undo-line')).toContainText('Hoàn tác: Cắt');
  // The new preview arrives and the waveform follows it.
  await expect(wave).toHaveAttribute('data-loaded', /:1$/, { timeout: 30_000 });

  await page.keyboard.press('Control+z');
  await expect(duration).toHaveText('0:06.000');
  await expect(page.getByTestId('undo-line')).toContainText('Làm lại: Cắt');
  await expect(wave).toHaveAttribute('data-loaded', /:2$/, { timeout: 30_000 });

  // Select by dragging on the waveform, from about 2 s to about 4.5 s.
  const box = (await wave.locator('.wave-canvas').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + (box.width * 2) / 6, y);
  await page.mouse.down();
  await page.mouse.move(box.x + (box.width * 3.2) / 6, y, { steps: 8 });
  await page.mouse.move(box.x + (box.width * 4.5) / 6, y, { steps: 8 });
  await page.mouse.up();
  await expect(readout).toContainText(/0:0[12]\.\d{3} – 0:04\.\d{3}/);
  const selected = await readout.textContent();

  // Label it as a Tày news item; typing in the fields never triggers the editor's keys.
  const panel = page.getByTestId('segments-panel');
  await panel.getByLabel('Ngôn ngữ').selectOption('tyz');
  await panel.getByLabel('Loại').selectOption({ label: 'Tin' });
  await panel.getByLabel('Tiêu đề').fill('Tin nông nghiệp – tiếng Tày');
  await panel.getByLabel('Kịch bản').fill('Mùa này bà con trồng ngô, trồng lúa…');
  await expect(readout).toHaveText(selected!);
  await expect(duration).toHaveText('0:06.000');
  await panel.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }).click();
  const item = panel.getByTestId('segment-list').locator('li');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Tin nông nghiệp – tiếng Tày');
  await expect(item).toContainText('Tày');
  await expect(item).toHaveAttribute('data-language', 'tyz');
  // Drawn in the segment lane over the waveform; a click on it selects the segment again.
  const lane = page.getByTestId('segment-lane');
  await expect(lane).toHaveAttribute('data-segments', '1');
  await page.keyboard.press('Escape');
  await expect(readout).not.toContainText('0:04');
  const laneBox = (await lane.boundingBox())!;
  await lane.click({ position: { x: (laneBox.width * 3.2) / 6, y: laneBox.height / 2 } });
  await expect(readout).toHaveText(selected!);

  // A marker with M, at the playhead.
  await seek(page, '0:00.5');
  await page.keyboard.press('m');
  await expect(page.getByTestId('marker-list').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('marker-list')).toContainText('0:00.500');
  await expect(lane).toHaveAttribute('data-markers', '1');
  // Named in the markers list (the lane draws the name); deleted, and back with its name on Ctrl+Z.
  const markers = page.getByTestId('marker-list');
  await markers.getByRole('button', { name: 'Đặt tên' }).click();
  await markers.getByLabel('Tên mốc').fill('Bắt đầu phỏng vấn');
  await studio.screenshot('editor-marker-name-vi');
  await markers.getByLabel('Tên mốc').press('Enter');
  await expect(markers.locator('li')).toHaveText(/0:00\.500 Bắt đầu phỏng vấn/);
  await expect(page.getByTestId('history-list')).toContainText(
    'Đặt tên mốc tại 0:00.500: “Bắt đầu phỏng vấn”',
  );
  await markers.getByRole('button', { name: 'Xoá' }).click();
  await expect(markers).toHaveCount(0);
  await expect(lane).toHaveAttribute('data-markers', '0');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('marker-list').locator('li')).toContainText('Bắt đầu phỏng vấn');
  await expect(lane).toHaveAttribute('data-markers', '1');

  // The waveform canvas has ink on it.
  await expect
    .poll(() =>
      wave.locator('.wave-canvas').evaluate((host) => {
        const canvas = host.querySelector('div')?.shadowRoot?.querySelector('canvas');
        if (!canvas) return 0;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
        return ink / (canvas.width * canvas.height);
      }),
    )
    .toBeGreaterThan(0.1);
  await studio.screenshot('editor-vi');

  // The help overlay lists the keys in Vietnamese; Esc closes it.
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toContainText('Phát / tạm dừng');
  await expect(help).toContainText('Đặt điểm vào');
  await studio.screenshot('editor-help-vi');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Play and pause: Space on a focused button toggles once (the button is not clicked as well).
  const play = page.getByRole('button', { name: /^▶ Phát$/ });
  await play.click();
  const pause = page.getByRole('button', { name: /Tạm dừng/ });
  await expect(pause).toBeVisible();
  await expect.poll(async () => page.getByTestId('playhead').inputValue()).not.toBe('0:00.500');
  await page.keyboard.press(' ');
  await expect(play).toBeVisible();

  // Export a 16-bit WAV to the suggested file; ffprobe reads it back at the edit's length.
  const exporter = page.getByTestId('export-panel');
  const fileField = exporter.getByTestId('export-file');
  await exporter.getByLabel('Định dạng').selectOption('wav16');
  const suggested = await fileField.inputValue();
  expect(path.dirname(suggested)).toBe(path.join(studio.dataDir, 'exports'));
  expect(path.basename(suggested)).toMatch(/^Bản tin nông nghiệp tiếng Tày-\d{8}-\d{6}\.wav$/);
  await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
  const result = exporter.getByTestId('export-result');
  await expect(result).toContainText('Đã xuất xong', { timeout: 30_000 });
  const file = (await exporter.getByTestId('export-path').textContent())!.trim();
  expect(file).toBe(suggested);
  expect(existsSync(file)).toBe(true);
  expect(durationOf(file)).toBeCloseTo(6, 3);
  await studio.screenshot('editor-export-vi');
  // The next suggestion is a new name, so a second export never writes over the first.
  await expect(fileField).not.toHaveValue(suggested);

  // Somewhere of the user's own, chosen in the studio's "save as" window (the web host has no OS
  // window): a folder in the exports folder, a name; the extension follows the format, and a file
  // already there is replaced only when the user says so.
  const folder = path.join(studio.dataDir, 'exports', 'Gửi tỉnh');
  mkdirSync(folder);
  const own = path.join(folder, 'Bản tin gửi tỉnh.wav');
  if (studio.host === 'web') {
    await exporter.getByRole('button', { name: 'Chọn nơi lưu…' }).click();
    const dialog = page.getByTestId('save-as');
    await expect(dialog.getByTestId('save-as-folder')).toHaveText(path.join(studio.dataDir, 'exports'));
    await dialog.getByRole('button', { name: 'Gửi tỉnh' }).click();
    await expect(dialog.getByTestId('save-as-folder')).toHaveText(folder);
    await dialog.getByLabel('Tên tệp').fill('Bản tin gửi tỉnh.mp3');
    await dialog.getByRole('button', { name: 'Lưu vào đây' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(fileField).toHaveValue(own);
    await exporter.getByLabel('Định dạng').selectOption('mp3-128');
    await expect(fileField).toHaveValue(path.join(folder, 'Bản tin gửi tỉnh.mp3'));
    await exporter.getByLabel('Định dạng').selectOption('wav16');
    await expect(fileField).toHaveValue(own);
    await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
    await expect(exporter.getByTestId('export-path')).toHaveText(own, { timeout: 30_000 });
    expect(durationOf(own)).toBeCloseTo(6, 3);
    await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
    const exists = exporter.getByTestId('export-exists');
    await expect(exists).toContainText(
      `Đã có tệp "Bản tin gửi tỉnh.wav" trong thư mục "${folder}". Hãy đặt tên khác, hoặc xác nhận ghi đè lên tệp cũ.`,
    );
    await studio.screenshot('editor-export-exists-vi');
    const before = statSync(own).mtimeMs;
    await exists.getByRole('button', { name: 'Ghi đè tệp cũ' }).click();
    await expect(exists).toHaveCount(0);
    await expect.poll(() => statSync(own).mtimeMs, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect(result).toContainText('Đã xuất xong', { timeout: 30_000 });
  }

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Editor');
  await expect(page.getByTestId('segments-panel')).toContainText('Tày');
  // The history comes from main as data and is worded in the UI's language.
  const history = page.getByTestId('history-list');
  await expect(history).toContainText('Add segment “Tin nông nghiệp – tiếng Tày” (Tày)');
  await expect(history).toContainText('Add marker at 0:00.500');
  await expect(history).not.toContainText('Thêm');
  await expect(page.getByTestId('undo-line')).toHaveText(
    'Undo: Name marker at 0:00.500: “Bắt đầu phỏng vấn” · Redo: Delete marker at 0:00.500',
  );
  await studio.screenshot('editor-en');
});

test('a trashed asset gets a clear Vietnamese message, not a blank screen', async ({ studio }) => {
  const { page } = studio;
  await importAndOpen(page, makeRecording());
  await expect(page.getByTestId('edit-duration')).toHaveText('0:06.000', { timeout: 30_000 });
  const hash = new URL(page.url()).hash;

  await page.getByRole('link', { name: 'Thư viện' }).click();
  await page.getByTestId('asset-table').locator('tbody tr').first().click();
  await moveToTrash(page);
  await expect(page.getByText('Thư viện chưa có gì')).toBeVisible();

  await page.goto(page.url().replace(/#.*$/, '') + hash);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/thùng rác|đã bị xoá/);
  await expect(page.getByRole('button', { name: 'Mở tệp khác' })).toBeVisible();
  await studio.screenshot('editor-trashed-vi');

  // One click takes it out of the trash and the edit opens as it was.
  await page.getByRole('button', { name: 'Khôi phục tệp rồi mở lại' }).click();
  await expect(page.getByTestId('edit-duration')).toHaveText('0:06.000', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('zooms into a long recording with finer peaks from main, and Home/End move the playhead', async ({
  studio,
}) => {
  const { page } = studio;
  // 100 s: the preview's peaks of the whole edit are coarser than 100 buckets a second.
  const file = makeTone(
    path.join(inputDir('long'), 'Phỏng vấn dài.wav'),
    '0.6*sin(2*PI*200*t)*abs(sin(2*PI*0.05*t))*(0.6+0.4*sin(2*PI*3*t))',
    100,
  );
  await importAndOpen(page, file);
  await expect(page.getByTestId('edit-duration')).toHaveText('1:40.000', { timeout: 30_000 });
  const zoom = page.getByTestId('zoom');
  await expect(zoom).toHaveAttribute('data-peaks-bps', '25');

  for (let i = 0; i < 6; i++) await page.keyboard.press('+');
  await expect.poll(async () => Number(await zoom.getAttribute('data-px-per-sec'))).toBeGreaterThan(100);
  await expect(zoom).toHaveAttribute('data-peaks-bps', '100');

  await page.keyboard.press('End');
  await expect(page.getByTestId('playhead')).toHaveValue('1:40.000');
  await expect(zoom).toHaveAttribute('data-peaks-bps', '100');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('playhead')).toHaveValue('0:00.000');
  await seek(page, '0:42,5');
  await expect(page.getByTestId('playhead')).toHaveValue('0:42.500');
  await studio.screenshot('editor-zoom-vi');

  // Deeper than the peaks go (100 a second): down to single samples, drawn from the samples
  // themselves (edit.samples), several pixels a sample with a dot on each.
  const samples = page.getByTestId('sample-view');
  await expect(samples).toHaveAttribute('data-state', '');
  for (let i = 0; i < 30; i++) await page.keyboard.press('+');
  await expect
    .poll(async () => Number(await zoom.getAttribute('data-px-per-sec')))
    .toBeGreaterThanOrEqual(48_000);
  await expect(samples).toHaveAttribute('data-state', 'samples');
  expect(Number(await samples.getAttribute('data-px-per-sample'))).toBeGreaterThanOrEqual(1);
  // Ink on the sample canvas (drawn once the samples have come from main), and the playhead where it was.
  await expect
    .poll(() =>
      samples.evaluate((c: HTMLCanvasElement) => {
        const data =
          c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      }),
    )
    .toBeGreaterThan(500);
  await expect(page.getByTestId('playhead')).toHaveValue('0:42.500');
  await studio.screenshot('editor-samples-vi');

  await page.getByRole('button', { name: 'Xem toàn bộ' }).click();
  await expect(zoom).toHaveAttribute('data-peaks-bps', '25');
  await expect(samples).toHaveAttribute('data-state', '');
});

test('a 40-minute edit zooms to single samples: dots at their values, wheel scroll, a drag selects exact samples', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page } = studio;
  // A known sample pattern: sample n is ((n mod 8) − 3.5) / 8, a sawtooth of 8 steps. 40 minutes
  // is far beyond what the browser's scroll area holds at one pixel a sample.
  const file = makeTone(path.join(inputDir('deep'), 'Hội nghị dài 40 phút.wav'), '(mod(n,8)-3.5)/8', 2400);
  await importAndOpen(page, file);
  await expect(page.getByTestId('edit-duration')).toHaveText('40:00.000', { timeout: 120_000 });
  await expect(page.getByTestId('editor-waveform')).not.toHaveAttribute('data-loaded', '', {
    timeout: 120_000,
  });
  // 20:00 is sample 57 600 000: (0 − 3.5) / 8 = −0.4375, the lowest step; the one before it the highest.
  await seek(page, '20:00');
  const zoom = page.getByTestId('zoom');
  for (let i = 0; i < 40; i++) await page.keyboard.press('+');
  await expect(zoom).toHaveAttribute('data-px-per-sec', String(40 * 48_000));
  const samples = page.getByTestId('sample-view');
  await expect(samples).toHaveAttribute('data-state', 'samples', { timeout: 30_000 });
  await expect(samples).toHaveAttribute('data-px-per-sample', '40.000');
  await expect(page.getByTestId('playhead')).toHaveValue('20:00.000');
  await expect(page.getByTestId('wave-scrollbar')).toBeVisible();
  await studio.screenshot('editor-deep-samples-vi');

  const playhead = page.getByTestId('own-playhead');
  const playheadX = async () => {
    const p = (await playhead.boundingBox())!;
    const c = (await samples.boundingBox())!;
    return p.x + p.width / 2 - c.x;
  };
  /** Highest and lowest ink (CSS px from the top) in the columns `x ± 1` of the sample canvas. */
  const inkAt = (x: number) =>
    samples.evaluate((c: HTMLCanvasElement, x: number) => {
      const k = c.width / c.clientWidth;
      const ctx = c.getContext('2d')!;
      const x0 = Math.round((x - 1) * k);
      const data = ctx.getImageData(x0, 0, Math.max(1, Math.round(2 * k)), c.height);
      let top = Infinity;
      let bottom = -Infinity;
      for (let y = 0; y < data.height; y++) {
        for (let i = 0; i < data.width; i++) {
          if (data.data[(y * data.width + i) * 4 + 3]! > 128) {
            top = Math.min(top, y / k);
            bottom = Math.max(bottom, y / k);
          }
        }
      }
      return { top, bottom, height: c.clientHeight };
    }, x);
  const x = await playheadX();
  // A value v is drawn at 90 − 88·v px (the lane's middle, 2 px from its edges), a dot of 3.5 px radius.
  const low = await inkAt(x);
  expect(low.height).toBe(180);
  expect(Math.abs(low.bottom - (90 + 88 * 0.4375 + 3.5))).toBeLessThanOrEqual(1.5);
  const high = await inkAt(x - 40);
  expect(Math.abs(high.top - (90 - 88 * 0.4375 - 3.5))).toBeLessThanOrEqual(1.5);

  // The wheel scrolls the view by its pixels: 200 px is 5 samples; the playhead stays on its sample
  // (and in the view, which is about 600 px wide beside the editor's side column).
  const box = (await samples.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 60);
  await page.mouse.wheel(0, 200);
  await expect.poll(playheadX).toBeCloseTo(x - 200, 0);
  await expect(page.getByTestId('playhead')).toHaveValue('20:00.000');

  // A drag from the dot of sample 57 600 002 to that of 57 600 005 selects those three samples.
  const x2 = box.x + x - 200 + 2 * 40;
  await page.mouse.move(x2, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(x2 + 60, box.y + 100, { steps: 4 });
  await page.mouse.move(x2 + 3 * 40, box.y + 100, { steps: 4 });
  await page.mouse.up();
  const readout = page.getByTestId('selection-readout');
  await expect(readout).toContainText('20:00.000 – 20:00.000');
  await expect(page.getByTestId('selection-samples')).toHaveText('mẫu 57.600.002 – 57.600.005 (3 mẫu)');
  await expect(page.getByTestId('own-selection')).toBeVisible();
  await studio.screenshot('editor-deep-selection-vi');

  // A click moves the playhead to the sample under it.
  await page.mouse.click(box.x + x - 200 + 7 * 40, box.y + 100);
  await expect.poll(playheadX).toBeCloseTo(x - 200 + 7 * 40, 0);

  // A press on the scrollbar's track right of its thumb moves the view on by most of a page (the
  // playhead goes off screen); one left of it comes back to where it was.
  const track = (await page.getByTestId('wave-scrollbar').boundingBox())!;
  const before = await playheadX();
  await page.mouse.click(track.x + track.width - 4, track.y + track.height / 2);
  await expect(playhead).toBeHidden();
  await page.mouse.click(track.x + 4, track.y + track.height / 2);
  await expect(playhead).toBeVisible();
  expect(await playheadX()).toBeCloseTo(before, 0);

  // A drag held past the view's right edge scrolls the view on (the playhead leaves it) and the
  // selection grows with it, beyond the last sample first on screen; letting go stops both.
  const lastShown = 57_600_000 + Math.floor((box.width - (x - 200)) / 40);
  const x9 = box.x + x - 200 + 9 * 40;
  await page.mouse.move(x9, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(x9 + 40, box.y + 100, { steps: 4 });
  await page.mouse.move(box.x + box.width + 30, box.y + 100, { steps: 8 });
  await expect(playhead).toBeHidden({ timeout: 20_000 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-samples')).toContainText('mẫu 57.600.009 – ');
  const range = (await page.getByTestId('selection-samples').innerText()).match(/([\d.]+) – ([\d.]+)/);
  const last = Number(range![2]!.replaceAll('.', ''));
  expect(last).toBeGreaterThan(lastShown + 5);
  // The selection reaches the view's right edge (to the nearest sample, half a sample is 20 px),
  // and stays there: the view no longer scrolls.
  const ownSelection = page.getByTestId('own-selection');
  const selRight = async () => {
    const s = (await ownSelection.boundingBox())!;
    return s.x + s.width;
  };
  const right = await selRight();
  expect(Math.abs(right - (box.x + box.width))).toBeLessThanOrEqual(21);
  await page.waitForTimeout(400);
  expect(await selRight()).toBeCloseTo(right, 0);
  await studio.screenshot('editor-deep-autoscroll-vi');

  // Back to the whole edit: wavesurfer draws again and the sample view steps aside.
  await page.getByRole('button', { name: 'Xem toàn bộ' }).click();
  await expect(samples).toHaveAttribute('data-state', '');
  await expect(page.getByTestId('wave-scrollbar')).toBeHidden();
});

/** RMS level in dB of `[start, start + seconds)` of a file (ffmpeg astats). */
function rmsDb(file: string, start: number, seconds: number): number {
  const r = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostats', '-ss', String(start), '-t', String(seconds), '-i', file],
      ...['-af', 'astats=measure_perchannel=none:measure_overall=RMS_level', '-f', 'null', '-'],
    ],
    { encoding: 'utf8' },
  );
  const m = /RMS level dB:\s*(-?[\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`no RMS level from ffmpeg:\n${r.stderr}`);
  return Number(m[1]);
}

test('G draws a gain envelope: a −12 dB dip over a second, points dragged and deleted, exported and measured', async ({
  studio,
}) => {
  const { page } = studio;
  // A steady tone, so any level change is the envelope's.
  const file = makeTone(path.join(inputDir('env'), 'Giọng đọc đều.wav'), '0.5*sin(2*PI*440*t)', 4);
  await importAndOpen(page, file);
  await expect(page.getByTestId('edit-duration')).toHaveText('0:04.000', { timeout: 30_000 });
  await expect(page.getByTestId('editor-waveform')).not.toHaveAttribute('data-loaded', '', {
    timeout: 30_000,
  });

  await page.keyboard.press('g');
  const toggle = page.getByTestId('envelope-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Bấm để thêm điểm')).toBeVisible();
  const canvas = page.getByTestId('envelope-view');
  await expect(canvas).toHaveAttribute('data-state', 'on');
  // The whole 4 s edit across the view; +12 dB at the top, −48 dB at the bottom. Measured each
  // time: the undo hint under the title appears after the first step and moves the page down.
  const at = async (sec: number, db: number): Promise<[number, number]> => {
    const box = (await canvas.boundingBox())!;
    return [box.x + (sec / 4) * box.width, box.y + ((12 - db) / 60) * box.height];
  };
  const click = async (sec: number, db: number) => {
    await page.mouse.click(...(await at(sec, db)));
  };
  const history = page.getByTestId('history-list');

  // Two points make an envelope (one step); each point added inside it is another step.
  await click(0.9, 0);
  await click(2.1, 0);
  await expect(history).toContainText('Đường âm lượng (2 điểm)');
  await expect(canvas).toHaveAttribute('data-envelopes', '1');
  await click(1.0, -6);
  await expect(history).toContainText('Đường âm lượng (3 điểm)');
  await click(2.0, -12);
  await expect(history).toContainText('Đường âm lượng (4 điểm)');
  // The point at 1.0 s dragged down from −6 to −12 dB.
  await page.mouse.move(...(await at(1.0, -6)));
  await page.mouse.down();
  await page.mouse.move(...(await at(1.0, -9)), { steps: 3 });
  await page.mouse.move(...(await at(1.0, -12)), { steps: 3 });
  await page.mouse.up();
  await expect(history.locator('li')).toHaveCount(5);
  // A stray point: selected by a click and removed with Delete (the audio stays: duration unchanged).
  await click(1.5, -30);
  await expect(history).toContainText('Đường âm lượng (5 điểm)');
  await page.mouse.click(...(await at(1.5, -30)));
  await page.keyboard.press('Delete');
  await expect(history.locator('li')).toHaveCount(7);
  await expect(page.getByTestId('edit-duration')).toHaveText('0:04.000');
  // Another, removed with a double-click.
  await click(1.7, -24);
  await expect(history.locator('li')).toHaveCount(8);
  await page.mouse.dblclick(...(await at(1.7, -24)));
  await expect(history.locator('li')).toHaveCount(9);
  await expect(history.locator('li').last()).toContainText('Đường âm lượng (4 điểm)');
  await expect(canvas).toHaveAttribute('data-envelopes', '1');
  await studio.screenshot('editor-envelope-vi');

  // G again leaves the mode.
  await page.keyboard.press('G');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  const exporter = page.getByTestId('export-panel');
  await exporter.getByLabel('Định dạng').selectOption('wav16');
  await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
  await expect(exporter.getByTestId('export-result')).toContainText('Đã xuất xong', { timeout: 30_000 });
  const out = (await exporter.getByTestId('export-path').textContent())!.trim();
  const before = rmsDb(out, 0.2, 0.6);
  const dip = rmsDb(out, 1, 1);
  const after = rmsDb(out, 2.3, 0.6);
  test.info().annotations.push({
    type: 'levels',
    description: `RMS before ${before} dB, 1–2 s ${dip} dB, after ${after} dB`,
  });
  // 0.5 amplitude sine: −9 dB RMS; in the dip 12 dB lower.
  expect(before).toBeCloseTo(-9.03, 0);
  expect(after).toBeCloseTo(before, 1);
  expect(Math.abs(dip - (before - 12))).toBeLessThanOrEqual(1);
});

test('every tool goes through main: paste, level, fades, silence, clicks, split, silences, loudness, trim, insert, history', async ({
  studio,
}) => {
  const { page } = studio;
  const dir = inputDir('tools');
  // 10 s: a tone, 2 s of silence from 4 s to 6 s, the tone again. And a 1.5 s jingle to insert.
  const talk = path.join(dir, 'Phỏng vấn có khoảng lặng.wav');
  const jingle = path.join(dir, 'Nhạc hiệu.wav');
  makeTone(talk, '0.5*sin(2*PI*440*t)*(lt(t,4)+gte(t,6))', 10);
  makeTone(jingle, '0.4*sin(2*PI*660*t)', 1.5);
  await importAll(page, [jingle], 30_000);
  await importAndOpen(page, talk);
  const duration = page.getByTestId('edit-duration');
  await expect(duration).toHaveText('0:10.000', { timeout: 30_000 });
  await expect(page.getByTestId('editor-waveform')).not.toHaveAttribute('data-loaded', '', {
    timeout: 30_000,
  });
  const history = page.getByTestId('history-list');
  const effects = page.getByTestId('effect-list');
  const tools = page.getByTestId('editor-tools');
  const button = (name: string | RegExp) => tools.getByRole('button', { name });

  // Copy 1 s and paste it at the start: the pasted audio is selected.
  await seek(page, '1');
  await page.keyboard.press('i');
  await seek(page, '2');
  await page.keyboard.press('o');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('clipboard-info')).toContainText('0:01.000');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+v');
  await expect(duration).toHaveText('0:11.000');
  await expect(page.getByTestId('selection-readout')).toContainText('0:00.000 – 0:01.000');

  // Level, fade, silence and click removal over the selection.
  await tools.getByLabel('Mức (dB)').fill('-6');
  await button('Tăng/giảm âm lượng').click();
  await expect(effects).toContainText('Âm lượng');
  await tools.getByLabel('Dạng').selectOption('scurve');
  await button(/Tăng dần/).click();
  await expect(effects).toContainText('Tăng dần (Chữ S');
  await button('Làm im lặng').click();
  await expect(effects).toContainText('Im lặng');
  await button('Khử tiếng lách cách').click();
  await expect(effects).toContainText('Khử lách cách');
  await expect(history.locator('li')).toHaveCount(6);

  // An effect can be taken off again.
  await effects.locator('li', { hasText: 'Im lặng' }).getByRole('button', { name: 'Bỏ' }).click();
  await expect(effects).not.toContainText('Im lặng');

  // Split at the playhead changes nothing audible.
  await page.keyboard.press('Escape');
  await seek(page, '8');
  await button('Tách tại vị trí phát').click();
  await expect(history).toContainText('Tách tại');
  await expect(duration).toHaveText('0:11.000');

  // The 2 s silence becomes 0.3 s.
  await button('Rút ngắn khoảng lặng').click();
  await expect(history).toContainText('Rút ngắn', { timeout: 30_000 });
  await expect(duration).toHaveText('0:09.300');

  // Loudness for outdoor loudspeakers, applied when it renders.
  await tools.getByLabel('Độ lớn chuẩn').selectOption('outdoor');
  await button('Chuẩn hoá độ to').click();
  await expect(page.getByTestId('loudness-info')).toContainText('−16 LUFS', { timeout: 30_000 });

  // Insert the jingle at 0:05 from the library.
  await seek(page, '5');
  await button('Chèn tệp…').click();
  const dialog = page.getByTestId('insert-dialog');
  await dialog.getByRole('button', { name: /Nhạc hiệu/ }).click();
  await expect(dialog).toHaveCount(0);
  await expect(duration).toHaveText('0:10.800');
  // The inserted audio is selected, where the playhead was (even though the previous change's
  // preview may still have been loading when the playhead was moved).
  await expect(page.getByTestId('selection-readout')).toContainText('0:05.000 – 0:06.500');

  // Keep only the jingle.
  await button('Chỉ giữ đoạn chọn').click();
  await expect(duration).toHaveText('0:01.500');
  // The screenshot shows the edit once the change has settled, as the person sees it: the history
  // up to the trim, its list scrolled to show it, nothing analysing or rendering over the
  // waveform, and the trimmed preview loaded (the playhead goes back to its start then).
  const current = history.locator('[aria-current="step"]');
  await expect(current).toHaveText(/^Giữ lại 0:05\.000–0:06\.500/);
  const inSight = () =>
    current.evaluate((el) => {
      const a = el.getBoundingClientRect();
      const b = el.closest('ol')!.getBoundingClientRect();
      return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    });
  await expect.poll(inSight).toBe(true);
  await expect(page.getByTestId('editor-waveform').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('playhead')).toHaveValue('0:00.000');
  await studio.screenshot('editor-tools-vi');

  // Back to the original through the history list, then forward again to the trim.
  await history.getByRole('button', { name: 'Bản gốc' }).click();
  await expect(duration).toHaveText('0:10.000');
  await history.getByRole('button', { name: /Giữ lại/ }).click();
  await expect(duration).toHaveText('0:01.500');
  await page.keyboard.press('Control+z');
  await expect(duration).toHaveText('0:10.800');
  await page.keyboard.press('Control+y');
  await expect(duration).toHaveText('0:01.500');

  // Export an MP3: ffprobe reads it.
  const exporter = page.getByTestId('export-panel');
  await exporter.getByLabel('Định dạng').selectOption('mp3-128');
  await exporter.getByRole('button', { name: 'Xuất tệp' }).click();
  await expect(exporter.getByTestId('export-result')).toContainText('Đã xuất xong', { timeout: 30_000 });
  await expect(exporter.getByTestId('export-result')).toContainText('−16 LUFS');
  const file = (await exporter.getByTestId('export-path').textContent())!.trim();
  expect(file.endsWith('.mp3')).toBe(true);
  expect(durationOf(file)).toBeGreaterThan(1.4);
});
