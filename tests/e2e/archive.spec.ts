/**
 * Lưu trữ (issue 17): the archive searched as staff type, without diacritics, narrowed by the facet
 * counts, a hit heard AT its matching segment, and opened where it is edited; all from the keyboard
 * too. On the station's 1366×768 laptop, in Vietnamese and in English, screenshotted to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { archiveHome, SEEDED_PROGRAMME, seedArchive } from './archive-seed';

const home = archiveHome();
// Seeded once, copied for each test (the fixture adds its admin to the folder it is given).
const folderOf = (name: string) => path.join(home, name);
test.beforeAll(async () => {
  test.setTimeout(120_000);
  await seedArchive(home);
  for (const name of ['search', 'keyboard']) cpSync(folderOf('data'), folderOf(name), { recursive: true });
});
test.afterAll(() => rmSync(home, { recursive: true, force: true }));

/** An audio file's length in seconds, as ffprobe reads it. */
function probeSeconds(file: string): string {
  return execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file],
    { encoding: 'utf8' },
  ).trim();
}

/** The Lưu trữ workspace at the laptop's size, the search box taking the keyboard. */
async function openArchive(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('link', { name: 'Lưu trữ' }).click();
  await expect(page.getByRole('heading', { name: 'Lưu trữ', level: 1 })).toBeVisible();
  await expect(page.getByTestId('archive-search')).toBeFocused();
}

test.describe(() => {
  test.use({ dataFolder: folderOf('search') });
  test('searches as you type without diacritics, counts and filters by facet, opens an asset in the editor', async ({
    studio,
  }) => {
    const { page } = studio;
    await openArchive(page);
    const box = page.getByTestId('archive-search');
    const hits = page.getByTestId('archive-hits').getByRole('option');
    const titles = page.getByTestId('archive-hits').locator('.archive-hit-title');

    // Everything is listed before a word is typed: the library items, the programme, its two reports.
    await expect(titles.filter({ hasText: 'Đời sống nông thôn mới ở Nà Pục' })).toHaveCount(1);
    await expect(titles.filter({ hasText: SEEDED_PROGRAMME.second.title })).not.toHaveCount(0);

    // Typed without diacritics, "doi song" finds "Đời sống"; with them, the exact title comes first.
    await box.fill('doi song');
    await expect(titles.filter({ hasText: 'Đời sống nông thôn mới' })).toHaveCount(1);
    await expect(titles.filter({ hasText: 'Doi song van hoa' })).toHaveCount(1);
    await expect(titles.first().locator('mark').first()).toBeVisible();
    await box.fill('đời sống');
    await expect(titles.first()).toContainText('Đời sống nông thôn mới');
    await box.fill('duc');
    await expect(titles.filter({ hasText: 'Hoàng Văn Đức' })).toHaveCount(1);

    // The facets count what matches; ticking Tày leaves the Tày interview alone.
    await box.fill('');
    const tay = page.getByTestId('facet-language').locator('label', { hasText: 'Tày' });
    await expect(tay.locator('.facet-count')).toHaveText('1');
    await tay.getByRole('checkbox').check();
    await expect(hits).toHaveCount(1);
    await expect(titles.first()).toContainText('Phỏng vấn ông Hoàng Văn Đức');
    await page.getByTestId('archive-clear-filters').click();
    await expect(hits.nth(1)).toBeVisible();

    // The report of the programme says where in the programme it is.
    await box.fill('giong lua mong');
    // The list has followed the words (not the last list still shown while they are typed).
    await expect(titles.filter({ hasText: 'Cà phê Đắk Lắk' })).toHaveCount(0);
    const report = page
      .getByTestId('archive-hits')
      .locator('[data-kind="segment"]', { hasText: SEEDED_PROGRAMME.second.title });
    await expect(report.getByTestId('hit-time')).toHaveText('⏱ 0:04–0:08');
    await studio.screenshot('archive-search-vi');

    // "dak lak" finds "Đắk Lắk"; its library item opens in the editor.
    await box.fill('dak lak');
    await expect(titles.first()).toContainText('Cà phê Đắk Lắk');
    await hits.first().click();
    const detail = page.getByTestId('archive-detail');
    await expect(detail.getByRole('heading')).toHaveText('Cà phê Đắk Lắk vào vụ thu hoạch');
    await detail.getByTestId('archive-open').click();
    await expect(page).toHaveURL(/#editor\/[0-9a-f]{64}$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Biên tập');
  });
});

test.describe(() => {
  test.use({ dataFolder: folderOf('keyboard') });
  test('from the keyboard: plays a report from its segment, in English too, and opens its programme', async ({
    studio,
  }) => {
    const { page } = studio;
    await openArchive(page);
    const box = page.getByTestId('archive-search');
    const hits = page.getByTestId('archive-hits').getByRole('option');
    const list = page.getByTestId('archive-hits');
    const report = list.locator('[data-kind="segment"]', { hasText: SEEDED_PROGRAMME.second.title });

    // / to the words (from anywhere but a field), ↓ into the hits, arrows to the report, Enter plays.
    await page.getByRole('heading', { name: 'Lưu trữ', level: 1 }).click();
    await page.keyboard.press('/');
    await expect(box).toBeFocused();
    await box.fill('giống lúa mới');
    // The report, its library item and its programme (which says "giống lúa mới" in its summary).
    await expect(hits).toHaveCount(3);
    await expect(report).toBeVisible();
    await box.press('ArrowDown');
    await expect(list).toBeFocused();
    await expect(hits.first()).toHaveAttribute('aria-selected', 'true');
    for (let i = 0; i < 6; i++) {
      if ((await report.getAttribute('aria-selected')) === 'true') break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(report).toHaveAttribute('aria-selected', 'true');
    const detail = page.getByTestId('archive-detail');
    await expect(detail.getByTestId('archive-segment-time')).toHaveText('0:04–0:08');
    const player = detail.getByTestId('archive-player');
    await expect(player).toBeVisible();
    await page.keyboard.press('Enter');
    // Playing, from the segment's start (4 s) on: the programme's first report is not what is heard.
    await expect
      .poll(() => player.evaluate((a: HTMLAudioElement) => (a.paused ? -1 : a.currentTime)), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(4);
    await player.evaluate((a: HTMLAudioElement) => a.pause());
    // The laptop's screen holds it all: no sideways scrolling; the words, the hits, the player and
    // the hit's actions in view.
    expect(
      await page.evaluate(
        () => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    for (const part of [box, list, player, detail.getByTestId('archive-open')])
      await expect(part).toBeInViewport();
    await studio.screenshot('archive-preview-vi');

    // Exported: the report alone (4 s cut out of the 8 s master) and its details, in the export folder.
    await detail.getByTestId('archive-export').click();
    await expect(detail.getByTestId('archive-exported')).toContainText('Đã xuất âm thanh');
    const audioFile = (await detail.getByTestId('archive-exported-audio').textContent())!;
    const metadataFile = (await detail.getByTestId('archive-exported-metadata').textContent())!;
    expect(audioFile.startsWith(studio.dataDir)).toBe(true);
    expect(Number(probeSeconds(audioFile))).toBeCloseTo(4, 1);
    expect(JSON.parse(readFileSync(metadataFile, 'utf8'))).toMatchObject({
      title: SEEDED_PROGRAMME.second.title,
      languages: ['hnj'],
    });

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Archive', level: 1 })).toBeVisible();
    await expect(detail.getByRole('button', { name: /Play 0:04–0:08/ })).toBeVisible();
    await studio.screenshot('archive-preview-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();

    await detail.getByTestId('archive-open').click();
    await expect(page).toHaveURL(/#programme\/[0-9a-f]{32}$/);
    await expect(page.getByText(SEEDED_PROGRAMME.title).first()).toBeVisible();
  });
});
