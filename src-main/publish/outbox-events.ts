/**
 * 'outbox.changed', from the one place every change of an item passes (the repository's writes):
 * an item queued, its state, its error, its province's status are announced at once; its upload's
 * progress at most every `progressEveryMs` (about 4 a second), the last one always, so a list that
 * listens ends on the item as it is. Whoever else must hear changes (the runner waking, the
 * notifications) listens here too.
 */
import type { EventSink } from '../contract';
import type { OutboxChange } from './outbox-repository';

/** What changed of an item: it was added, or these fields were set. */
export type OutboxChangeKind = OutboxChange | 'added';
export type OutboxChangeListener = (id: string, change: OutboxChangeKind) => void;

const PROGRESS_EVERY_MS = 250;

export class OutboxEvents {
  private readonly lastAt = new Map<string, number>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<OutboxChangeListener>();

  constructor(
    private readonly emit: EventSink,
    private readonly progressEveryMs = PROGRESS_EVERY_MS,
  ) {}

  /** Given to the repository: hears every write. */
  readonly changed: OutboxChangeListener = (id, change) => {
    for (const listener of this.listeners) listener(id, change);
    if (isProgress(change)) this.progress(id);
    else this.announce(id);
  };

  listen(listener: OutboxChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces what is still held back, then stops (the studio closes). */
  close(): void {
    for (const id of [...this.waiting.keys()]) this.announce(id);
    this.listeners.clear();
  }

  private progress(id: string): void {
    if (this.waiting.has(id)) return;
    const wait = (this.lastAt.get(id) ?? -Infinity) + this.progressEveryMs - Date.now();
    if (wait <= 0) {
      this.announce(id);
      return;
    }
    const timer = setTimeout(() => this.announce(id), wait);
    timer.unref();
    this.waiting.set(id, timer);
  }

  private announce(id: string): void {
    clearTimeout(this.waiting.get(id));
    this.waiting.delete(id);
    this.lastAt.set(id, Date.now());
    this.emit('outbox.changed', { itemIds: [id] });
  }
}

/** Only where the upload stands moved (the outbox writes its URL and offset after every piece). */
export function isProgress(change: OutboxChangeKind): boolean {
  return change !== 'added' && Object.keys(change).every((k) => k === 'bytesSent' || k === 'uploadUrl');
}
