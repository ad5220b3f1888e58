/**
 * Báo cáo (issue 17): the month's airtime from a broadcast log written before the studio starts
 * (through the log's own writer, and a programme in Vietnamese and Tày made through the router),
 * by language and by station, the ethnic share and its trend drawn with uPlot, and the XLSX saved
 * through the studio's own "save as" window. On the station's 1366×768 laptop, screenshotted.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { localCaller } from '../../src-main/app/policy';
import type { BroadcastLogEntry, ProgrammeState } from '../../src-main/contract';
import { makeTone } from './audio';
import { expect, test } from './fixtures';

const home = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-reports-'));
const data = path.join(home, 'data');
test.use({ dataFolder: data });

const now = new Date();
const at = (months: number, day: number, hour: number) =>
  new Date(now.getFullYear(), now.getMonth() + months, day, hour).toISOString();

// This month: the Tày news (60 s: 20 s Vietnamese, 40 s Tày) to two stations, a 10-minute relay
// to both: 1,320 s, 80 s of it Tày (6.1%). Each month before: the news to one station (a trend).
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const studio = await composeStudio({
    dataDir: data,
    appVersion: 'test',
    host: 'web',
    env: process.env,
    homeDir: home,
  });
  try {
    const connection = studio.connect(localCaller('web'));
    const call = async <T>(name: string, request: unknown): Promise<T> => {
      const reply = await connection.call(name, request);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
      return reply.result as T;
    };
    await call('stations.add', { code: 'XA-01', name: 'Xã Na Rì' });
    await call('stations.add', { code: 'XA-02', name: 'Xã Côn Minh' });
    const asset = async (seconds: number, title: string, language: string) => {
      const file = makeTone(path.join(home, `${language}.wav`), '0.3*sin(2*PI*330*t)', seconds);
      const r = await studio.services.media.importer.importOne(file, { metadata: { title, language } });
      if (!r.ok) throw new Error(r.error.message);
      return r.asset.id;
    };
    const vie = await asset(20, 'Tin Việt', 'vie');
    const tyz = await asset(40, 'Tin Tày', 'tyz');
    let p = await call<ProgrammeState>('programme.create', {
      metadata: { title: 'Bản tin tiếng Tày', languages: ['vie', 'tyz'], subject: 'Nông nghiệp' },
    });
    const voice = p.tracks.find((t) => t.kind === 'voice')!.id;
    for (const [assetId, start] of [
      [vie, 0],
      [tyz, 20 * 48_000],
    ] as const) {
      p = await call<ProgrammeState>('programme.apply', {
        id: p.id,
        op: { type: 'add', item: { trackId: voice, source: { kind: 'asset', assetId }, start } },
      });
    }
    const log = studio.services.broadcastLog;
    const entry = (e: Pick<BroadcastLogEntry, 'kind' | 'title' | 'spec' | 'actualStart' | 'stations'>) =>
      log.skipped({
        sha256: null,
        slotId: null,
        scheduledStart: null,
        scheduledEnd: null,
        actualEnd: e.actualStart,
        startedBy: 'Lịch phát',
        interruptions: [],
        outcome: 'aired',
        note: null,
        ...e,
      });
    const both = (seconds: number) => [
      { code: 'XA-01', seconds },
      { code: 'XA-02', seconds },
    ];
    entry({
      kind: 'programme',
      title: 'Bản tin tiếng Tày',
      spec: `programme:${p.id}`,
      actualStart: at(0, 1, 6),
      stations: both(60),
    });
    entry({
      kind: 'relay',
      title: 'Tiếp sóng VOV1',
      spec: 'url:http://127.0.0.1:9/vov1',
      actualStart: at(0, 1, 7),
      stations: both(600),
    });
    for (let m = 1; m < 12; m++) {
      entry({
        kind: 'programme',
        title: 'Bản tin tiếng Tày',
        spec: `programme:${p.id}`,
        actualStart: at(-m, 3, 6),
        stations: [{ code: 'XA-01', seconds: 60 }],
      });
      entry({
        kind: 'relay',
        title: 'Tiếp sóng VOV1',
        spec: 'url:http://127.0.0.1:9/vov1',
        actualStart: at(-m, 3, 7),
        stations: [{ code: 'XA-01', seconds: 60 * m }],
      });
    }
  } finally {
    await studio.close();
  }
});
test.afterAll(() => rmSync(home, { recursive: true, force: true }));

test('shows the month by language and by station with its charts, and saves it as XLSX', async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'The Electron app saves through the OS\'s own "save as" window.');
  const { page } = studio;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('link', { name: 'Báo cáo' }).click();
  await expect(page.getByRole('heading', { name: 'Báo cáo phát sóng', level: 1 })).toBeVisible();

  await expect(page.getByTestId('report-total')).toHaveText('0:22:00');
  await expect(page.getByTestId('report-share')).toHaveText('6,1%');
  const rows = page.getByTestId('report-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Tiếng Việt');
  await expect(rows.nth(0)).toContainText('0:20:40');
  await expect(rows.nth(1)).toContainText('Tiếng Tày');
  await expect(rows.nth(1)).toContainText('0:01:20');
  // uPlot drew both charts (a canvas each; their labels are drawn on it: see the screenshot).
  await expect(page.getByTestId('report-bars').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('report-trend').locator('canvas')).toHaveCount(1);
  await studio.screenshot('reports-language');

  await page.getByTestId('report-by').selectOption('station');
  await expect(rows.nth(0)).toContainText('Xã Na Rì');
  await expect(rows.nth(0)).toContainText('0:11:00');
  await expect(rows.nth(1)).toContainText('Xã Côn Minh');

  await page.getByTestId('report-export-xlsx').click();
  const dialog = page.getByTestId('save-as');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Tên tệp').fill('Báo cáo tháng');
  await page.keyboard.press('Enter');
  const saved = page.getByTestId('report-saved-xlsx');
  await expect(saved).toContainText('Đã lưu báo cáo:', { timeout: 20_000 });
  const file = (await saved.locator('code').textContent()) as string;
  expect(path.basename(file)).toBe('Báo cáo tháng.xlsx');
  expect(existsSync(file)).toBe(true);
  await studio.screenshot('reports-station');
});
