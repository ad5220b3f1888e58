/**
 * A client can cancel a call it made: an editor preview superseded by a newer one (or left behind)
 * stops rendering in main, and no ffmpeg is left running for it. Against a real `studio serve`,
 * over its WebSocket, with a 20-minute asset so that the preview is still rendering when cancelled.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redeemLaunchUrl } from '../support/host-request';
import { signedIn, type Message } from '../support/host-socket';
import { commandLine, descendants } from '../support/process-tree';
import { serveStudio, type ServedStudio } from '../support/served-studio';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');
const served: ServedStudio[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.stop();
});

const ffmpegsUnder = (pid: number) => descendants(pid).filter((p) => /(^|\/)ffmpeg\s/.test(commandLine(p)));

describe('cancelling a call', () => {
  it('stops a preview render: the call answers CANCELLED and its ffmpeg is gone', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const file = path.join(dir, 'Phóng sự dài.wav');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=f=440:r=48000:d=1200',
      '-ac',
      '2',
      file,
    ]);
    const imported = spawnSync(
      process.execPath,
      [path.join(root, 'bin/studio.js'), 'import', '--json', '--data', data, file],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    const assetId = (JSON.parse(imported.stdout) as Array<{ asset: { id: string } }>)[0]?.asset.id;
    expect(assetId, imported.stderr).toBeTruthy();

    const studio = await serveStudio(data);
    served.push(studio);
    const ws = await signedIn(studio.port, { cookie: await redeemLaunchUrl(studio.launchUrl) });
    const messages: Message[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Message));
    const reply = (id: number) =>
      expect
        .poll(() => messages.find((m) => m.id === id), { timeout: 120_000 })
        .toBeTruthy()
        .then(() => messages.find((m) => m.id === id) as Message);

    ws.send(JSON.stringify({ id: 1, call: 'edit.open', request: { assetId } }));
    const opened = await reply(1);
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const projectId = (opened.result as { id: string }).id;

    ws.send(JSON.stringify({ id: 2, call: 'edit.preview', request: { projectId } }));
    // The preview is rendering once its progress is reported.
    await expect
      .poll(() => messages.some((m) => m.event === 'edit.render.progress'), { timeout: 60_000 })
      .toBe(true);
    expect(ffmpegsUnder(studio.child.pid!).length).toBeGreaterThan(0);

    ws.send(JSON.stringify({ cancel: 2 }));
    expect(await reply(2)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await expect.poll(() => ffmpegsUnder(studio.child.pid!), { timeout: 5_000 }).toEqual([]);
    // Nothing half-written stays in the preview cache.
    const previews = path.join(data, 'cache', 'edit', 'previews');
    await expect
      .poll(() => readdirSafe(previews).filter((n) => n.endsWith('.part')), { timeout: 5_000 })
      .toEqual([]);

    // The studio goes on: the same preview asked again renders to the end.
    ws.send(JSON.stringify({ id: 3, call: 'edit.preview', request: { projectId } }));
    expect(await reply(3)).toMatchObject({ ok: true });
    // The folder watched above is the one previews are written to.
    expect(readdirSafe(previews).filter((n) => n.endsWith('.wav')).length).toBeGreaterThan(0);
    ws.close();
  }, 300_000);
});

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
