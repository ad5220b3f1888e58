import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LaunchPage {
  /** The file to give Chromium: its name is public, its content is not. */
  file: string;
  remove(): void;
}

/**
 * The first page of the studio's window: a file only this user can read, which sends the window on
 * to the one-time address. Chromium's command line is readable by every user of the PC; were the
 * address on it, another user could trade its code before the window does.
 */
export async function writeLaunchPage(dir: string, launchUrl: string): Promise<LaunchPage> {
  const file = path.join(dir, `mo-studio-${randomBytes(6).toString('hex')}.html`);
  const html =
    '<!doctype html><html lang="vi"><meta charset="utf-8">' +
    `<meta http-equiv="refresh" content="0;url=${launchUrl}">` +
    '<title>Studio Truyền thanh</title><p>Đang mở Studio…</p></html>';
  // 'wx': a new file, created with these permissions (a file already there would keep its own).
  await writeFile(file, html, { mode: 0o600, flag: 'wx' });
  return { file, remove: () => rmSync(file, { force: true }) };
}
