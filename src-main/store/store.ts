import path from 'node:path';
import { Collection, type CollectionOptions, type Restoration } from './collection';
import type { Logger } from '../platform/logger';
import { RecoveryLog } from './recovery-log';

/**
 * The data folder's documents. Each service asks for its own collections by name; each
 * collection is its own file, so a write never rewrites another service's data.
 */
export class Store {
  private readonly opened = new Map<string, Promise<Collection<unknown>>>();
  /** What was repaired in this data folder (restored files, interrupted imports). */
  readonly recoveries: RecoveryLog;

  /** `log`: where each repair is also written as it happens (the studio's log; stderr by default). */
  constructor(
    readonly dataDir: string,
    log?: Logger,
  ) {
    this.recoveries = new RecoveryLog(
      path.join(dataDir, 'logs', 'recoveries.jsonl'),
      log ? (line) => log.warn(line) : undefined,
    );
  }

  get dbDir(): string {
    return path.join(this.dataDir, 'db');
  }

  collection<T>(options: CollectionOptions<T>): Promise<Collection<T>> {
    let pending = this.opened.get(options.name);
    if (!pending) {
      pending = Collection.open(this.dbDir, options, (r) => this.reportRestored(r)) as Promise<
        Collection<unknown>
      >;
      this.opened.set(options.name, pending);
    }
    return pending as Promise<Collection<T>>;
  }

  /** A collection's data without writing anything: for readers beside the studio that owns the folder. */
  peek<T>(options: CollectionOptions<T>): Promise<T> {
    return Collection.peek(this.dbDir, options);
  }

  private async reportRestored(r: Restoration): Promise<void> {
    const file = path.posix.join('db', r.file);
    const what =
      r.reason === 'missing'
        ? `tệp ${file} bị mất`
        : `tệp ${file} bị hỏng; bản hỏng được giữ lại ở db/${r.keptAs ?? ''}`;
    await this.recoveries.add(
      r.reason === 'missing' ? 'store-missing' : 'store-damaged',
      `Đã khôi phục ${r.label} từ bản sao lưu (${what}). Đó là trạng thái lưu cuối cùng; ` +
        'hãy xem lại những thay đổi gần nhất.',
      file,
    );
  }
}
