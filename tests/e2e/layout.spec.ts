/**
 * Every workspace, with real content, on a station's 1366×768 laptop and on a 1920×1080 screen: no
 * horizontal scrolling, nothing spilling out of its panel, text at 13 px or more, the workspace's
 * main actions on screen without scrolling, table headers on one line, and nothing jumping when a
 * line appears. Each size is screenshotted (test-results/screens/layout-*) to be looked at.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAll, openInEditor, seek } from './steps';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
type Size = { readonly width: number; readonly height: number };

/** The smallest text a station's staff should have to read. */
const MIN_FONT_PX = 13;

/** Five short recordings, named as a station names them. */
function stationAudio(): string[] {
  const dir = inputDir('layout');
  return [
    makeTone(
      path.join(dir, 'Phỏng vấn chủ tịch xã về mùa vụ.wav'),
      '0.6*sin(2*PI*300*t)*abs(sin(2*PI*0.4*t))',
      6,
    ),
    makeTone(path.join(dir, 'Nhạc hiệu đài.wav'), '0.4*sin(2*PI*880*t)', 3),
    makeTone(path.join(dir, 'Tin nông nghiệp tiếng Tày.wav'), '0.5*sin(2*PI*220*t)*abs(sin(2*PI*0.7*t))', 4),
    makeTone(path.join(dir, 'Dự báo thời tiết.wav'), '0.5*sin(2*PI*440*t)', 3),
    makeTone(path.join(dir, 'Thông báo lịch tiêm phòng.wav'), '0.5*sin(2*PI*350*t)', 2),
  ];
}

/**
 * What is wrong with the layout as the page shows it now, one sentence each: horizontal scrolling,
 * an element out of its panel, text under the minimum, a table header on two lines, a placeholder
 * that does not fit its field.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minFont) => {
    const problems: string[] = [];
    const name = (e: Element) => {
      const cls =
        typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      const text = (e.textContent ?? '').trim().slice(0, 40);
      return `<${e.tagName.toLowerCase()}${cls}>${text ? ` “${text}”` : ''}`;
    };
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false;
      const s = getComputedStyle(e);
      return s.visibility !== 'hidden' && s.display !== 'none';
    };
    const scroller = document.scrollingElement!;
    if (scroller.scrollWidth > scroller.clientWidth)
      problems.push(`the page scrolls sideways: ${scroller.scrollWidth} px wide in ${scroller.clientWidth}`);

    const all = [...document.querySelectorAll('body *')].filter(visible);
    // Inside a workspace, nothing is wider than the panel it is in, and nothing scrolls sideways
    // except the two time axes (the waveform and the programme's timeline).
    const panelOf = (e: Element) =>
      e.parentElement?.closest('.card, .panel, aside, .modal, [role="dialog"], main, .screen') ?? null;
    const timeAxis = (e: Element) => !!e.closest('.wave-area, .timeline, .tl-scroll');
    for (const e of all) {
      if (!e.closest('main') && !e.closest('[role="dialog"]')) continue;
      if (timeAxis(e)) continue;
      const s = getComputedStyle(e);
      if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
        problems.push(`${name(e)} scrolls sideways (${e.scrollWidth} px in ${e.clientWidth})`);
      const panel = panelOf(e);
      if (!panel) continue;
      // Content of a box that scrolls or clips on purpose is judged by that box.
      let clipped = false;
      for (let a = e.parentElement; a && a !== panel; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') clipped = true;
      }
      if (clipped) continue;
      const r = e.getBoundingClientRect();
      const p = panel.getBoundingClientRect();
      if (r.right > p.right + 1 || r.left < p.left - 1)
        problems.push(
          `${name(e)} spills out of ${name(panel).slice(0, 40)} (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(p.left)}–${Math.round(p.right)})`,
        );
    }

    // Every text a person reads is at least the minimum size.
    for (const e of all) {
      const ownText = [...e.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
      );
      const control = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(e.tagName);
      if (!ownText && !control) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < minFont) problems.push(`${name(e)} is ${size} px`);
    }

    // A table header is one line.
    for (const th of all.filter((e) => e.tagName === 'TH')) {
      const range = document.createRange();
      range.selectNodeContents(th);
      const tops = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      );
      if (tops.size > 1) problems.push(`header ${name(th)} is on ${tops.size} lines`);
    }

    // A row of tabs is one row.
    for (const list of all.filter((e) => e.getAttribute('role') === 'tablist')) {
      const tops = new Set(
        [...list.querySelectorAll('[role="tab"]')].map((tab) => Math.round(tab.getBoundingClientRect().top)),
      );
      if (tops.size > 1) problems.push(`the tabs ${name(list)} are on ${tops.size} rows`);
    }

    // The studio's name in the sidebar is one line.
    const brand = document.querySelector('.brand-name');
    if (brand) {
      const range = document.createRange();
      range.selectNodeContents(brand);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) problems.push(`the studio's name in the sidebar is on ${tops.size} lines`);
    }

    // A placeholder fits its field (it is the field's only label in some bars).
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const input of all.filter((e): e is HTMLInputElement => e.tagName === 'INPUT')) {
      if (!input.placeholder || input.value) continue;
      const s = getComputedStyle(input);
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room =
        input.clientWidth -
        parseFloat(s.paddingLeft) -
        parseFloat(s.paddingRight) -
        (input.type === 'search' ? 16 : 0);
      if (ctx.measureText(input.placeholder).width > room)
        problems.push(
          `the placeholder “${input.placeholder}” does not fit its field (${Math.round(room)} px)`,
        );
    }
    return problems;
  }, MIN_FONT_PX);
}

/** The window and every box in it scrolled back to the top, as a workspace opens. */
async function toTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.scrollingElement!.scrollTo(0, 0);
    for (const e of document.querySelectorAll('main, main *')) if (e.scrollTop) e.scrollTop = 0;
  });
}

/** The locators lie wholly inside the window, without scrolling. */
async function onScreen(
  page: Page,
  size: Size,
  actions: Record<string, Locator>,
  fromTop = true,
): Promise<string[]> {
  if (fromTop) await toTop(page);
  const missing: string[] = [];
  for (const [what, locator] of Object.entries(actions)) {
    // One not on the page at all is "not shown", soon, rather than waited for until the test times out.
    const box = await locator.boundingBox({ timeout: 5_000 }).catch(() => null);
    if (!box) missing.push(`${what}: not shown`);
    else if (box.x < 0 || box.y < 0 || box.x + box.width > size.width || box.y + box.height > size.height)
      missing.push(
        `${what}: at ${Math.round(box.x)},${Math.round(box.y)} (${Math.round(box.width)}×${Math.round(box.height)})`,
      );
  }
  return missing;
}

/** At each size: the layout checks, the main actions on screen, and a screenshot to look at. */
async function judge(
  page: Page,
  screenshot: (name: string) => Promise<string>,
  name: string,
  actions: Record<string, Locator>,
  extra?: (size: Size) => Promise<void>,
): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // Layout settles (ResizeObservers, the waveform's redraw) before anything is measured.
    await page.waitForTimeout(300);
    const label = `${name} at ${size.width}×${size.height}`;
    expect.soft(await layoutProblems(page), `layout of ${label}`).toEqual([]);
    expect.soft(await onScreen(page, size, actions), `main actions of ${label} on screen`).toEqual([]);
    await extra?.(size);
    await screenshot(`layout-${name}-${size.width}x${size.height}`);
  }
}

/** What the window shows at `size`, settled, as `layout-name-WxH`: the fixture's shots are of the whole page. */
async function windowShot(page: Page, name: string, size: Size): Promise<void> {
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
  const file = path.join(root, 'test-results', 'screens', `layout-${name}-${size.width}x${size.height}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

/** A new programme named `title` with the given library assets one after another on the voice track. */
async function programmeWith(page: Page, title: string, assets: string[]): Promise<void> {
  await page.getByRole('link', { name: 'Chương trình' }).click();
  await page.getByRole('button', { name: 'Chương trình mới' }).click();
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const meta = page.getByTestId('metadata-form');
  await meta.getByLabel('Tên chương trình').fill(title);
  await meta.getByRole('button', { name: 'Lưu thông tin' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  for (const [k, asset] of assets.entries()) {
    await page.getByRole('button', { name: '+ Thêm mục' }).click();
    const dialog = page.getByTestId('add-item-dialog');
    await dialog.getByTestId('add-track').selectOption({ index: 0 });
    await dialog.getByRole('button', { name: new RegExp(asset) }).click();
    await expect(page.getByTestId('rundown').locator('[data-rundown-id]')).toHaveCount(k + 1);
  }
}

test.beforeEach(async ({ studio }) => {
  await studio.page.setViewportSize(SIZES[0]);
});

test('library and its trash: no sideways scrolling, readable text, headers on one line, import and the details on screen', async ({
  studio,
}) => {
  test.setTimeout(120_000);
  const { page } = studio;
  await importAll(page, stationAudio());
  const table = page.getByTestId('asset-table');
  await table.locator('tbody tr', { hasText: 'Phỏng vấn chủ tịch xã' }).click();
  const detail = page.getByTestId('asset-detail');
  await expect(detail).toBeVisible();
  await judge(page, studio.screenshot, 'library', {
    'Nhập tệp…': page.getByRole('button', { name: /Nhập tệp/ }),
    'Thùng rác': page.getByTestId('library-trash-toggle'),
    search: page.getByRole('search').getByRole('searchbox').first(),
    'the table': table.locator('thead'),
    'Biên tập': detail.getByRole('button', { name: /Biên tập/ }),
    'Chuyển vào thùng rác…': detail.getByRole('button', { name: /thùng rác/ }),
  });

  // The undo bar comes and goes over the workspace: nothing under it moves.
  const heading = page.getByRole('heading', { level: 1 });
  const before = await heading.boundingBox();
  const tableBefore = await table.boundingBox();
  await detail.getByRole('button', { name: /thùng rác/ }).click();
  await page
    .getByTestId('trash-dialog')
    .getByRole('button', { name: 'Chuyển vào thùng rác', exact: true })
    .click();
  await expect(page.getByTestId('undo-bar')).toBeVisible();
  expect
    .soft(await heading.boundingBox(), 'the heading stays where it was when the undo bar shows')
    .toEqual(before);
  expect.soft((await table.boundingBox())?.y, 'the table stays where it was').toBe(tableBefore?.y);
  await page.getByTestId('undo-bar').getByRole('button', { name: 'Đóng' }).click();

  await page.getByTestId('library-trash-toggle').click();
  await expect(page.getByTestId('library-trash-banner')).toBeVisible();
  await table.locator('tbody tr', { hasText: 'trong thùng rác' }).first().click();
  await judge(page, studio.screenshot, 'library-trash', {
    'Quay lại thư viện': page.getByTestId('library-trash-banner').getByRole('button'),
    'Khôi phục': detail.getByRole('button', { name: 'Khôi phục' }),
  });
});

test('editor: waveform, segments, history and export on one screen; marker labels clear of segment labels; nothing jumps', async ({
  studio,
}) => {
  test.setTimeout(120_000);
  const { page } = studio;
  await importAll(page, stationAudio().slice(0, 1));
  await openInEditor(page, 'Phỏng vấn chủ tịch xã về mùa vụ');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:06.000', { timeout: 60_000 });
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  await toTop(page);
  const waveBefore = await wave.boundingBox();

  // A labelled segment, 1 s … 4 s, and a named marker inside it at 1.5 s and another at 5 s.
  await seek(page, '0:01');
  await page.keyboard.press('i');
  await seek(page, '0:04');
  await page.keyboard.press('o');
  const segments = page.getByTestId('segments-panel');
  await segments.getByLabel('Tiêu đề').fill('Phỏng vấn chủ tịch xã');
  await segments.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }).click();
  await expect(segments.getByTestId('segment-list').locator('li')).toHaveCount(1);

  // The undo line came with the first change: the waveform did not move for it.
  await expect(page.getByTestId('undo-line')).toContainText('Hoàn tác');
  await toTop(page);
  expect
    .soft(await wave.boundingBox(), 'the waveform stays where it was when the undo line shows')
    .toEqual(waveBefore);

  const markers = page.getByTestId('marker-list');
  for (const [at, label] of [
    ['0:01.5', 'Bắt đầu phỏng vấn'],
    ['0:05', 'Kết thúc'],
  ] as const) {
    await seek(page, at);
    await page.keyboard.press('m');
    const row = markers.locator('li').last();
    await row.getByRole('button', { name: 'Đặt tên' }).click();
    await markers.getByLabel('Tên mốc').fill(label);
    await markers.getByLabel('Tên mốc').press('Enter');
    await expect(markers).toContainText(label);
  }
  await page.keyboard.press('Escape');

  const lane = page.getByTestId('segment-lane');
  await judge(
    page,
    studio.screenshot,
    'editor',
    {
      'Hoàn tác': page.getByRole('button', { name: /Hoàn tác/ }).first(),
      Phát: page.getByTestId('editor').getByRole('button', { name: /Phát/ }).first(),
      'the waveform': wave,
      'Đoạn đã gắn nhãn': segments.getByRole('heading', { level: 2 }),
      'Gắn nhãn đoạn chọn': segments.getByRole('button', { name: 'Gắn nhãn đoạn chọn' }),
      'Xuất tệp': page.getByTestId('export-panel').getByRole('button', { name: 'Xuất tệp' }),
    },
    async (size) => {
      // The history is in the column beside the waveform: on the big screen in view as it opens, on
      // the laptop's once that column is scrolled, with the waveform still in view.
      const history = page.getByRole('heading', { name: 'Lịch sử', level: 2 });
      if (size.height < 1000)
        await history.evaluate((h) => {
          const column = h.closest('.editor-panels')!;
          column.scrollTop += h.getBoundingClientRect().top - column.getBoundingClientRect().top;
        });
      expect
        .soft(await onScreen(page, size, { 'Lịch sử': history, 'the waveform': wave }, false))
        .toEqual([]);
      await toTop(page);

      // The lane says where it drew each label; a marker's never lies over a segment's.
      const labels = JSON.parse((await lane.getAttribute('data-labels')) ?? '[]') as Array<{
        kind: 'segment' | 'marker';
        x: number;
        y: number;
        w: number;
        h: number;
        px: number;
      }>;
      expect
        .soft(
          labels.filter((l) => l.kind === 'marker'),
          `marker labels drawn at ${size.width}`,
        )
        .toHaveLength(2);
      expect
        .soft(
          labels.filter((l) => l.kind === 'segment'),
          `segment labels drawn at ${size.width}`,
        )
        .toHaveLength(1);
      const overlaps = labels.flatMap((a) =>
        labels
          .filter((b) => a.kind === 'marker' && b.kind === 'segment')
          .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          .map(() => `marker label at ${a.x} overlaps a segment label`),
      );
      expect.soft(overlaps, `labels of the lane at ${size.width}`).toEqual([]);
      expect
        .soft(Math.min(...labels.map((l) => l.px)), 'the lane text size')
        .toBeGreaterThanOrEqual(MIN_FONT_PX);
    },
  );
});

test('programme: sources and timeline fit, the sources panel shows several items; its list and trash too', async ({
  studio,
}) => {
  test.setTimeout(180_000);
  const { page } = studio;
  await importAll(page, stationAudio());
  await programmeWith(page, 'Bản tin nông nghiệp sáng thứ Hai', ['Nhạc hiệu đài', 'Phỏng vấn chủ tịch xã']);
  const sources = page.getByTestId('source-panel');
  await expect(sources.getByTestId('source-assets').locator('li')).toHaveCount(5);

  await page.getByRole('tab', { name: 'Dựng' }).click();
  await page.getByRole('button', { name: 'Dựng chương trình' }).click();
  const report = page.getByTestId('render-report');
  await expect(report).toContainText('Đã dựng xong', { timeout: 90_000 });

  await judge(
    page,
    studio.screenshot,
    'programme',
    {
      '+ Thêm mục': page.getByRole('button', { name: '+ Thêm mục' }),
      Phát: page.getByTestId('play'),
      'the timeline': page.getByTestId('timeline'),
      'the sources search': sources.getByRole('searchbox'),
    },
    async (size) => {
      // At least four library items show in the sources panel, whole, without scrolling it.
      const shown = await sources.evaluate((panel) => {
        const list = panel.querySelector('[data-testid="source-assets"]');
        if (!list) return 0;
        const bottom = Math.min(
          list.getBoundingClientRect().bottom,
          panel.getBoundingClientRect().bottom,
          window.innerHeight,
        );
        return [...(list?.querySelectorAll('li') ?? [])].filter(
          (li) => li.getBoundingClientRect().bottom <= bottom + 1,
        ).length;
      });
      expect
        .soft(shown, `library items shown in the sources panel at ${size.width}×${size.height}`)
        .toBeGreaterThanOrEqual(4);
    },
  );

  // The list of programmes, and its trash.
  await page
    .getByRole('link', { name: /Danh sách chương trình|Chương trình/ })
    .first()
    .click();
  await expect(page.getByTestId('programme-table')).toBeVisible();
  await judge(page, studio.screenshot, 'programme-list', {
    'Chương trình mới': page.getByRole('button', { name: 'Chương trình mới' }),
  });
  await page.getByTestId('programme-table').locator('tr', { hasText: 'Bản tin nông nghiệp' }).click();
  await page.getByRole('tab', { name: 'Mẫu và tệp' }).click();
  await page.getByRole('button', { name: 'Chuyển chương trình vào thùng rác…' }).click();
  await page
    .getByTestId('trash-dialog')
    .getByRole('button', { name: 'Chuyển vào thùng rác', exact: true })
    .click();
  await page.getByTestId('programme-trash-toggle').click();
  const bin = page.getByTestId('programme-bin');
  await expect(bin.locator('tbody tr')).toHaveCount(1);
  await judge(page, studio.screenshot, 'programme-trash', {
    'Khôi phục': bin.getByRole('button', { name: 'Khôi phục' }),
    'Xoá vĩnh viễn…': bin.getByRole('button', { name: 'Xoá vĩnh viễn…' }),
  });
});

test('record: the microphone problem and the record button on screen', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Thu âm' }).click();
  await expect(page.getByTestId('mic-problem')).toBeVisible({ timeout: 30_000 });
  await judge(page, studio.screenshot, 'record', {
    'Bắt đầu thu': page.getByRole('button', { name: /Bắt đầu thu/ }),
    'the microphone problem': page.getByTestId('mic-problem'),
    'the level meter': page.getByTestId('level-meter'),
  });
});

test('system: readiness and its checks on screen', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(page.getByTestId('doctor-table')).toBeVisible({ timeout: 30_000 });
  await judge(page, studio.screenshot, 'system', {
    readiness: page.getByTestId('readiness'),
    'Kiểm tra lại': page.getByRole('button', { name: 'Kiểm tra lại' }).first(),
  });
});

test('programme: "Dựng chương trình" always in view, its progress and outcome beside it, the report one click away', async ({
  studio,
}) => {
  test.setTimeout(150_000);
  const { page } = studio;
  await importAll(page, stationAudio().slice(1, 2));
  await programmeWith(page, 'Bản tin nông nghiệp sáng thứ Hai', ['Nhạc hiệu đài']);
  // Whatever tab is open, the render button is in view as the programme opens, on the laptop and
  // on the big screen.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  const render = page.getByRole('button', { name: 'Dựng chương trình' });
  const status = page.getByTestId('render-status');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect.soft(await onScreen(page, size, { 'Dựng chương trình': render })).toEqual([]);
  }
  await expect(status).toHaveText(/Chưa dựng/);

  // Started from the header on the laptop: the outcome shows beside the button, and "Xem báo cáo"
  // opens the render tab with the report's heading in view.
  await page.setViewportSize(SIZES[0]);
  await toTop(page);
  await render.focus();
  await page.keyboard.press('Enter');
  await expect(status).toContainText('Đã dựng', { timeout: 90_000 });
  await windowShot(page, 'programme-rendered', SIZES[0]);
  await status.getByRole('button', { name: 'Xem báo cáo' }).click();
  await expect(page.getByRole('tab', { name: 'Dựng' })).toHaveAttribute('aria-selected', 'true');
  const heading = page.getByTestId('render-report').getByRole('heading', { name: /Đã dựng xong/ });
  await expect(heading).toBeInViewport();
  for (const size of SIZES) {
    await windowShot(page, 'programme-report', size);
    expect.soft(await layoutProblems(page), `layout at ${size.width}×${size.height}`).toEqual([]);
    await expect(heading).toBeInViewport();
  }

  // Changed after the render: the header says the render is out of date.
  await page.getByRole('tab', { name: 'Thông tin' }).click();
  await page.getByRole('button', { name: '+ Thêm mục' }).click();
  const dialog = page.getByTestId('add-item-dialog');
  await dialog.getByTestId('add-track').selectOption({ index: 0 });
  await dialog.getByRole('button', { name: /Nhạc hiệu đài/ }).click();
  await expect(status).toContainText('Đã cũ');
  await windowShot(page, 'programme-stale', SIZES[0]);
});

test('sidebar: thirteen workspaces fit the laptop without scrolling; on a shorter window the list scrolls and keeps the open one in view', async ({
  studio,
}) => {
  test.setTimeout(120_000);
  const { page } = studio;
  const nav = page.getByRole('navigation', { name: 'Khu làm việc' });
  const entries = nav.getByRole('listitem');
  await expect(entries.first()).toBeVisible();
  // This session brings the list to thirteen (Giám sát, Lưu trữ, Báo cáo): until each lands, a copy
  // of the last entry stands in for it, so the test judges the list as the stations will see it.
  await nav.locator('.nav-list').evaluate((list) => {
    let k = 0;
    while (list.children.length < 13) {
      const copy = list.lastElementChild!.cloneNode(true) as HTMLElement;
      copy.querySelector('a')!.classList.remove('active');
      copy.querySelector('a')!.removeAttribute('aria-current');
      copy.querySelector('a')!.lastChild!.textContent = `Khu làm việc mới ${++k}`;
      copy.dataset.standIn = '';
      list.append(copy);
    }
  });
  await expect(entries).toHaveCount(13);
  const language = nav.getByRole('button', { name: 'English' });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    const label = `${size.width}×${size.height}`;
    expect.soft(await layoutProblems(page), `layout at ${label}`).toEqual([]);
    const all: Record<string, Locator> = { 'the language switch': language };
    for (let i = 0; i < 13; i++) all[`entry ${i + 1}`] = entries.nth(i).getByRole('link');
    expect.soft(await onScreen(page, size, all), `the sidebar at ${label}`).toEqual([]);
    expect
      .soft(
        await nav.locator('.nav-list').evaluate((l) => l.scrollHeight - l.clientHeight),
        `the list of workspaces scrolls at ${label}`,
      )
      .toBeLessThanOrEqual(1);
    await windowShot(page, 'sidebar-13', size);
  }

  // A long workspace scrolls; the sidebar stays where it is, the language switch still on screen.
  await page.setViewportSize(SIZES[0]);
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(page.getByTestId('doctor-table')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => document.scrollingElement!.scrollTo(0, 10_000));
  expect(
    await page.evaluate(() => window.scrollY),
    'the System workspace is taller than the laptop',
  ).toBeGreaterThan(0);
  expect.soft(await onScreen(page, SIZES[0], { 'the language switch': language }, false)).toEqual([]);

  // A window shorter than the list: the list scrolls inside the sidebar, the open workspace (the
  // last, opened by its address) is in view, and so is the language switch.
  await nav.locator('[data-stand-in]').evaluateAll((copies) => copies.forEach((c) => c.remove()));
  const short = { width: 1366, height: 480 };
  await page.setViewportSize(short);
  const last = entries.last().getByRole('link');
  await page.evaluate((id) => (location.hash = id), (await last.getAttribute('href'))!.slice(1));
  await expect(last).toHaveAttribute('aria-current', 'page');
  await expect(last).toBeInViewport({ ratio: 1 });
  expect.soft(await onScreen(page, short, { 'the language switch': language }, false)).toEqual([]);
  await windowShot(page, 'sidebar-short', short);
});
