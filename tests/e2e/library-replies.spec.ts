/**
 * The library's import when main's events come sooner than the page expects them. The web host's
 * WebSocket is routed through the test, which holds a reply back while the events go on.
 */
import path from 'node:path';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { routeMainTraffic } from './main-traffic';
import { importAll } from './steps';

test('an import that finishes before the page has its job still shows as finished', async ({ studio }) => {
  test.skip(studio.host !== 'web', 'routes the web host’s WebSocket');
  const { page } = studio;
  // The reply to library.import is held until main has announced the job finished: a small file
  // imports in milliseconds, and on a busy machine its events can pass the page by before it has
  // read the reply and listens for them.
  const gate = { held: null as string | null, finished: false };
  await routeMainTraffic(page, {
    onMessage({ text, call, event }, traffic) {
      if (call?.call === 'library.import' && !gate.finished) {
        gate.held = text;
        return 'hold';
      }
      if (event === 'import.finished') {
        gate.finished = true;
        if (gate.held) traffic.release(gate.held);
      }
      return 'pass';
    },
  });

  const file = makeTone(path.join(inputDir('import'), 'Nhạc hiệu.wav'), '0.4*sin(2*PI*660*t)', 1.5);
  await importAll(page, [file], 30_000);
  expect(gate.finished).toBe(true);
  await expect(page.getByTestId('asset-table').locator('tbody tr', { hasText: 'Nhạc hiệu' })).toHaveCount(1);
});
