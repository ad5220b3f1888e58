#!/usr/bin/env node
// The command line. It runs the build in out/cli/ (made by `npm run build`, which setup runs)
// while that build is newer than every source it was made from, so a packaged studio runs it too
// and a start costs no TypeScript compilation. Straight after a clone, or after editing a source
// without building, it runs the TypeScript sources through tsx instead, so it never runs stale code.
// STUDIO_CLI_FROM_SOURCE=1 always takes the sources.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function builtIsCurrent() {
  if (process.env.STUDIO_CLI_FROM_SOURCE === '1') return false;
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(new URL('out/cli/sources.json', root), 'utf8'));
    return sources.every((file) => statSync(new URL(file, root)).mtimeMs < builtAt);
  } catch {
    // No build, an unreadable list, or a source that is gone: the sources are the truth.
    return false;
  }
}

if (builtIsCurrent()) {
  await import('../out/cli/studio.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/run.ts');
}
