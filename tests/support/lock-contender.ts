/**
 * A separate process that contends for a data folder's lock on command, so that tests can make
 * several processes try at the same instant (loading TypeScript takes a second; a command line
 * takes a millisecond). Run with `node --import tsx`. Reads lines on stdin, answers JSON lines:
 * `go DIR AT` (AT in ms since 1970: every contender starts at that same instant) → `{"won":true}` or
 * `{"won":false,"code":…,"message":…}`; `release` → `{"released":true}`.
 */
import readline from 'node:readline';
import { acquireDataLock } from '../../src-main/store';

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
let release: (() => Promise<void>) | null = null;

say({ ready: true, pid: process.pid });
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, dir = '', at = '0'] = line.split(' ');
  if (command === 'go') {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(at) - Date.now() - 5)));
    while (Date.now() < Number(at)) {
      // the last milliseconds spent waiting here, so that no timer's lateness separates the contenders
    }
    try {
      release = await acquireDataLock(dir, 'cli');
      say({ won: true });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      say({ won: false, code: e.code, message: e.message });
    }
  } else if (command === 'release') {
    await release?.();
    release = null;
    say({ released: true });
  }
}
