/**
 * electron-builder.yml, validated against the JSON schema electron-builder itself ships
 * (app-builder-lib/scheme.json), since `npm run dist` cannot run on our build machines.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// Resolved through electron-builder's own dependency chain, so the schema is the one it uses.
const appBuilderLib = path.dirname(
  createRequire(require.resolve('electron-builder/package.json')).resolve('app-builder-lib/package.json'),
);
const yaml = createRequire(path.join(appBuilderLib, 'package.json'))('js-yaml') as {
  load(text: string): unknown;
};
const schema = JSON.parse(readFileSync(path.join(appBuilderLib, 'scheme.json'), 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  linux: { target: string[]; category: string };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean>;
};
/** Fuses the studio leaves at Electron's default, and why (a new fuse must be added to one list or the other). */
const FUSES_LEFT_AT_DEFAULT: Record<string, string> = {
  enableCookieEncryption: 'the Electron host keeps no cookies (its session is the IPC channel)',
  loadBrowserProcessSpecificV8Snapshot: 'the studio ships no V8 snapshot of its own',
  resetAdHocDarwinSignature: 'electron-builder signs the macOS app after flipping the fuses',
};
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
};

/** Minimal glob matching for electron-builder's patterns (`**`, `*`, `?`). */
function globMatches(pattern: string, file: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(file);
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const validate = validator();
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is live: a misspelt option is refused', () => {
    const validate = validator();
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, category: 42 } })).toBe(false);
  });

  it('names the studio', () => {
    expect(config.appId).toBe('vn.studio-truyen-thanh');
    expect(config.productName).toBe('Studio Truyền thanh');
  });

  it('unpacks ffmpeg-static from the asar archive so its binary can run', () => {
    expect(config.asar).not.toBe(false);
    for (const file of [
      'node_modules/ffmpeg-static/ffmpeg',
      'node_modules/ffmpeg-static/ffmpeg.exe',
      'node_modules/ffmpeg-static/index.js',
    ]) {
      expect(
        config.asarUnpack.some((p) => globMatches(p, file)),
        file,
      ).toBe(true);
    }
  });

  it("rebuilds the database's native addon for Electron and loads it from outside the archive", () => {
    expect(config.npmRebuild).toBe(true);
    expect(pkg.dependencies?.['better-sqlite3'], 'shipped as a production dependency').toMatch(/^\^12\./);
    expect(
      config.asarUnpack.some((p) =>
        globMatches(p, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ),
    ).toBe(true);
  });

  it('packs the built app and starts the built main', () => {
    expect(config.extraMetadata.main).toBe('out/main/main.js');
    expect(pkg.main).toBe(config.extraMetadata.main);
    const included = (file: string) =>
      config.files.some((p) => !p.startsWith('!') && globMatches(p, file)) &&
      !config.files.some((p) => p.startsWith('!') && globMatches(p.slice(1), file));
    for (const file of [
      'out/main/main.js',
      'out/main/preload.cjs',
      'out/renderer/index.html',
      'package.json',
    ]) {
      expect(included(file), file).toBe(true);
    }
    expect(included('src-main/hosts/electron/main.ts')).toBe(false);
  });

  it('targets AppImage and deb (AudioVideo), NSIS and DMG', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('AudioVideo');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips the fuses that would turn the app into a plain Node runtime', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('loads only a validated app.asar and gives file:// pages no extra privileges', () => {
    expect(config.electronFuses).toMatchObject({
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('decides every fuse electron-builder knows: set, or left at its default for a stated reason', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).sort();
    const decided = [...Object.keys(config.electronFuses), ...Object.keys(FUSES_LEFT_AT_DEFAULT)].sort();
    expect(decided).toEqual(known);
  });

  it('is what `npm run dist` builds with', () => {
    expect(pkg.scripts.dist).toMatch(/electron-builder\b.*electron-builder\.yml/);
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
  });
});
