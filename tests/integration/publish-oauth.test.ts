/**
 * OAuth2 client credentials on the studio's side (issue 14), against the real provincial sandbox:
 * the access token fetched once and kept in memory, renewed with the refresh token before it
 * expires and once when the province answers 401 (the request then sent again), a refusal of the
 * client's credentials said in Vietnamese, and the outbox getting through the sandbox's
 * `expired-token` fault inside each attempt, where a fixed bearer token can only try again later.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessTokenError, ClientCredentials } from '../../src-main/publish/access-token';
import { ReferenceAdapter } from '../../src-main/publish/reference-adapter';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme } from '../support/approved-programme';
import { held, sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const sandboxes: RunningSandbox[] = [];

/** What the sandboxes logged (faults included). */
const logged: string[] = [];

async function startSandbox(dir: string, faults = '', ttlSec?: number): Promise<RunningSandbox> {
  const s = await sandbox(path.join(dir, 'sandbox'), faults, {
    log: (line) => logged.push(line),
    ...(ttlSec ? { accessTokenTtlSec: ttlSec } : {}),
  });
  sandboxes.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  logged.length = 0;
});

/** The access tokens the sandbox has issued and still holds (a spent refresh token's is dropped). */
async function issued(dir: string): Promise<string[]> {
  const state = JSON.parse(await readFile(path.join(dir, 'sandbox', 'sandbox-state.json'), 'utf8')) as {
    tokens: Array<{ accessToken: string }>;
  };
  return state.tokens.map((t) => t.accessToken);
}

const clock = () => {
  let at = Date.now();
  return { now: () => at, advance: (ms: number) => (at += ms) };
};

describe('OAuth2 client credentials', () => {
  it('fetches a token once, keeps it, and renews it with the refresh token before it expires', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir, '', 600);
    const time = clock();
    const tokens = new ClientCredentials({
      tokenUrl: `${box.url}/api/v1/oauth/token`,
      clientId: 'studio-tt-01',
      clientSecret: TOKEN,
      now: time.now,
    });
    const [first, again] = await Promise.all([tokens.current(), tokens.current()]);
    expect(again).toBe(first);
    expect(await tokens.current()).toBe(first);
    expect(await issued(dir)).toEqual([first]);

    // Nine and a half minutes of a ten-minute token: renewed now (the last minute is not used).
    time.advance(570_000);
    const renewed = await tokens.current();
    expect(renewed).not.toBe(first);
    // By the refresh token, which the sandbox rotates: the first token's record is spent.
    expect(await issued(dir)).toEqual([renewed]);
  });

  it('says in Vietnamese that the client credentials were refused, for good', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const tokens = new ClientCredentials({
      tokenUrl: `${box.url}/api/v1/oauth/token`,
      clientId: 'studio-tt-01',
      clientSecret: 'khoá-sai',
    });
    const err = await tokens.current().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AccessTokenError);
    expect(err).toMatchObject({ kind: 'refused', seen: 'credentials' });
    expect((err as Error).message).toContain('từ chối mã ứng dụng (client ID) hoặc khoá bí mật');
    expect((err as AccessTokenError).technical).toContain('invalid_client');
    expect((err as AccessTokenError).technical).not.toContain('khoá-sai');

    // The adapter says the same, and sends nothing.
    const adapter = new ReferenceAdapter({ endpoint: box.url, token: tokens });
    await expect(adapter.bulletin('bt_0')).rejects.toMatchObject({ kind: 'refused', seen: 'credentials' });
  });

  it('renews a token the province says expired and sends the request once more', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir, '', 1);
    // A clock that stands still: the studio believes its one-second token fresh; the province does not.
    const tokens = new ClientCredentials({
      tokenUrl: `${box.url}/api/v1/oauth/token`,
      clientId: 'studio-tt-01',
      clientSecret: TOKEN,
      now: () => 0,
    });
    const adapter = new ReferenceAdapter({ endpoint: box.url, token: tokens });
    const first = await tokens.current();
    await new Promise((r) => setTimeout(r, 1_200));
    const bulletin = await adapter.bulletin('bt_0').catch((err: unknown) => err);
    // The province's own "no such bulletin", asked with the renewed token (not a 401).
    expect(bulletin).toMatchObject({
      kind: 'retry',
      technical: expect.stringContaining('HTTP 404') as unknown,
    });
    const now = await issued(dir);
    expect(now).toHaveLength(2);
    expect(now).toContain(first);
    expect(await tokens.current()).toBe(now.find((t) => t !== first));
  });
});

describe('the outbox with OAuth2 client credentials', () => {
  it('gets through expired-token faults inside each attempt and delivers once', async () => {
    const dir = await tempDir();
    // Seeded so that no request and its repeat are both refused (the faults' draws 1, 4, 9, 18…, one
    // per request): each 401 is the kind a renewed token gets past.
    const faults = 'expired-token:0.3,seed=383';
    const box = await startSandbox(dir, faults);
    const t = await studios.open(path.join(dir, 'data'), {
      outboxRetry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    await t.call('publish.configure', {
      endpoint: box.url,
      stationCode: 'TTVH-CB',
      authKind: 'oauth2',
      clientId: 'studio-tt-01',
      clientSecret: TOKEN,
    });
    const p = await approvedProgramme(t, dir, 'Bản tin phòng chống bão', { seconds: 2 });
    const item = await t.call('publish.queue', { programmeId: p.id });
    const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    expect(run).toMatchObject({ sent: 1, failed: 0, pending: 0 });
    const [sent] = await t.call('outbox.list', {});
    expect(sent).toMatchObject({ id: item.id, state: 'sent', attempts: 1, lastError: null });
    expect(logged.filter((l) => l.startsWith('fault expired-token')).length).toBeGreaterThan(0);
    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    expect(bulletins[0]).toMatchObject({ sha256: p.approval.masterSha256, status: 'received' });

    // The same faults with a fixed bearer token: each 401 costs an attempt (and its backoff).
    const dir2 = await tempDir();
    const box2 = await startSandbox(dir2, faults);
    const t2 = await studios.open(path.join(dir2, 'data'), {
      outboxRetry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    await t2.call('publish.configure', { endpoint: box2.url, stationCode: 'TTVH-CB', token: TOKEN });
    const p2 = await approvedProgramme(t2, dir2, 'Bản tin phòng chống bão', { seconds: 2 });
    await t2.call('publish.queue', { programmeId: p2.id });
    expect(await t2.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 })).toMatchObject({ sent: 1 });
    const [bearer] = await t2.call('outbox.list', {});
    expect(bearer?.attempts).toBeGreaterThan(1);
    expect(await held(box2.url)).toHaveLength(1);
  }, 120_000);
});
