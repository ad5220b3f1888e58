/**
 * The character type every program the studio starts needs: UTF-8. Without one (a fresh Debian,
 * a minimal container, `env -i`, LANG=C, or a LANG naming a locale the machine has not generated),
 * Chromium converts file names through ASCII and silently drops "Phỏng vấn.wav" from a file
 * chooser. scripts/utf8-locale.sh applies the same rule to `npm start`, `npm test` and the setup.
 */
import { spawnSync } from 'node:child_process';

/** Built into glibc: Debian has it on every machine, generated or not. */
export const UTF8_LOCALE = 'C.UTF-8';

/**
 * The character set the C library uses under `env` (`locale charmap`), or null where there is no
 * `locale` program. Asked rather than guessed from the names: LANG=vi_VN.UTF-8 on a machine that
 * never generated that locale is ASCII all the same.
 */
export function localeCharmap(env: NodeJS.ProcessEnv): string | null {
  const out = spawnSync('locale', ['charmap'], { env, encoding: 'utf8', timeout: 5_000 });
  return out.status === 0 ? out.stdout.trim() : null;
}

/**
 * `env` with a UTF-8 character type (Linux only: elsewhere file names do not go through the
 * locale). Unchanged when the C library already reads UTF-8; otherwise LC_CTYPE (or LC_ALL,
 * which would override it) becomes C.UTF-8, leaving the language of messages and dates alone.
 */
export function withUtf8Locale(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): NodeJS.ProcessEnv {
  if (platform !== 'linux' || localeCharmap(env) === 'UTF-8') return env;
  return env.LC_ALL ? { ...env, LC_ALL: UTF8_LOCALE } : { ...env, LC_CTYPE: UTF8_LOCALE };
}
