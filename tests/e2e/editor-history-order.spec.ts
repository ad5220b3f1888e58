/**
 * Main answers each call when it is done, so two history lists asked for one after the other can
 * come back the other way round. The web host's WebSocket is routed through the test, which holds
 * the reply to an earlier `edit.history` call until a later one has been answered and shown.
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { routeMainTraffic } from './main-traffic';
import { importAndOpen } from './steps';

test('a history list that arrives after a newer one does not replace it', async ({ studio }) => {
  test.skip(studio.host !== 'web', 'routes the web host’s WebSocket');
  const { page } = studio;
  /** The next reply to each of these calls is kept back until the test hands it over. */
  const hold = new Set<string>();
  const held = new Map<string, string>();
  const traffic = await routeMainTraffic(page, {
    onMessage({ text, call }) {
      if (!call || !hold.delete(call.call)) return 'pass';
      held.set(call.call, text);
      return 'hold';
    },
  });

  const talk = makeTone(path.join(inputDir('history-order'), 'Phỏng vấn.wav'), '0.5*sin(2*PI*440*t)', 10);
  await importAndOpen(page, talk);
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  const history = page.getByTestId('history-list');
  const current = history.locator('[aria-current="step"]');
  const undoLine = page.getByTestId('undo-line');
  const undoButton = page.locator('.editor-head').getByRole('button', { name: /Hoàn tác/ });
  await expect(current).toContainText('Bản gốc');

  // Step 1: the whole file 6 dB quieter. Its history list is kept back.
  let loaded = await wave.getAttribute('data-loaded');
  await page.keyboard.press('Control+a');
  const tools = page.getByTestId('editor-tools');
  await tools.getByLabel('Mức (dB)').fill('-6');
  hold.add('edit.history');
  await tools.getByRole('button', { name: 'Tăng/giảm âm lượng' }).click();
  await expect(undoLine).toContainText('Hoàn tác: Âm lượng');
  await expect.poll(() => held.has('edit.history')).toBe(true);
  await expect(wave).not.toHaveAttribute('data-loaded', loaded!, { timeout: 30_000 });
  await expect(current).toContainText('Bản gốc');

  // Step 2: cut 2–3 s. Its history list comes at once; its preview is kept back.
  loaded = await wave.getAttribute('data-loaded');
  const field = page.getByTestId('playhead');
  const seek = async (time: string) => {
    await field.click();
    await field.fill(time);
    await field.press('Enter');
    await expect(field).not.toBeFocused();
  };
  await seek('2');
  await page.keyboard.press('i');
  await seek('3');
  await page.keyboard.press('o');
  await expect(page.getByTestId('selection-readout')).toContainText('0:02.000 – 0:03.000');
  hold.add('edit.preview');
  await page.keyboard.press('Control+x');
  const cut = 'Cắt 0:02.000–0:03.000';
  await expect(current).toContainText(cut);
  await expect(history).toContainText('Âm lượng');
  await expect.poll(() => held.has('edit.preview')).toBe(true);

  // Now the first history list arrives, then the cut's preview: when the waveform has loaded
  // the preview, the page has read the late list too.
  traffic.release(held.get('edit.history')!, held.get('edit.preview')!);
  await expect(wave).not.toHaveAttribute('data-loaded', loaded!, { timeout: 30_000 });

  // The list still ends with the cut, which is the current step, and undo names it.
  await expect(history.locator('li')).toHaveCount(3);
  await expect(history.locator('li').last()).toContainText(cut);
  await expect(current).toContainText(cut);
  await expect(undoButton).toHaveAttribute('title', `Hoàn tác: ${cut} (Ctrl+Z)`);
  await expect(undoLine).toContainText(`Hoàn tác: ${cut}`);
});
