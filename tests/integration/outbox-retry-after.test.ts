/**
 * Retry-After (issue 14): when the province answers 503 or 429 with `Retry-After` (seconds or an
 * HTTP date), the PublishError carries it and the outbox's next attempt waits at least that long,
 * however short its own backoff, the ask capped at an hour. Against real HTTP servers on 127.0.0.1:
 * the sandbox's 5xx fault (503, Retry-After: 1) and a server that asks for a day.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishError } from '../../src-main/publish/adapter';
import { MAX_RETRY_AFTER_MS } from '../../src-main/publish/outbox';
import { ReferenceAdapter, retryAfterMs } from '../../src-main/publish/reference-adapter';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme, masterOf } from '../support/approved-programme';
import { sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A server that answers every request `status` with `Retry-After: retryAfter` and an error body. */
async function busy(status: number, retryAfter: string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Retry-After': retryAfter });
      res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Bảo trì' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const FAST = { baseDelayMs: 20, maxDelayMs: 200 };

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, a past date as 0, anything else as nothing', () => {
    const now = Date.parse('2026-12-07T03:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 07 Dec 2026 03:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 02:00:00 GMT', now)).toBe(0);
    for (const header of [null, '', '-5', '1.5', 'soon', '2026-12-07'])
      expect(retryAfterMs(header, now)).toBeNull();
  });

  it.each([
    [503, '7', 7_000],
    [429, '3', 3_000],
  ])(
    'a %i with Retry-After %s on publish and on the upload is a PublishError that carries it',
    async (status, header, ms) => {
      const base = await busy(status, header);
      const adapter = new ReferenceAdapter({ endpoint: base, token: 'secret-token' });
      const published = await adapter.publish('key-1', '{}', 'f'.repeat(64)).catch((e: unknown) => e);
      expect(published).toBeInstanceOf(PublishError);
      expect(published).toMatchObject({ kind: 'retry', retryAfterMs: ms });
      const uploaded = await adapter
        .upload(
          { file: __filename, bytes: 10, sha256: 'a'.repeat(64), filename: 'a.wav' },
          null,
          () => undefined,
        )
        .catch((e: unknown) => e);
      expect(uploaded).toBeInstanceOf(PublishError);
      expect(uploaded).toMatchObject({ kind: 'retry', retryAfterMs: ms });
      expect((uploaded as PublishError).technical).toContain(`Retry-After ${header}`);
    },
  );

  it('an HTTP date is waited for until then', async () => {
    const at = new Date(Date.now() + 30_000);
    const adapter = new ReferenceAdapter({ endpoint: await busy(503, at.toUTCString()), token: 't' });
    const err = (await adapter
      .publish('key-1', '{}', 'f'.repeat(64))
      .catch((e: unknown) => e)) as PublishError;
    // toUTCString drops the milliseconds: up to a second early.
    expect(err.retryAfterMs).toBeGreaterThan(28_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('the outbox waits at least what the province asked, over its own shorter backoff', async () => {
    const dir = await tempDir();
    const box: RunningSandbox = await sandbox(path.join(dir, 'sandbox'), '5xx:1');
    closers.push(() => box.close());
    const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
    await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: TOKEN });
    const p = await approvedProgramme(t, dir, 'Bản tin sáng');
    expect(masterOf(p)).toBeTruthy();
    await t.call('publish.queue', { programmeId: p.id });
    const before = Date.now();
    const run = await t.call('outbox.run', {});
    expect(run).toMatchObject({ sent: 0, failed: 0, pending: 1 });
    const [item] = await t.call('outbox.list', {});
    expect(item).toMatchObject({ state: 'queued', attempts: 1 });
    expect(item?.lastError).toContain('tạm thời không phục vụ');
    // The backoff alone would be at most 200 ms; the sandbox's 503 said Retry-After: 1.
    expect(Date.parse(item?.nextAttemptAt ?? '') - before).toBeGreaterThanOrEqual(1000);
  }, 120_000);

  it('a Retry-After of a day is capped at an hour', async () => {
    const dir = await tempDir();
    const base = await busy(503, String(24 * 3600));
    const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
    await t.call('publish.configure', { endpoint: base, stationCode: 'TTVH-CB', token: TOKEN });
    const p = await approvedProgramme(t, dir, 'Bản tin trưa');
    await t.call('publish.queue', { programmeId: p.id });
    const before = Date.now();
    await t.call('outbox.run', {});
    const after = Date.now();
    const [item] = await t.call('outbox.list', {});
    const wait = Date.parse(item?.nextAttemptAt ?? '');
    expect(wait - before).toBeGreaterThanOrEqual(MAX_RETRY_AFTER_MS - 1000);
    expect(wait - after).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
  }, 120_000);
});
