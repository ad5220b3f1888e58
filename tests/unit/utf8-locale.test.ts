/**
 * One rule, two places: `withUtf8Locale` (what the studio gives the Chromium it opens, and what
 * the E2E fixture gives the host and browser) and scripts/utf8-locale.sh (what `npm start`,
 * `npm test` and `npm run setup` give everything they run). Both are checked on the same cases,
 * through real bash and the C library's own `locale`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withUtf8Locale } from '../../src-main/platform/utf8-locale';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VARS = ['LC_ALL', 'LC_CTYPE', 'LANG'] as const;
type LocaleVars = Partial<Record<(typeof VARS)[number], string>>;

/**
 * Sources the script once per case, each in `env -i PATH=…` plus the case's variables (one bash
 * for all cases: spawning is slow on a loaded machine); returns the locale variables each case
 * ends with and what the C library's `locale charmap` then says.
 */
function throughScript(cases: readonly LocaleVars[]): { vars: LocaleVars; charmap: string }[] {
  const script = cases
    .map((vars) => {
      const assign = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
      const show = `for v in ${VARS.join(' ')}; do printf "%s=%s\\n" "$v" "\${!v-}"; done; locale charmap`;
      return `env -i PATH="$PATH" ${assign.join(' ')} bash -c '. scripts/utf8-locale.sh; ${show}'`;
    })
    .join('\n');
  const out = spawnSync('bash', ['-c', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  expect(out.status, out.stderr).toBe(0);
  const lines = out.stdout.trim().split('\n');
  const per = VARS.length + 1;
  expect(lines).toHaveLength(cases.length * per);
  return cases.map((_, i) => {
    const vars: LocaleVars = {};
    for (const line of lines.slice(i * per, i * per + VARS.length)) {
      const [name, value] = line.split('=') as [(typeof VARS)[number], string];
      if (value) vars[name] = value;
    }
    return { vars, charmap: lines[i * per + VARS.length] ?? '' };
  });
}

function localeVars(env: NodeJS.ProcessEnv): LocaleVars {
  const result: LocaleVars = {};
  for (const v of VARS) if (env[v]) result[v] = env[v];
  return result;
}

const CASES: { name: string; env: LocaleVars; expected: LocaleVars }[] = [
  { name: 'no locale at all (env -i)', env: {}, expected: { LC_CTYPE: 'C.UTF-8' } },
  { name: 'LANG=C', env: { LANG: 'C' }, expected: { LANG: 'C', LC_CTYPE: 'C.UTF-8' } },
  { name: 'LANG=POSIX', env: { LANG: 'POSIX' }, expected: { LANG: 'POSIX', LC_CTYPE: 'C.UTF-8' } },
  { name: 'LC_ALL=C overrides LC_CTYPE', env: { LC_ALL: 'C' }, expected: { LC_ALL: 'C.UTF-8' } },
  { name: 'a UTF-8 LANG is kept', env: { LANG: 'C.UTF-8' }, expected: { LANG: 'C.UTF-8' } },
  { name: 'utf8 spelt without a dash', env: { LANG: 'C.utf8' }, expected: { LANG: 'C.utf8' } },
  {
    name: 'a UTF-8 LC_CTYPE under LANG=C is kept',
    env: { LANG: 'C', LC_CTYPE: 'C.UTF-8' },
    expected: { LANG: 'C', LC_CTYPE: 'C.UTF-8' },
  },
  {
    // As when LANG comes over ssh from a desktop: the name says UTF-8, the C library reads ASCII.
    name: 'a UTF-8 locale the machine never generated',
    env: { LANG: 'xx_XX.UTF-8' },
    expected: { LANG: 'xx_XX.UTF-8', LC_CTYPE: 'C.UTF-8' },
  },
  {
    name: 'a non-UTF-8 Vietnamese locale keeps its language, gets a UTF-8 character type',
    env: { LANG: 'vi_VN.TCVN' },
    expected: { LANG: 'vi_VN.TCVN', LC_CTYPE: 'C.UTF-8' },
  },
];

describe('a UTF-8 character type for the studio and its browser', () => {
  const scripted = throughScript(CASES.map((c) => c.env));

  CASES.forEach((c, i) => {
    it(`${c.name}: the studio and the scripts agree, and the C library reads UTF-8`, () => {
      expect(localeVars(withUtf8Locale(c.env, 'linux'))).toEqual(c.expected);
      expect(scripted[i]?.vars).toEqual(c.expected);
      // C.UTF-8 is a real locale here (built into Debian's C library), not just a name.
      expect(scripted[i]?.charmap).toBe('UTF-8');
    });
  });

  it('leaves the environment as it is when it is already UTF-8 (the same object)', () => {
    const env = { LANG: 'C.UTF-8', PATH: process.env.PATH };
    expect(withUtf8Locale(env, 'linux')).toBe(env);
  });

  it('does not touch other systems, whose file names do not go through the locale', () => {
    expect(withUtf8Locale({}, 'darwin')).toEqual({});
    expect(withUtf8Locale({ LANG: 'C' }, 'win32')).toEqual({ LANG: 'C' });
  });
});
