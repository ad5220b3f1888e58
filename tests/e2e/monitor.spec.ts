/**
 * "Giám sát" (issue 16). On the air to two stations, one heard by a receiver and one not: the
 * fleet view says which is playing and which is lost, the lost one raises an alarm that shows and
 * sounds (WebAudio, counted where the page starts its oscillators), the mute toggle silences the
 * next one, and the PC clock is said plainly. The broadcast log tab lists a log written by the
 * log itself, newest first, filters it by station and day and saves it as CSV. Screenshots at
 * 1366×768 (test-results/screens/monitor-*).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { RECORD_TABLES } from '../../src-main/app/composition/record-tables';
import { BroadcastLog } from '../../src-main/broadcast-log/broadcast-log';
import { Database } from '../../src-main/store';
import { parseCsv } from '../support/csv';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll } from './steps';

// The fixture's user (scrypt) and web host, then going live: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

const LAPTOP = { width: 1366, height: 768 };

/** A port nobody listens on now, for the stream server. */
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

/** Adds a station through "Cụm thu", as an operator does; its MP3 stream's URL as the dialog shows it. */
async function addStation(page: Page, code: string, name: string): Promise<string> {
  await page.getByRole('link', { name: 'Cụm thu' }).click();
  await page.getByTestId('station-add').click();
  const dialog = page.getByTestId('station-dialog');
  await dialog.getByTestId('station-code').fill(code);
  await dialog.getByTestId('station-name').fill(name);
  await dialog.getByTestId('station-group').fill('Bát Xát');
  await dialog.getByTestId('station-save').click();
  const streams = page.getByTestId('station-streams');
  const url = await streams.getByTestId('station-url-mp3').inputValue();
  await streams.getByRole('button', { name: 'Đóng' }).click();
  return url;
}

/** A commune's receiver: pulls the stream and reads it until stopped. */
function receiver(url: string): { stop(): void; bytes(): number } {
  let bytes = 0;
  const req = http.get(url, (res) => res.on('data', (d: Buffer) => (bytes += d.length)));
  req.on('error', () => undefined); // stopped by the test, or the air went off: nothing to report
  return { stop: () => req.destroy(), bytes: () => bytes };
}

test('the fleet view: who plays and who is lost, the alarm shown and sounded, muted, and the clock in words', async ({
  studio,
}) => {
  const { page } = studio;
  // Every beep the page makes, counted where WebAudio starts it.
  await page.addInitScript(() => {
    const w = window as unknown as { beeps: number };
    w.beeps = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      w.beeps++;
      return start.apply(this, args);
    };
  });
  await page.reload();
  await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
  const beeps = () => page.evaluate(() => (window as unknown as { beeps: number }).beeps);

  const file = makeTone(path.join(inputDir('monitor'), 'Bản tin trưa.wav'), '0.5*sin(2*PI*440*t)', 90);
  await importAll(page, [file]);
  const heardUrl = await addStation(page, 'XA-BAN-VUOC', 'Xã Bản Vược');
  await addStation(page, 'XA-MUONG-HUM', 'Xã Mường Hum');

  // Alarms after 2 s (the station's setting), set in Giám sát.
  await page.getByRole('link', { name: 'Giám sát' }).click();
  const fleet = page.getByTestId('monitor-stations');
  await expect(fleet.locator('tbody tr')).toHaveCount(2);
  await expect(fleet.locator('tr[data-station="XA-BAN-VUOC"]')).toContainText('Không phát');
  await page.getByTestId('monitor-settings').locator('summary').click();
  await page.getByTestId('monitor-silence-seconds').fill('2');
  await page.getByTestId('monitor-settings-save').click();
  await expect(page.getByTestId('monitor-settings').getByRole('status')).toHaveText('Đã lưu.');
  await page.getByTestId('monitor-settings').locator('summary').click();

  // The clock, in words: one of three states, and the sentence main gave.
  const clock = page.getByTestId('monitor-clock');
  const word = await clock.getAttribute('data-synchronised');
  expect(['yes', 'no', 'unknown']).toContain(word);
  await expect(page.getByTestId('monitor-clock-word')).toHaveText(
    { yes: 'Đã đồng bộ', no: 'Chưa đồng bộ', unknown: 'Không rõ' }[word as 'yes' | 'no' | 'unknown'],
  );
  await expect(clock).toContainText(/Đồng hồ máy|Không biết đồng hồ máy/);
  // The same state at the foot of the sidebar, on every screen, beside the PC's time.
  const line = page.getByTestId('clock-status');
  await expect(line).toHaveAttribute('data-synchronised', word!);
  await expect(line).toContainText(
    { yes: 'Đã đồng bộ giờ', no: 'CHƯA đồng bộ giờ', unknown: 'Chưa rõ đồng bộ' }[
      word as 'yes' | 'no' | 'unknown'
    ],
  );
  await expect(line.locator('.clock-time')).toHaveText(/^\d\d:\d\d:\d\d$/);

  // On the air from the desk, to both stations, on a port of this test's own.
  const port = await freePort();
  await page.getByRole('link', { name: 'Phát trực tiếp' }).click();
  const settings = page.getByTestId('live-settings');
  await settings.locator('summary').click();
  await settings.getByTestId('live-settings-port').fill(String(port));
  await settings.getByTestId('live-settings-save').click();
  await expect(settings.getByRole('status')).toHaveText('Đã lưu.');
  await settings.locator('summary').click();
  await page.keyboard.press('n');
  const add = page.getByTestId('live-add-source');
  await add.getByRole('option', { name: /Bản tin trưa/ }).click();
  await add.getByTestId('live-add-confirm').click();
  await page.keyboard.press('F9');
  await expect(page.getByTestId('on-air')).toHaveAttribute('data-mode', 'live', { timeout: 30_000 });

  // Bản Vược's receiver pulls its stream from this PC; nobody listens at Mường Hum.
  const heard = new URL(heardUrl);
  const bản = receiver(`http://127.0.0.1:${port}${heard.pathname}${heard.search}`);
  try {
    await page.getByRole('link', { name: 'Giám sát' }).click();
    const rowA = fleet.locator('tr[data-station="XA-BAN-VUOC"]');
    const rowB = fleet.locator('tr[data-station="XA-MUONG-HUM"]');
    await expect(rowA).toHaveAttribute('data-status', 'playing', { timeout: 15_000 });
    await expect(rowA.getByTestId('monitor-status')).toHaveText('Đang phát');
    await expect(rowB).toHaveAttribute('data-status', 'disconnected');
    await expect(rowB.getByTestId('monitor-status')).toHaveText('Mất kết nối');
    await expect(page.getByTestId('monitor-summary')).toContainText('1 đang phát');
    // The bytes sent to Bản Vược grow.
    await expect(rowA.locator('td.num').first()).not.toHaveText('0 KB', { timeout: 10_000 });

    // Mường Hum lost for 2 s: the alarm shows, active, and sounds.
    const alarms = page.getByTestId('monitor-alarm-list');
    const lost = alarms.locator('li[data-event="disconnected"][data-active="true"]');
    await expect(lost).toHaveCount(1, { timeout: 15_000 });
    await expect(lost).toContainText('Mất kết nối');
    await expect(page.getByTestId('monitor-alarms')).toContainText('1 cảnh báo đang diễn ra');
    await expect.poll(beeps, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await page.setViewportSize(LAPTOP);
    await studio.screenshot('monitor-fleet-alarm-1366');

    // Muted: Bản Vược's receiver goes away, its alarm shows, and nothing more is heard.
    await page.getByTestId('monitor-mute').click();
    await expect(page.getByTestId('monitor-mute')).toHaveAttribute('aria-pressed', 'true');
    const before = await beeps();
    bản.stop();
    await expect(rowA).toHaveAttribute('data-status', 'disconnected', { timeout: 15_000 });
    await expect(alarms.locator('li[data-event="disconnected"][data-active="true"]')).toHaveCount(2, {
      timeout: 15_000,
    });
    await page.waitForTimeout(1_000);
    expect(await beeps(), 'no beep while muted').toBe(before);
    await studio.screenshot('monitor-fleet-muted-1366');
    // Unmuted again for whoever comes next (the choice is kept in this window).
    await page.getByTestId('monitor-mute').click();
  } finally {
    bản.stop();
  }

  // The air off: nobody is lost any more; the alarms stay, ended.
  await page.getByRole('link', { name: 'Phát trực tiếp' }).click();
  // F4 once the desk is there to hear it.
  await expect(page.getByTestId('on-air')).toHaveAttribute('data-mode', 'live');
  await page.getByTestId('live-stop').focus();
  await page.keyboard.press('F4');
  await page.getByTestId('live-stop-dialog').getByRole('button', { name: 'Dừng phát' }).click();
  await expect(page.getByTestId('on-air')).toHaveAttribute('data-mode', 'off', { timeout: 10_000 });
  await page.getByRole('link', { name: 'Giám sát' }).click();
  await expect(fleet.locator('tr[data-status="idle"]')).toHaveCount(2, { timeout: 10_000 });
  await expect(page.getByTestId('monitor-alarm-list').locator('li[data-active="true"]')).toHaveCount(0);
});

test.describe('the broadcast log tab', () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-monitor-log-'));
  test.use({ dataFolder: data });

  // Three items of 20 and 21 November 2026, written through the broadcast log itself.
  test.beforeAll(() => {
    const database = Database.open(path.join(data, 'db', 'studio.sqlite'), RECORD_TABLES);
    const log = new BroadcastLog(database.sql);
    const at = (d: number, h: number, m: number) => new Date(2026, 10, d, h, m).toISOString();
    const morning = log.begin({
      kind: 'programme',
      title: 'Bản tin sáng thứ Sáu',
      spec: 'programme:p1',
      sha256: 'a'.repeat(64),
      slotId: 's1',
      scheduledStart: at(20, 6, 0),
      scheduledEnd: at(20, 6, 15),
      actualStart: at(20, 6, 0),
      startedBy: 'Lịch phát',
      stations: [],
    });
    log.received(morning, [
      { code: 'XA-BAN-VUOC', seconds: 900 },
      { code: 'XA-MUONG-HUM', seconds: 898 },
    ]);
    log.end(morning, at(20, 6, 15), 'aired');
    const notice = log.begin({
      kind: 'file',
      title: 'Thông báo lịch tiêm phòng',
      spec: 'file:/tmp/tiem-phong.wav',
      sha256: 'b'.repeat(64),
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: at(21, 11, 0),
      startedBy: 'Nguyễn Thị Lan',
      stations: [],
    });
    log.received(notice, [{ code: 'XA-BAN-VUOC', seconds: 120 }]);
    log.interrupt(notice, { at: at(21, 11, 2), seconds: 180, reason: 'Bị phát khẩn cấp chen ngang' });
    log.end(notice, at(21, 11, 5), 'interrupted');
    const flood = log.begin({
      kind: 'emergency',
      title: 'Cảnh báo lũ quét',
      spec: 'file:/tmp/lu-quet.wav',
      sha256: 'c'.repeat(64),
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: at(21, 11, 2),
      startedBy: 'admin',
      stations: [],
    });
    log.received(flood, [
      { code: 'XA-BAN-VUOC', seconds: 180 },
      { code: 'XA-MUONG-HUM', seconds: 180 },
    ]);
    log.end(flood, at(21, 11, 5), 'aired');
    database.close();
  });
  test.afterAll(() => rmSync(data, { recursive: true, force: true }));

  test('newest first, filtered by station and day, saved as CSV', async ({ studio }) => {
    test.skip(studio.host !== 'web', 'The Electron app saves through the OS\'s own "save as" window.');
    const { page } = studio;
    await addStation(page, 'XA-BAN-VUOC', 'Xã Bản Vược');
    await addStation(page, 'XA-MUONG-HUM', 'Xã Mường Hum');
    await page.getByRole('link', { name: 'Giám sát' }).click();
    await page.getByRole('tab', { name: 'Nhật ký phát sóng' }).click();
    const table = page.getByTestId('log-table');
    const titles = table.locator('tbody tr .monitor-log-title');
    await expect(titles).toHaveText([
      /Cảnh báo lũ quét/,
      /Thông báo lịch tiêm phòng/,
      /Bản tin sáng thứ Sáu/,
    ]);
    await expect(page.getByTestId('log-count')).toHaveText('3 mục');
    const notice = table.locator('tr[data-kind="file"]');
    await expect(notice).toContainText('Ngắt lúc 11:02:00 (180 giây): Bị phát khẩn cấp chen ngang');
    await expect(notice).toContainText('Bị ngắt');
    await expect(notice).toContainText('Nguyễn Thị Lan');
    await expect(table.locator('tr[data-kind="programme"]')).toContainText('theo lịch 06:00');
    await expect(table.locator('tr[data-kind="emergency"]')).toContainText('XA-MUONG-HUM: 180 giây');
    await page.setViewportSize(LAPTOP);
    await studio.screenshot('monitor-log-1366');

    // Mường Hum heard two of them; from 21 November, one.
    await page.getByTestId('log-station').selectOption('XA-MUONG-HUM');
    await expect(titles).toHaveText([/Cảnh báo lũ quét/, /Bản tin sáng thứ Sáu/]);
    await page.getByTestId('log-from').fill('21/11/2026');
    await page.getByTestId('log-from').press('Tab');
    await expect(titles).toHaveText([/Cảnh báo lũ quét/]);

    // Saved as CSV, the same filter: one row (one entry, one station).
    await page.getByTestId('log-export').click();
    const dialog = page.getByTestId('save-as');
    await dialog.getByLabel('Tên tệp').fill('Nhật ký phát sóng Mường Hum');
    await dialog.getByRole('button', { name: 'Lưu vào đây' }).click();
    await expect(page.getByTestId('log-export-saved')).toContainText('Đã lưu 1 dòng vào tệp:');
    const file = (await page.getByTestId('log-export-path').textContent()) as string;
    expect(path.basename(file)).toBe('Nhật ký phát sóng Mường Hum.csv');
    const csv = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c));
    expect(csv).toHaveLength(2);
    expect(csv[1]!.join('|')).toContain('Cảnh báo lũ quét');
    expect(csv[1]!.join('|')).toContain('XA-MUONG-HUM');
    await studio.screenshot('monitor-log-exported-1366');
  });
});
