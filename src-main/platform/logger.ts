import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Anything worth knowing beside a message: an error, ids, a path. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields | unknown): void;
  info(message: string, fields?: LogFields | unknown): void;
  warn(message: string, fields?: LogFields | unknown): void;
  error(message: string, fields?: LogFields | unknown): void;
  /** The same log, each line naming where it came from ("import", "web"). */
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values never reach the log, at any depth: sessions, passwords, cookies. */
const SECRET_KEY = /token|password|passwd|secret|cookie|authori[sz]ation/i;
/** The same inside a message or a URL: `token=…`, `code=…`, `Bearer …`. */
const SECRET_IN_TEXT =
  /\b((?:token|code|password|secret|studio_session)=)[^\s&;"']+|\b(Bearer\s+)[\w.~+/-]+/gi;

export interface FileLoggerOptions {
  /** Folder of the log files: `studio.log`, then `studio.1.log` … as they fill. */
  dir: string;
  level?: LogLevel;
  /** A file is set aside once it reaches this size. */
  maxBytes?: number;
  /** How many set-aside files are kept besides the current one. */
  keep?: number;
  /** Also write warnings and errors to stderr (for a terminal or journald). */
  echo?: boolean;
  now?: () => Date;
}

export const LOG_FILE = 'studio.log';

/**
 * The studio's one log: a line of JSON per entry, in the data folder, rotated by size, with
 * secrets removed. Writing is synchronous: entries are rare, and the last one before a crash is
 * the one support needs most.
 */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const { dir, level = 'info', maxBytes = 5 * 1024 * 1024, keep = 4, echo = false } = options;
  const now = options.now ?? (() => new Date());
  const file = path.join(dir, LOG_FILE);
  let size = -1;
  let failed = false;

  const write = (lvl: LogLevel, scope: string | null, message: string, fields: unknown) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry = {
      at: now().toISOString(),
      level: lvl,
      ...(scope ? { scope } : {}),
      message: redactText(message),
      ...describeFields(fields),
    };
    const line = `${JSON.stringify(entry)}\n`;
    if (echo && ORDER[lvl] >= ORDER.warn)
      process.stderr.write(`[${lvl}]${scope ? ` ${scope}:` : ''} ${entry.message}\n`);
    try {
      if (size < 0) {
        mkdirSync(dir, { recursive: true });
        size = fileSize(file);
      }
      if (size > 0 && size + line.length > maxBytes) {
        rotate(dir, keep);
        size = 0;
      }
      appendFileSync(file, line, 'utf8');
      size += Buffer.byteLength(line);
      failed = false;
    } catch (err) {
      // A full or read-only disk must not stop the studio over its log: say it once on stderr.
      if (!failed) process.stderr.write(`Không ghi được nhật ký ${file}: ${(err as Error).message}\n`);
      failed = true;
      size = -1;
    }
  };
  return scoped(write, null);
}

/** A logger that writes to stderr only (tests, and tools that have no data folder). */
export function createConsoleLogger(level: LogLevel = 'warn'): Logger {
  return scoped((lvl, scope, message, fields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const extra = describeFields(fields);
    process.stderr.write(
      `[${lvl}]${scope ? ` ${scope}:` : ''} ${redactText(message)}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}\n`,
    );
  }, null);
}

type Write = (level: LogLevel, scope: string | null, message: string, fields: unknown) => void;

function scoped(write: Write, scope: string | null): Logger {
  return {
    debug: (m, f) => write('debug', scope, m, f),
    info: (m, f) => write('info', scope, m, f),
    warn: (m, f) => write('warn', scope, m, f),
    error: (m, f) => write('error', scope, m, f),
    child: (name) => scoped(write, scope ? `${scope}.${name}` : name),
  };
}

/** The files of a log folder, newest first (the current one, then studio.1.log …). */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const index = (n: string) => (n === LOG_FILE ? 0 : Number(/^studio\.(\d+)\.log$/.exec(n)?.[1] ?? NaN));
  return names
    .filter((n) => Number.isFinite(index(n)))
    .sort((a, b) => index(a) - index(b))
    .map((n) => path.join(dir, n));
}

function rotate(dir: string, keep: number): void {
  rmSync(path.join(dir, `studio.${keep}.log`), { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    const from = path.join(dir, `studio.${i}.log`);
    if (fileSize(from) >= 0) renameSync(from, path.join(dir, `studio.${i + 1}.log`));
  }
  renameSync(path.join(dir, LOG_FILE), path.join(dir, 'studio.1.log'));
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/** Errors become their name, message, code and stack; other values are copied without secrets. */
function describeFields(fields: unknown): Record<string, unknown> {
  if (fields === undefined || fields === null) return {};
  if (fields instanceof Error) return { error: describeError(fields) };
  if (typeof fields !== 'object') return { detail: redact(fields, 0) };
  return redact(fields, 0) as Record<string, unknown>;
}

function describeError(err: Error): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: redactText(err.message),
    ...(code !== undefined ? { code } : {}),
    ...(err.stack ? { stack: redactText(err.stack.split('\n').slice(0, 12).join('\n')) } : {}),
  };
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value.length > 4000 ? `${value.slice(0, 4000)}…` : value);
  if (value instanceof Error) return describeError(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[ẩn]' : redact(v, depth + 1);
  return out;
}

function redactText(text: string): string {
  return text.replace(
    SECRET_IN_TEXT,
    (_m, key: string | undefined, bearer: string | undefined) => `${key ?? bearer}[ẩn]`,
  );
}
