import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src-main/hosts/web/web-host';
import { openTestStudio, type TestStudio } from './test-studio';
import { hostRequest, sessionCookie, type HostReply } from './host-request';
import { signedIn, signInAsPageAdmin } from './host-socket';
import { useTempDirs } from './temp-dir';

/**
 * A test studio behind the web host, in a temporary folder: its data in `data/`, a stub page in
 * `renderer/`. Signed in as PAGE_ADMIN (set up on the first open): the test studio's own connection
 * (`t.call`), and one window of the page, whose signed-in socket lets the page's cookie fetch media.
 */
export class HostedStudio {
  #t: TestStudio | null = null;
  #host: WebHost | null = null;
  #page: WebSocket | null = null;

  constructor(readonly dir: string) {}

  get t(): TestStudio {
    if (!this.#t) throw new Error('the hosted studio is closed');
    return this.#t;
  }

  get host(): WebHost {
    if (!this.#host) throw new Error('the hosted studio is closed');
    return this.#host;
  }

  /** What the page asks the host for, with its session cookie (bound: it can be destructured). */
  readonly get = (pathname: string, headers: Record<string, string> = {}): Promise<HostReply> =>
    hostRequest(this.host, pathname, { cookie: sessionCookie(this.host), ...headers });

  async open(): Promise<TestStudio> {
    const staticDir = path.join(this.dir, 'renderer');
    this.#t = await openTestStudio(path.join(this.dir, 'data'));
    this.#host = await startWebHost({ studio: this.#t.studio, staticDir });
    const connection = this.#t.connection;
    await signInAsPageAdmin((name, request) => connection.call(name, request));
    this.#page = await signedIn(this.#host.port, { cookie: sessionCookie(this.#host) });
    return this.#t;
  }

  /** Whatever is open, also half-way through an `open` that failed. */
  async close(): Promise<void> {
    this.#page?.close();
    this.#page = null;
    await this.#host?.close();
    this.#host = null;
    await this.#t?.studio.close();
    this.#t = null;
  }

  /** The app closed and started again on the same data: what survives is what was saved. */
  async restart(): Promise<TestStudio> {
    await this.close();
    return this.open();
  }
}

/**
 * Call in a test file's body: each call of the function it returns opens a hosted studio, and
 * every one is closed after each test, even one that failed half-way.
 */
export function useHostedStudio(): () => Promise<HostedStudio> {
  const tempDir = useTempDirs();
  const opened: HostedStudio[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return async () => {
    const s = new HostedStudio(await tempDir());
    // The host serves the built UI; a stub page is enough for its routes.
    await mkdir(path.join(s.dir, 'renderer'));
    await writeFile(path.join(s.dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    opened.push(s);
    await s.open();
    return s;
  };
}
