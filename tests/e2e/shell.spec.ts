import { expect, test } from './fixtures';

test('opens in Vietnamese, shows the System screen, switches to English and remembers it', async ({
  studio,
}) => {
  const { page } = studio;
  await expect(page).toHaveTitle('Studio Truyền thanh');
  await expect(page.getByRole('navigation', { name: 'Khu làm việc' })).toBeVisible();
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(page.getByRole('heading', { name: 'Hệ thống', level: 1 })).toBeVisible();

  // The doctor report is read from main: ffmpeg on this machine, and our own data folder.
  const ffmpegRow = page.locator('tr[data-check="ffmpeg"]');
  await expect(ffmpegRow).toContainText('ffmpeg (xử lý âm thanh)');
  await expect(ffmpegRow).toHaveAttribute('data-status', 'ok');
  await expect(ffmpegRow).toContainText(/\d+\.\d+/);
  await expect(page.getByTestId('data-dir')).toContainText(studio.dataDir);
  // This machine has no microphone (see the fixture): it can edit, and says it cannot record yet.
  await expect(page.getByTestId('readiness')).toContainText('Sẵn sàng biên tập, nhưng chưa thu âm được');
  // Where ffmpeg was found, in words; commands and variables only under "Chi tiết kỹ thuật".
  await expect(ffmpegRow).toContainText('cài sẵn trên máy');
  const shown = await page.locator('main').innerText();
  for (const word of ['PATH', 'FFMPEG_BIN', 'apt-get', '--data', 'studio doctor', 'sox ']) {
    expect(shown).not.toContain(word);
  }
  const micDetails = page.locator('tr[data-check="microphone"] + tr.advice-row details');
  await expect(micDetails.locator('summary')).toHaveText('Chi tiết kỹ thuật');
  await studio.screenshot('system-vi');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();
  await expect(ffmpegRow).toContainText('ffmpeg (audio processing)');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await studio.screenshot('system-en');

  // The choice lives in main's settings, so a reload keeps it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { name: 'Hệ thống', level: 1 })).toBeVisible();
});

test('the page is marked as not to be translated, in the language the UI speaks', async ({ studio }) => {
  // Chromium offers to translate a Vietnamese page on an English machine, and its bubble covers
  // "Nhập tệp…"; the command-line flag does not stop it, the page's own marks do.
  const { page } = studio;
  const html = page.locator('html');
  await expect(html).toHaveAttribute('translate', 'no');
  await expect(html).toHaveAttribute('lang', 'vi');
  await expect(page.locator('meta[name="google"]')).toHaveAttribute('content', 'notranslate');
  if (studio.host === 'web') {
    // The marks are in the page as served, before any script runs.
    const served = await (await page.request.get(page.url())).text();
    expect(served).toMatch(/<html[^>]*\btranslate="no"/);
    expect(served).toContain('<meta name="google" content="notranslate"');
  }
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveAttribute('translate', 'no');
});

test('refuses an ffmpeg path that does not run, with a Vietnamese message', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await page.getByLabel('Đường dẫn ffmpeg').fill('/khong/co/ffmpeg');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('không phải là ffmpeg chạy được');
  await page.getByRole('button', { name: 'Tự tìm' }).click();
  // The settings form's own status (the records card below has a live region of its own).
  const settings = page.locator('form').filter({ has: page.getByLabel('Đường dẫn ffmpeg') });
  await expect(settings.getByRole('status')).toContainText('Đã lưu cài đặt.');
});
