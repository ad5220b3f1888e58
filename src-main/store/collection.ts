import { copyFile, mkdir, rename } from 'node:fs/promises';
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
}

export type OpenOutcome = 'created' | 'loaded' | 'migrated' | 'restored-from-backup';

/**
 * One lowdb JSON file with a schema version, atomic writes (lowdb writes a temporary file and
 * renames it) and a `.bak` copy of the last state that was read or written successfully.
 * Writes are queued, so concurrent updates never interleave.
 */
export class Collection<T> {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly main: Low<Envelope>,
    private readonly backup: JSONFile<Envelope>,
    private readonly options: CollectionOptions<T>,
    private current: T,
    readonly outcome: OpenOutcome,
  ) {}

  static async open<T>(dir: string, options: CollectionOptions<T>): Promise<Collection<T>> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${options.name}.json`);
    const bakFile = `${file}.bak`;
    const main = new Low<Envelope>(new JSONFile<Envelope>(file), {
      schemaVersion: options.version,
      data: null,
    });
    const backup = new JSONFile<Envelope>(bakFile);

    let envelope: Envelope | null = null;
    let outcome: OpenOutcome;
    let mainError: unknown = null;
    try {
      envelope = await new JSONFile<Envelope>(file).read();
    } catch (err) {
      mainError = err;
    }

    let data: T;
    if (envelope === null && mainError === null) {
      data = options.defaults();
      outcome = 'created';
    } else {
      const fromMain = mainError === null ? tryDecode(envelope, options) : null;
      if (fromMain?.kind === 'ok') {
        data = fromMain.data;
        outcome = fromMain.migratedFrom === null ? 'loaded' : 'migrated';
        if (fromMain.migratedFrom !== null) {
          await copyFile(file, path.join(dir, `${options.name}.v${fromMain.migratedFrom}.json`));
        }
      } else if (fromMain?.kind === 'too-new') {
        throw tooNew(options.name, fromMain.version);
      } else {
        // The main file is unreadable or invalid: fall back to the last good copy and keep the broken one.
        const fromBak = tryDecode(await backup.read().catch(() => null), options);
        if (fromBak?.kind !== 'ok') {
          throw new StudioError(
            'STORE_CORRUPT',
            `Tệp dữ liệu "${options.name}" bị hỏng và bản sao lưu cũng không dùng được. ` +
              `Hãy khôi phục thư mục dữ liệu từ bản sao lưu của đài.`,
            { file },
          );
        }
        await rename(file, path.join(dir, `${options.name}.corrupt-${Date.now()}.json`));
        data = fromBak.data;
        outcome = 'restored-from-backup';
      }
    }

    const collection = new Collection(main, backup, options, data, outcome);
    if (outcome !== 'loaded') await collection.persist(data);
    else await backup.write({ schemaVersion: options.version, data });
    return collection;
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
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async persist(data: T): Promise<void> {
    const envelope = { schemaVersion: this.options.version, data };
    this.main.data = envelope;
    await this.main.write();
    await this.backup.write(envelope);
  }
}

type Decoded<T> =
  | { kind: 'ok'; data: T; migratedFrom: number | null }
  | { kind: 'invalid' }
  | { kind: 'too-new'; version: number };

function tryDecode<T>(envelope: Envelope | null, options: CollectionOptions<T>): Decoded<T> | null {
  if (envelope === null) return null;
  if (typeof envelope !== 'object' || typeof envelope.schemaVersion !== 'number') return { kind: 'invalid' };
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

function tooNew(name: string, version: number): StudioError {
  return new StudioError(
    'STORE_TOO_NEW',
    `Tệp dữ liệu "${name}" được ghi bởi phiên bản studio mới hơn (lược đồ ${version}). ` +
      'Hãy cập nhật studio; dữ liệu không bị thay đổi.',
  );
}
