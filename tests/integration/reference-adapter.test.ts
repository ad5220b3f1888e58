/**
 * The reference adapter takes nothing but the protocol's success as success: against a real HTTP
 * server that answers a publish with a body that is not JSON, JSON of the wrong schema, a 200 with
 * an error body, or a redirect to another host, each is a PublishError with a Vietnamese sentence
 * (retried, or for the redirect refused for good), and the token never goes to the other host.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishError, type BulletinSubmission } from '../../src-main/publish/adapter';
import { ReferenceAdapter } from '../../src-main/publish/reference-adapter';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

async function serve(answer: (res: http.ServerResponse) => void, seen: Seen[] = []): Promise<string> {
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => answer(res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const SHA = 'a'.repeat(64);
const submission: BulletinSubmission = {
  title: 'Bản tin',
  summary: '',
  subjectArea: 'Chung',
  priority: 'normal',
  languages: [{ code: 'vie', seconds: 10 }],
  targetUnits: ['01234'],
  broadcastWindows: [],
  durationSeconds: 10,
  loudness: { integratedLufs: -23, truePeakDbtp: -1.5 },
  station: { code: 'TT' },
  authors: [],
  approval: { approver: 'Trần Văn Nam', approvedAt: '2026-12-07T01:00:00.000Z' },
  audio: { uploadId: 'u1', sha256: SHA },
};

const json = (status: number, body: string) => (res: http.ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
};

async function publishError(base: string): Promise<PublishError> {
  const adapter = new ReferenceAdapter({ endpoint: base, token: 'secret-token' });
  const err = await adapter.publish('key-1', adapter.bulletinBody(submission), SHA).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PublishError);
  return err as PublishError;
}

describe('the reference adapter refuses answers that are not the protocol’s success', () => {
  it('a 201 whose body is not JSON', async () => {
    const err = await publishError(await serve(json(201, '{"id": "bt_1", ')));
    expect(err.kind).toBe('retry');
    expect(err.message).toContain('không đúng giao thức');
    expect(err.technical).toContain('không phải JSON');
  });

  it('a 201 with JSON of the wrong schema', async () => {
    const err = await publishError(await serve(json(201, JSON.stringify({ id: 'bt_1', status: 'ok' }))));
    expect(err.kind).toBe('retry');
    expect(err.message).toContain('không đúng giao thức');
    expect(err.technical).toContain('idempotencyKey');
  });

  it('a 201 whose bulletin is another one (another key or hash)', async () => {
    const other = {
      id: 'bt_1',
      idempotencyKey: 'key-2',
      status: 'received',
      reason: null,
      scheduledAt: null,
      airings: [],
      audio: { uploadId: 'u1', sha256: SHA, bytes: 10 },
    };
    const err = await publishError(await serve(json(201, JSON.stringify(other))));
    expect(err.kind).toBe('retry');
    expect(err.technical).toContain('không phải bản tin vừa gửi');
  });

  it('a 200 whose body is an error', async () => {
    const body = JSON.stringify({ error: { code: 'INTERNAL', message: 'Lỗi hệ thống' } });
    for (const status of [200, 201]) {
      const err = await publishError(await serve(json(status, body)));
      expect(err.kind).toBe('retry');
      expect(err.message).toContain('kèm báo lỗi (Lỗi hệ thống)');
    }
  });

  it('a redirect to another host, not followed: the token stays home', async () => {
    const elsewhere: Seen[] = [];
    const other = await serve(json(201, '{}'), elsewhere);
    const base = await serve((res) => {
      res.writeHead(307, { Location: `${other}/api/v1/bulletins` });
      res.end();
    });
    const err = await publishError(base);
    expect(err.kind).toBe('refused');
    expect(err.message).toContain('chuyển hướng sang địa chỉ khác');
    expect(err.message).toContain(new URL(other).host);
    expect(elsewhere).toEqual([]);
  });

  it('an upload placed on another host: no audio and no token sent there', async () => {
    const elsewhere: Seen[] = [];
    const other = await serve(json(204, ''), elsewhere);
    const base = await serve((res) => {
      res.writeHead(201, { 'Tus-Resumable': '1.0.0', Location: `${other}/api/v1/uploads/u1` });
      res.end();
    });
    const adapter = new ReferenceAdapter({ endpoint: base, token: 'secret-token' });
    const err = await adapter
      .upload({ file: __filename, bytes: 10, sha256: SHA, filename: 'a.wav' }, null, () => undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err).toMatchObject({ kind: 'refused' });
    expect((err as PublishError).message).toContain('máy chủ khác');
    expect(elsewhere).toEqual([]);
  });

  it('takes the protocol’s 201 Bulletin as the bulletin', async () => {
    const seen: Seen[] = [];
    const bulletin = {
      id: 'bt_1',
      idempotencyKey: 'key-1',
      status: 'received',
      reason: null,
      scheduledAt: null,
      airings: [],
      audio: { uploadId: 'u1', sha256: SHA, bytes: 10 },
    };
    const base = await serve(json(201, JSON.stringify(bulletin)), seen);
    const adapter = new ReferenceAdapter({ endpoint: base, token: 'secret-token' });
    expect(await adapter.publish('key-1', adapter.bulletinBody(submission), SHA)).toEqual({
      id: 'bt_1',
      status: 'received',
      reason: null,
      sha256: SHA,
      scheduledAt: null,
      airings: [],
    });
    expect(seen).toEqual([
      { method: 'POST', url: '/api/v1/bulletins', authorization: 'Bearer secret-token' },
    ]);
  });
});
