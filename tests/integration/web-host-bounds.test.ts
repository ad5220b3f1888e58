/**
 * One connection asking for a lot at once (a stuck key, a buggy or hostile page) must not start
 * hundreds of programs on the studio PC: work is bounded per connection and per kind of program,
 * the rest waits a little or is refused in words, and the studio goes on answering.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { caller, signedIn } from '../support/host-socket';
import { redeemLaunchUrl } from '../support/host-request';
import { sampleDescendants } from '../support/process-tree';
import { serveStudio, type ServedStudio } from '../support/served-studio';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const served: ServedStudio[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.stop();
});

/** Programs one doctor report may run at once, with their own children, and a margin. */
const MAX_PROGRAMS = 12;

describe('web host under a flood of calls on one connection', () => {
  it('runs a bounded number of programs for 100 simultaneous doctor calls, and still answers', async () => {
    const studio = await serveStudio(await tempDir());
    served.push(studio);
    const cookie = await redeemLaunchUrl(studio.launchUrl);
    const ws = await signedIn(studio.port, { cookie });
    const call = caller(ws);

    const sampler = sampleDescendants(studio.child.pid!);
    const replies = await Promise.all(Array.from({ length: 100 }, () => call('system.doctor')));
    const peak = sampler.stop();

    expect(peak, `programs running at once under the studio`).toBeLessThanOrEqual(MAX_PROGRAMS);
    for (const reply of replies) {
      if (reply.ok === true) continue;
      // A refusal says what happened and what to do, in Vietnamese.
      expect(reply.error).toMatchObject({ code: 'BUSY', message: expect.stringMatching(/thử lại/) });
    }
    expect(replies.filter((r) => r.ok === true).length).toBeGreaterThan(0);

    expect(studio.alive(), studio.log()).toBe(true);
    expect(await call('settings.get')).toMatchObject({ ok: true });
    expect(await call('system.doctor')).toMatchObject({ ok: true });
    ws.close();
  }, 180_000);

  it('runs a bounded number of programs for 20 simultaneous imports, and every file arrives', async () => {
    const dir = await tempDir();
    const files = Array.from({ length: 20 }, (_, i) => {
      const file = path.join(dir, `Tin số ${i + 1}.wav`);
      // Each file different, so that none is a duplicate of another.
      execFileSync('ffmpeg', [
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${200 + i * 10}:duration=10`,
        file,
      ]);
      return file;
    });
    const studio = await serveStudio(await tempDir());
    served.push(studio);
    const ws = await signedIn(studio.port, { cookie: await redeemLaunchUrl(studio.launchUrl) });
    const call = caller(ws);
    const finished = new Promise<void>((resolve) => {
      let left = files.length;
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { event?: string };
        if (m.event === 'import.finished' && --left === 0) resolve();
      });
    });

    const sampler = sampleDescendants(studio.child.pid!);
    const replies = await Promise.all(files.map((file) => call('library.import', { paths: [file] })));
    expect(replies.every((r) => r.ok === true)).toBe(true);
    await finished;
    const peak = sampler.stop();

    expect(peak, 'programs running at once under the studio').toBeLessThanOrEqual(MAX_PROGRAMS);
    const list = await call('library.list', {});
    expect((list.result as { total: number }).total).toBe(files.length);
    ws.close();
  }, 300_000);
});
