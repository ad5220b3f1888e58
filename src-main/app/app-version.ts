import { readFileSync } from 'node:fs';

/** The version in package.json, read once; the packaged app and the CLI both ship package.json. */
export function readAppVersion(packageJsonUrl: URL): string {
  try {
    return (JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
