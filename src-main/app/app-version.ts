import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from './app-root';

/** The version in package.json; the packaged app and the CLI both ship package.json. */
export function readAppVersion(root: string = appRoot()): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ??
      '0.0.0'
    );
  } catch {
    // The version only labels reports; a studio must not refuse to start over it.
    return '0.0.0';
  }
}
