/**
 * Replies and events from main that reach the editor in an order a busy machine sometimes gives
 * them. The web host's WebSocket is routed through the test, which holds some of them back: two
 * replies handed to the page at the same moment land in one React render; a render's progress
 * may come after its preview (main goes on with renders whose reply is no longer awaited).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { routeMainTraffic } from './main-traffic';
import { importAll, importAndOpen, seek } from './steps';

/**
 * Routes the page's WebSocket and holds main's replies to the calls `pick` names until all of them
 * have come, then hands them to the page one right after the other while its main thread is busy,
 * so that they are all received before React renders.
 */
async function holdReplies(page: Page, pick: (call: string, request: unknown) => string | null) {
  const wanted = new Map<number, string>();
  const held = new Map<string, string>();
  let armed: string[] = [];
  await routeMainTraffic(page, {
    onCall({ id, call, request }) {
      const name = armed.length > 0 ? pick(call, request) : null;
      if (name && armed.includes(name) && ![...wanted.values()].includes(name)) wanted.set(id, name);
    },
    onMessage({ text, call }, traffic) {
      const name = call ? wanted.get(call.id) : undefined;
      if (!name) return 'pass';
      wanted.delete(call!.id);
      held.set(name, text);
      if (!armed.every((n) => held.has(n))) return 'hold';
      const replies = armed.map((n) => held.get(n)!);
      armed = [];
      held.clear();
      void page
        .evaluate(() => new Promise((r) => setTimeout(r, 0)))
        .then(() => {
          // A busy main thread: the replies queue up behind it and are read one after the other.
          void page.evaluate(() => {
            const end = performance.now() + 150;
            while (performance.now() < end);
          });
          setTimeout(() => traffic.release(...replies), 30);
        });
      return 'hold';
    },
  });
  return {
    /** Holds the next replies to these calls (in this order when they are handed over). */
    arm(names: string[]) {
      armed = names;
    },
  };
}

test('an insert whose reply comes with the previous change’s preview selects the inserted audio', async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'routes the web host’s WebSocket');
  const { page } = studio;
  const hold = await holdReplies(page, (call, request) =>
    call === 'edit.preview'
      ? 'preview'
      : call === 'edit.apply' && (request as { op: { type: string } }).op.type === 'insertAsset'
        ? 'insert'
        : null,
  );

  const dir = inputDir('replies');
  const talk = path.join(dir, 'Phỏng vấn.wav');
  const jingle = path.join(dir, 'Nhạc hiệu.wav');
  makeTone(talk, '0.5*sin(2*PI*440*t)', 10);
  makeTone(jingle, '0.4*sin(2*PI*660*t)', 1.5);
  await importAll(page, [jingle], 30_000);
  await importAndOpen(page, talk);
  const duration = page.getByTestId('edit-duration');
  await expect(duration).toHaveText('0:10.000', { timeout: 30_000 });
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });

  // Loudness normalisation; its preview's reply waits for the insert's.
  hold.arm(['preview', 'insert']);
  const tools = page.getByTestId('editor-tools');
  await tools.getByRole('button', { name: 'Chuẩn hoá độ to' }).click();
  await expect(page.getByTestId('loudness-info')).toContainText('−23 LUFS', { timeout: 30_000 });
  const field = page.getByTestId('playhead');
  await field.click();
  await field.fill('5');
  await field.press('Enter');
  await tools.getByRole('button', { name: 'Chèn tệp…' }).click();
  await page
    .getByTestId('insert-dialog')
    .getByRole('button', { name: /Nhạc hiệu/ })
    .click();
  await expect(duration).toHaveText('0:11.500');

  // The inserted audio is selected, and drawn selected once its own preview has loaded.
  await expect(page.getByTestId('selection-readout')).toContainText('0:05.000 – 0:06.500');
  const region = wave.locator('[data-region="selection"]');
  await expect(region).toHaveCount(1);
  const edges = () =>
    region.evaluate((e) => [(e as HTMLElement).style.left, (e as HTMLElement).style.right].map(parseFloat));
  // 5 s from the start and 5 s from the end of 11.5 s.
  const inset = Math.round((1000 * 5) / 11.5) / 10;
  await expect.poll(async () => (await edges()).map((x) => Math.round(x * 10) / 10)).toEqual([inset, inset]);
  await expect(page.getByTestId('selection-readout')).toContainText('0:05.000 – 0:06.500');
});

test('progress that comes after the preview it belongs to leaves no “Đang dựng…” over the waveform', async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'routes the web host’s WebSocket');
  const { page } = studio;
  const late = { armed: false, progress: [] as string[], history: [] as string[] };
  await routeMainTraffic(page, {
    onMessage({ text, call, event }, traffic) {
      if (!late.armed) return 'pass';
      const list =
        event === 'edit.render.progress'
          ? late.progress
          : call?.call === 'edit.history'
            ? late.history
            : null;
      if (list) {
        list.push(text);
        return 'hold';
      }
      if (call?.call === 'edit.preview') {
        // The preview is in; then its render's progress, then the history list.
        late.armed = false;
        traffic.release(...late.progress, ...late.history);
      }
      return 'pass';
    },
  });

  await importAndOpen(
    page,
    makeTone(path.join(inputDir('late'), 'Phỏng vấn.wav'), '0.5*sin(2*PI*440*t)', 10),
  );
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  const loaded = await wave.getAttribute('data-loaded');

  await page.keyboard.press('Control+a');
  const tools = page.getByTestId('editor-tools');
  await tools.getByLabel('Mức (dB)').fill('-6');
  late.armed = true;
  await tools.getByRole('button', { name: 'Tăng/giảm âm lượng' }).click();
  await expect(wave).not.toHaveAttribute('data-loaded', loaded!);
  // The history list comes after the late progress: by then the page has read it.
  await expect(page.getByTestId('history-list')).toContainText('Âm lượng');
  expect(late.progress.length).toBeGreaterThan(0);
  await expect(wave.getByRole('status')).toHaveCount(0);
});

test('a seek made while a cut’s preview renders stays; with none the playhead goes to the cut', async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'routes the web host’s WebSocket');
  const { page } = studio;
  const slow = { armed: false, held: null as string | null };
  const traffic = await routeMainTraffic(page, {
    onMessage({ text, call }) {
      if (!slow.armed || call?.call !== 'edit.preview') return 'pass';
      slow.armed = false;
      slow.held = text;
      return 'hold';
    },
  });

  await importAndOpen(
    page,
    makeTone(path.join(inputDir('seek'), 'Phỏng vấn.wav'), '0.5*sin(2*PI*440*t)', 10),
  );
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  const field = page.getByTestId('playhead');
  const duration = page.getByTestId('edit-duration');
  const cut = async (from: string, to: string) => {
    await seek(page, from);
    await page.keyboard.press('i');
    await seek(page, to);
    await page.keyboard.press('o');
    await page.keyboard.press('Control+x');
  };

  // Cut 2–3 s; while its preview renders, the person goes to 6 s: the playhead stays there.
  slow.armed = true;
  let loaded = await wave.getAttribute('data-loaded');
  await cut('2', '3');
  await expect(duration).toHaveText('0:09.000');
  await expect.poll(() => slow.held).not.toBeNull();
  await seek(page, '6');
  traffic.release(slow.held!);
  await expect(wave).not.toHaveAttribute('data-loaded', loaded!);
  await expect(field).toHaveValue('0:06.000');

  // Cut 1–2 s and leave the playhead: it goes to the cut once the preview has loaded.
  loaded = await wave.getAttribute('data-loaded');
  await cut('1', '2');
  await expect(duration).toHaveText('0:08.000');
  await expect(wave).not.toHaveAttribute('data-loaded', loaded!);
  await expect(field).toHaveValue('0:01.000');
});
