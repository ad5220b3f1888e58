/**
 * "Phát trực tiếp" (issue 15): an admin sets the stream server's port, picks a file of the library
 * and goes live with F9 to every station: the sign says ĐANG PHÁT and the programme meter moves.
 * An emergency from the same file is asked for with F8 and confirmed in a dialog that names every
 * station it takes over: the sign says KHẨN CẤP, then ĐANG PHÁT again once it ends; F4 and its
 * confirmation take the air off: TẮT. Pre-listen (P) plays the programme in the page. The navigation names the state from every workspace. An announcer watches: no buttons that change the air, and
 * the emergency button says who may press it. Each state is screenshotted in Vietnamese and
 * English (test-results/screens/live-*).
 */
import { createServer } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test, type E2eAccount } from './fixtures';
import { importAll } from './steps';

// The fixture makes two users (scrypt) and starts the web host before the body runs: on a busy
// machine that alone took over 60 s, the default timeout, which counts fixtures too.
test.describe.configure({ timeout: 180_000 });

/** A port nobody listens on now, for the stream server (others' tests may hold 8000). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Adds a station through the "Cụm thu" workspace, as an operator does, and closes its URLs. */
async function addStation(page: Page, code: string, name: string, group: string): Promise<void> {
  await page.getByRole('link', { name: 'Cụm thu' }).click();
  await page.getByTestId('station-add').click();
  const dialog = page.getByTestId('station-dialog');
  await dialog.getByTestId('station-code').fill(code);
  await dialog.getByTestId('station-name').fill(name);
  await dialog.getByTestId('station-group').fill(group);
  await dialog.getByTestId('station-save').click();
  await page.getByTestId('station-streams').getByRole('button', { name: 'Đóng' }).click();
}

/** The programme meter's peak as the page shows it now (dBFS, −60 for silence). */
async function programmePeak(page: Page): Promise<number> {
  return Number(
    await page.getByTestId('live-programme-meter').getByRole('meter').getAttribute('aria-valuenow'),
  );
}

/** The screen as it is, in Vietnamese and in English (back to Vietnamese after). */
async function shoot(page: Page, screenshot: (name: string) => Promise<string>, name: string): Promise<void> {
  await screenshot(`live-${name}-vi`);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live broadcast');
  await screenshot(`live-${name}-en`);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Phát trực tiếp');
}

test('go live with a file, see ĐANG PHÁT and the meter move, an emergency named and confirmed, then stop', async ({
  studio,
}) => {
  const { page } = studio;
  const file = makeTone(
    path.join(inputDir('live'), 'Bản tin trưa.wav'),
    // A level that rises and falls, so a moving meter shows as different readings.
    '0.6*sin(2*PI*440*t)*abs(sin(2*PI*0.7*t))',
    60,
  );
  await importAll(page, [file]);
  await addStation(page, 'XA-BAN-VUOC', 'Xã Bản Vược', 'Bát Xát');
  await addStation(page, 'XA-MUONG-HUM', 'Xã Mường Hum', 'Bát Xát');

  await page.getByRole('link', { name: 'Phát trực tiếp' }).click();
  const sign = page.getByTestId('on-air');
  await expect(sign).toHaveAttribute('data-mode', 'off');
  await expect(page.getByTestId('on-air-word')).toHaveText('TẮT');
  await expect(page.getByTestId('live-stations').locator('li')).toHaveCount(2);

  // The stream server on a port of this test's own.
  const settings = page.getByTestId('live-settings');
  await settings.locator('summary').click();
  await settings.getByTestId('live-settings-port').fill(String(await freePort()));
  await settings.getByTestId('live-settings-save').click();
  await expect(settings.getByRole('status')).toHaveText('Đã lưu.');
  await settings.locator('summary').click();

  // A file of the library, picked before going live.
  await page.keyboard.press('n');
  const add = page.getByTestId('live-add-source');
  await add.getByRole('option', { name: /Bản tin trưa/ }).click();
  await add.getByTestId('live-add-confirm').click();
  await expect(add).toHaveCount(0);
  await expect(page.getByTestId('live-planned')).toContainText('Bản tin trưa');
  await expect(page.getByTestId('live-start')).toHaveText(/Bắt đầu phát tới 2 cụm thu\s*F9/);
  await shoot(page, studio.screenshot, 'off');

  // F9: on air, to both stations, the file heard.
  await page.keyboard.press('F9');
  // Going live opens the air and its warm standby: 8 s and more at load 18 on 2 cores.
  await expect(sign).toHaveAttribute('data-mode', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('on-air-word')).toHaveText('ĐANG PHÁT');
  await expect(sign).toContainText('Tới tất cả cụm thu');
  // Seen from every workspace: the navigation says it too.
  await expect(page.getByTestId('nav-air')).toHaveText('ĐANG PHÁT');
  const source = page.getByTestId('live-source');
  await expect(source).toContainText('Bản tin trưa');
  await expect(source.getByTestId('live-source-heard')).toBeVisible({ timeout: 10_000 });
  // The meter moves: readings above silence, and not all the same.
  const readings: number[] = [];
  await expect
    .poll(
      async () => {
        readings.push(await programmePeak(page));
        return new Set(readings.filter((r) => r > -40)).size;
      },
      { timeout: 10_000, intervals: [150] },
    )
    .toBeGreaterThanOrEqual(3);
  await shoot(page, studio.screenshot, 'on');
  // A station's 1366×768 laptop: the sign and its buttons in view, nothing sideways.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(page.getByTestId('live-stop')).toBeInViewport();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await studio.screenshot('live-on-1366-vi');
  await page.setViewportSize({ width: 1280, height: 860 });

  // P: the operator hears what the receivers hear, the programme from the studio's own stream
  // server, in the page's player; P again stops it.
  await page.keyboard.press('p');
  await expect(page.getByTestId('live-prelisten')).toHaveAttribute('aria-pressed', 'true');
  const player = page.getByTestId('live-prelisten-audio');
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => (a.paused ? -1 : a.currentTime)), {
      timeout: 15_000,
    })
    .toBeGreaterThan(1);
  await page.keyboard.press('p');
  await expect(player).toHaveCount(0);

  // F8: the emergency asks first, naming every station it takes over.
  await page.keyboard.press('F8');
  const emergency = page.getByTestId('live-emergency-dialog');
  await expect(emergency.getByTestId('live-emergency-stations')).toContainText('Sẽ chiếm sóng 2 cụm thu');
  await expect(emergency.getByTestId('live-emergency-stations')).toContainText('Xã Bản Vược, Xã Mường Hum');
  await emergency.getByText('Tệp trong thư viện').click();
  await expect(emergency.getByTestId('live-emergency-confirm')).toBeDisabled();
  await emergency.getByRole('option', { name: /Bản tin trưa/ }).click();
  await studio.screenshot('live-emergency-confirm-vi');
  await emergency.getByTestId('live-emergency-confirm').click();
  await expect(emergency).toHaveCount(0);
  await expect(sign).toHaveAttribute('data-mode', 'emergency', { timeout: 5_000 });
  await expect(page.getByTestId('on-air-word')).toHaveText('KHẨN CẤP');
  await expect(sign).toContainText('Khẩn cấp tới 2 cụm thu');
  await expect(page.getByTestId('nav-air')).toHaveText('KHẨN CẤP');
  await shoot(page, studio.screenshot, 'emergency');

  // Its end is asked for too; the air goes back to the programme.
  await page.getByTestId('live-emergency-end').click();
  await page
    .getByTestId('live-end-emergency-dialog')
    .getByRole('button', { name: 'Kết thúc khẩn cấp' })
    .click();
  await expect(sign).toHaveAttribute('data-mode', 'live', { timeout: 5_000 });
  await expect(page.getByTestId('on-air-word')).toHaveText('ĐANG PHÁT');

  // F4 asks, then the air is off.
  await page.keyboard.press('F4');
  const stop = page.getByTestId('live-stop-dialog');
  await expect(stop).toContainText('Dừng phát tới 2 cụm thu?');
  await stop.getByRole('button', { name: 'Dừng phát' }).click();
  await expect(sign).toHaveAttribute('data-mode', 'off', { timeout: 10_000 });
  await expect(page.getByTestId('on-air-word')).toHaveText('TẮT');
  await expect(page.getByTestId('live-sources-empty')).toBeVisible();
  await expect(page.getByTestId('nav-air')).toHaveCount(0);

  // The audit log says it in words.
  await page.getByRole('link', { name: 'Nhật ký' }).click();
  const log = page.getByTestId('audit-table');
  await expect(log).toContainText('đã bắt đầu phát trực tiếp tới 2 cụm thu (XA-BAN-VUOC, XA-MUONG-HUM)');
  await expect(log).toContainText('đã bắt đầu PHÁT KHẨN CẤP tới 2 cụm thu');
  await expect(log).toContainText('đã kết thúc phát khẩn cấp');
  await expect(log).toContainText('đã dừng phát trực tiếp');
});

const LAN: E2eAccount = {
  name: 'lan',
  displayName: 'Nguyễn Thị Lan',
  roles: ['announcer'],
  password: 'lan-đọc-tin-sáng',
};

test.describe('an announcer', () => {
  test.use({ account: LAN });

  test('watches the desk: nothing that changes the air, and the emergency button says who may', async ({
    studio,
  }) => {
    const { page } = studio;
    await page.getByRole('link', { name: 'Phát trực tiếp' }).click();
    await expect(page.getByTestId('on-air-word')).toHaveText('TẮT');
    await expect(page.getByTestId('live-start')).toHaveCount(0);
    await expect(page.getByTestId('live-add')).toHaveCount(0);
    await expect(page.getByTestId('live-emergency')).toBeDisabled();
    await expect(page.getByTestId('live-emergency-why')).toHaveText(
      'Chỉ kỹ thuật viên phát sóng, lãnh đạo duyệt, quản trị được phát khẩn cấp (theo cài đặt của đài).',
    );
    await page.keyboard.press('F8');
    await expect(page.getByTestId('live-emergency-dialog')).toHaveCount(0);
    await studio.screenshot('live-announcer-vi');
  });
});
