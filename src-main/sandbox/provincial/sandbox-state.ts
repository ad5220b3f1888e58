/**
 * What the sandbox holds between runs: bulletins, the idempotency records of publish requests, and
 * the OAuth2 tokens it issued. One JSON file in the data folder, replaced whole (written beside it,
 * fsynced, renamed) after every change, so a kill leaves the old file or the new one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Bulletin } from './bulletin';

/** The first answer to a publish request, replayed for the same key and body. */
export interface IdempotencyRecord {
  key: string;
  /** SHA-256 of the request body in canonical JSON (keys sorted). */
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

interface StateFile {
  version: 1;
  bulletins: Bulletin[];
  idempotency: IdempotencyRecord[];
  tokens: IssuedToken[];
}

export class SandboxState {
  readonly bulletins = new Map<string, Bulletin>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  tokens: IssuedToken[] = [];
  private readonly file: string;

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'sandbox-state.json');
    let text: string | null = null;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== null) {
      const parsed = JSON.parse(text) as StateFile;
      for (const b of parsed.bulletins) this.bulletins.set(b.id, b);
      for (const r of parsed.idempotency) this.idempotency.set(r.key, r);
      this.tokens = parsed.tokens ?? [];
    }
  }

  save(): void {
    const data: StateFile = {
      version: 1,
      bulletins: [...this.bulletins.values()],
      idempotency: [...this.idempotency.values()],
      tokens: this.tokens.filter((t) => t.expiresAt > Date.now() - 24 * 3600_000),
    };
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(data, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
