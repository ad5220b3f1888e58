import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'studio-truyen-thanh';

/**
 * The folder holding the studio's package.json. Found by walking up from the running module,
 * because the sources (src-main/app/), the built CLI (out/cli/) and the packaged app (app.asar/out/main/)
 * sit at different depths below it.
 */
export function appRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && readsAsStudio(candidate)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${from}`);
    dir = parent;
  }
}

function readsAsStudio(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    // A package.json we cannot read is not ours; keep walking up.
    return false;
  }
}
