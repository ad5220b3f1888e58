import path from 'node:path';
import { Collection, type CollectionOptions } from './collection';

/**
 * The data folder's documents. Each service asks for its own collections by name; each
 * collection is its own file, so a write never rewrites another service's data.
 */
export class Store {
  private readonly opened = new Map<string, Promise<Collection<unknown>>>();

  constructor(readonly dataDir: string) {}

  get dbDir(): string {
    return path.join(this.dataDir, 'db');
  }

  collection<T>(options: CollectionOptions<T>): Promise<Collection<T>> {
    let pending = this.opened.get(options.name);
    if (!pending) {
      pending = Collection.open(this.dbDir, options) as Promise<Collection<unknown>>;
      this.opened.set(options.name, pending);
    }
    return pending as Promise<Collection<T>>;
  }
}
