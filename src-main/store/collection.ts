import { copyFile, mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { z } from 'zod';
import { StudioError } from '../contract';

/** What a collection file holds on disk. */
interface Envelope {
  schemaVersion: number;
  data: unknown;
}

export type Migration = (data: unknown) => unknown;

export interface CollectionOptions<T> {
  /** File name without extension, for example `settings`. */
  name: string;
  /** Current schema version; files with an older version are migrated on open. */
  version: number;
  schema: z.ZodType<T>;
  defaults: () => T;
  /** `migrations[n]` turns version-n data into version-(n+1) data. */
  migrations?: Readonly<Record<number, Migration>>;
  /**
   * What the collection is, in Vietnamese, for the report of a restoration ("thư viện năm 2026");
   * a function gets the restored data (a programme's title). Default: the file's name.
   */
  label?: string | ((data: T) => string);
}

export type OpenOutcome = 'created' | 'loaded' | 'migrated' | 'restored-from-backup';

/** A collection whose file was missing or damaged and was rebuilt from its `.bak`. */
export interface Restoration {
  name: string;
  /** The restored file, relative to the collection's folder. */
  file: string;
  reason: 'missing' | 'damaged';
  /** Where the damaged file was set aside (relative), or null when the file was missing. */
  keptAs: string | null;
  /** What was restored, in Vietnamese (`CollectionOptions.label`). */
  label: string;
}

export type OnRestored = (restoration: Restoration) => void | Promise<void>;

/**
 * One lowdb JSON file with a schema version, atomic writes (lowdb writes a temporary file and
 * renames it) and a `.bak` copy of the last state that was read or written successfully.
 * Writes are queued, so concurrent updates never interleave.
 *
 * The `.bak` is what a lost or damaged file is rebuilt from, so it is only ever replaced by a state
 * that was just read back whole, or written and flushed to the disk; a collection never starts
 * empty over it.
 */
export class Collection<T> {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly main: Low<Envelope>,
    private readonly mainFile: string,
    private readonly backup: JSONFile<Envelope>,
    private readonly options: CollectionOptions<T>,
    private current: T,
    readonly outcome: OpenOutcome,
  ) {}

  static async open<T>(
    dir: string,
    options: CollectionOptions<T>,
    onRestored?: OnRestored,
  ): Promise<Collection<T>> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${options.name}.json`);
    const state = await readState(file, options);
    const main = new Low<Envelope>(new JSONFile<Envelope>(file), {
      schemaVersion: options.version,
      data: null,
    });
    const backup = new JSONFile<Envelope>(`${file}.bak`);

    let outcome: OpenOutcome;
    let keptAs: string | null = null;
    if (state.from === 'defaults') outcome = 'created';
    else if (state.from === 'backup') {
      outcome = 'restored-from-backup';
      if (state.mainDamaged) {
        // Keep the broken file for whoever wants to look at it; it is never read again.
        keptAs = `${options.name}.corrupt-${Date.now()}.json`;
        await rename(file, path.join(dir, keptAs));
      }
    } else outcome = state.migratedFrom === null ? 'loaded' : 'migrated';
    if (state.migratedFrom !== null) {
      const source = state.from === 'backup' ? `${file}.bak` : file;
      await copyFile(source, path.join(dir, `${options.name}.v${state.migratedFrom}.json`));
    }

    const collection = new Collection(main, file, backup, options, state.data, outcome);
    if (outcome === 'loaded') await backup.write({ schemaVersion: options.version, data: state.data });
    else await collection.persist(state.data);
    if (state.from === 'backup') {
      await onRestored?.({
        name: options.name,
        file: `${options.name}.json`,
        reason: state.mainDamaged ? 'damaged' : 'missing',
        keptAs,
        label: labelOf(options, state.data),
      });
    }
    return collection;
  }

  /**
   * The collection's data as `open` would find it, without writing anything (no restoration, no
   * migration on disk, no backup): for a reader beside the studio that owns the folder.
   */
  static async peek<T>(dir: string, options: CollectionOptions<T>): Promise<T> {
    return (await readState(path.join(dir, `${options.name}.json`), options)).data;
  }

  /** The current data. Treat as read-only: change it through `update`. */
  read(): T {
    return this.current;
  }

  /** Applies a change to a copy, validates it, writes it, and only then makes it current. */
  update(mutate: (draft: T) => T | void): Promise<T> {
    const run = async () => {
      const draft = structuredClone(this.current);
      const next = this.options.schema.parse(mutate(draft) ?? draft);
      await this.persist(next);
      this.current = next;
      return next;
    };
    const result = this.queue.then(run, run);
    // The queue only orders writes: the caller gets this write's error through `result`.
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async persist(data: T): Promise<void> {
    const envelope = { schemaVersion: this.options.version, data };
    this.main.data = envelope;
    await this.main.write();
    // The backup is replaced only once the new state is on the disk, not just in its cache.
    await syncFile(this.mainFile);
    await this.backup.write(envelope);
  }
}

type State<T> =
  | { from: 'main'; data: T; migratedFrom: number | null }
  | { from: 'backup'; data: T; migratedFrom: number | null; mainDamaged: boolean }
  | { from: 'defaults'; data: T; migratedFrom: null };

/** Reads the file, else its backup; throws when neither can be used but one of them exists. */
async function readState<T>(file: string, options: CollectionOptions<T>): Promise<State<T>> {
  const main = await readEnvelope(file);
  if (main.kind === 'read') {
    const decoded = decode(main.envelope, options);
    if (decoded.kind === 'too-new') throw tooNew(options.name, decoded.version);
    if (decoded.kind === 'ok')
      return { from: 'main', data: decoded.data, migratedFrom: decoded.migratedFrom };
  }
  const mainDamaged = main.kind !== 'missing';
  const bak = await readEnvelope(`${file}.bak`);
  if (!mainDamaged && bak.kind === 'missing') {
    return { from: 'defaults', data: options.defaults(), migratedFrom: null };
  }
  const decoded = bak.kind === 'read' ? decode(bak.envelope, options) : null;
  if (decoded?.kind === 'too-new') throw tooNew(options.name, decoded.version);
  if (decoded?.kind !== 'ok') {
    throw new StudioError(
      'STORE_CORRUPT',
      `Tệp dữ liệu "${options.name}" ${mainDamaged ? 'bị hỏng' : 'bị mất'} và bản sao lưu cũng không dùng ` +
        'được. Studio không tự thay chúng bằng dữ liệu trống: hãy khôi phục thư mục dữ liệu từ bản sao ' +
        'lưu của đài, hoặc nhờ kỹ thuật viên xem hai tệp này.',
      { file },
    );
  }
  return { from: 'backup', data: decoded.data, migratedFrom: decoded.migratedFrom, mainDamaged };
}

type ReadEnvelope = { kind: 'read'; envelope: Envelope } | { kind: 'missing' } | { kind: 'unreadable' };

async function readEnvelope(file: string): Promise<ReadEnvelope> {
  try {
    const envelope = await new JSONFile<Envelope>(file).read();
    return envelope === null ? { kind: 'missing' } : { kind: 'read', envelope };
  } catch {
    return { kind: 'unreadable' };
  }
}

type Decoded<T> =
  | { kind: 'ok'; data: T; migratedFrom: number | null }
  | { kind: 'invalid' }
  | { kind: 'too-new'; version: number };

function decode<T>(envelope: Envelope, options: CollectionOptions<T>): Decoded<T> {
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.schemaVersion !== 'number') {
    return { kind: 'invalid' };
  }
  const from = envelope.schemaVersion;
  if (from > options.version) return { kind: 'too-new', version: from };
  let data = envelope.data;
  for (let v = from; v < options.version; v++) {
    const migrate = options.migrations?.[v];
    if (!migrate) return { kind: 'invalid' };
    data = migrate(data);
  }
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) return { kind: 'invalid' };
  return { kind: 'ok', data: parsed.data, migratedFrom: from === options.version ? null : from };
}

function labelOf<T>(options: CollectionOptions<T>, data: T): string {
  const { label } = options;
  if (typeof label === 'function') return label(data);
  return label ?? `tệp dữ liệu "${options.name}"`;
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tooNew(name: string, version: number): StudioError {
  return new StudioError(
    'STORE_TOO_NEW',
    `Tệp dữ liệu "${name}" được ghi bởi phiên bản studio mới hơn (lược đồ ${version}). ` +
      'Hãy cập nhật studio; dữ liệu không bị thay đổi.',
  );
}
