/**
 * Status callbacks (issue 14), both ends over real HTTP on 127.0.0.1: the sandbox POSTs a notice to
 * a bulletin's `callbackUrl` on each status change (best effort, retried, never holding its API),
 * and the studio's receiver takes a notice only as a nudge: it reads the bulletin again through the
 * adapter, so the studio follows the province at once, and a forged notice changes nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src-main/contract';
import { CALLBACK_PATH } from '../../src-main/publish/status-callbacks';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme } from '../support/approved-programme';
import {
  audioBytes,
  auth,
  held,
  publish,
  sandbox,
  sha256,
  submission,
  TOKEN,
  tusUpload,
} from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

interface Heard {
  body: unknown;
  at: number;
}

/** A station's listener: answers each notice as `reply` says (after `holdMs`), keeping what it heard. */
async function listener(
  reply: (n: number) => { status: number; holdMs?: number },
): Promise<{ url: string; heard: Heard[] }> {
  const heard: Heard[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      heard.push({ body: JSON.parse(text) as unknown, at: Date.now() });
      const { status, holdMs = 0 } = reply(heard.length);
      setTimeout(() => res.writeHead(status).end(), holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, heard };
}

async function startSandbox(dir: string): Promise<RunningSandbox> {
  const box = await sandbox(path.join(dir, 'sandbox'), '', {
    notices: { retryDelaysMs: [100, 100], timeoutMs: 1000 },
  });
  closers.push(() => box.close());
  return box;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== null && got !== undefined) return got;
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the sandbox’s status notices', () => {
  it('POSTs a notice on each status change, retries a 5xx, and never holds its API for it', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    // The first notice is held 2 s, longer than a try may take (1 s here): the sandbox tries again.
    const hook = await listener((n) => (n === 1 ? { status: 503, holdMs: 2000 } : { status: 204 }));
    const audio = audioBytes(50_000);
    const uploadId = await tusUpload(box.url, audio);
    const res = await publish(box.url, 'key-notice-1', {
      ...submission(uploadId, sha256(audio)),
      callbackUrl: hook.url,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const started = Date.now();
    const accepted = await fetch(`${box.url}/sandbox/bulletins/${id}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    // The operator's move is answered while the station's listener still holds the notice.
    expect(Date.now() - started).toBeLessThan(1500);

    await until('two tries of the notice', async () => (hook.heard.length >= 2 ? true : null));
    expect(hook.heard.map((h) => h.body)).toMatchObject([
      { bulletinId: id, status: 'accepted' },
      { bulletinId: id, status: 'accepted' },
    ]);
    // A 204 is delivered: no third try, and the next change is one notice.
    await fetch(`${box.url}/sandbox/bulletins/${id}/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'Thiếu phụ đề tiếng Tày' }),
    });
    await until('the rejection notice', async () => (hook.heard.length >= 3 ? true : null));
    await new Promise((r) => setTimeout(r, 400));
    expect(hook.heard.map((h) => (h.body as { status: string }).status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
    ]);
    // The bulletin keeps its callback URL in its metadata, as submitted.
    const bulletin = (await (
      await fetch(`${box.url}/api/v1/bulletins/${id}`, { headers: auth() })
    ).json()) as {
      metadata: { callbackUrl?: string };
    };
    expect(bulletin.metadata.callbackUrl).toBe(hook.url);
  }, 60_000);

  it('refuses a callback URL that is not http(s)', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const audio = audioBytes(1000);
    const uploadId = await tusUpload(box.url, audio);
    const res = await publish(box.url, 'key-notice-2', {
      ...submission(uploadId, sha256(audio)),
      callbackUrl: 'file:///etc/passwd',
    });
    expect(res.status).toBe(400);
  }, 60_000);
});

describe('the studio’s status callback receiver', () => {
  async function studioWithReceiver(): Promise<{ t: TestStudio; box: RunningSandbox; url: string }> {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await studios.open(path.join(dir, 'data'), {
      env: { ...process.env, STUDIO_PUBLISH_CALLBACK_LISTEN: '127.0.0.1:0' },
    });
    await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: TOKEN });
    const receiver = t.studio.services.statusCallbacks;
    expect(receiver).not.toBeNull();
    await receiver?.start();
    const p = await approvedProgramme(t, dir, 'Bản tin phòng chống bão');
    await t.call('publish.queue', { programmeId: p.id });
    expect(await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 })).toMatchObject({ sent: 1 });
    return { t, box, url: receiver?.url as string };
  }

  const item = async (t: TestStudio): Promise<OutboxItem> =>
    (await t.call('outbox.list', {}))[0] as OutboxItem;

  it('follows the province at once when it calls back, without a sync', async () => {
    const { t, box, url } = await studioWithReceiver();
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${CALLBACK_PATH}$`));
    const [b] = await held(box.url);
    // The submission named the receiver.
    const stored = (await (
      await fetch(`${box.url}/api/v1/bulletins/${b?.id}`, { headers: auth() })
    ).json()) as { metadata: { callbackUrl?: string } };
    expect(stored.metadata.callbackUrl).toBe(url);

    await fetch(`${box.url}/sandbox/bulletins/${b?.id}/accept`, { method: 'POST' });
    const accepted = await until('accepted in the studio', async () => {
      const i = await item(t);
      return i.bulletinStatus === 'accepted' ? i : null;
    });
    expect(accepted.bulletinId).toBe(b?.id);
    await fetch(`${box.url}/sandbox/bulletins/${b?.id}/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'Trùng nội dung' }),
    });
    const rejected = await until('rejected in the studio', async () => {
      const i = await item(t);
      return i.bulletinStatus === 'rejected' ? i : null;
    });
    expect(rejected.bulletinReason).toBe('Trùng nội dung');
  }, 120_000);

  it('moves the programme to "đã phát" when the province calls back with an airing, without a sync', async () => {
    const { t, box } = await studioWithReceiver();
    const [b] = await held(box.url);
    const { programmeId } = await item(t);
    expect((await t.call('programme.get', { id: programmeId })).approval.state).toBe('sent');
    await fetch(`${box.url}/sandbox/bulletins/${b?.id}/accept`, { method: 'POST' });
    await fetch(`${box.url}/sandbox/bulletins/${b?.id}/aired`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ units: ['01237'] }),
    });
    const aired = await until('aired in the studio', async () => {
      const p = await t.call('programme.get', { id: programmeId });
      return p.approval.state === 'aired' ? p : null;
    });
    expect(aired.approval.history.at(-1)).toMatchObject({
      state: 'aired',
      byName: 'Hệ thống tỉnh',
      comment: 'Tỉnh báo đã phát (xã 01237)',
    });
  }, 120_000);

  it('believes nothing a notice says: a forged one changes nothing; unknown or malformed ones are 4xx', async () => {
    const { t, box, url } = await studioWithReceiver();
    const before = await item(t);
    const id = before.bulletinId as string;
    const post = (body: string, type = 'application/json') =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });

    // Forged: says withdrawn; the studio reads the province again, which says received.
    const forged = await post(
      JSON.stringify({ bulletinId: id, status: 'withdrawn', at: new Date().toISOString() }),
    );
    expect(forged.status).toBe(202);
    const reread = await until('the status read again', async () => {
      const i = await item(t);
      return i.statusCheckedAt !== before.statusCheckedAt ? i : null;
    });
    expect(reread).toMatchObject({ bulletinStatus: 'received', bulletinReason: null });
    expect((await held(box.url))[0]?.status).toBe('received');

    const unknown = await post(JSON.stringify({ bulletinId: 'bt_nobody', status: 'accepted', at: 'x' }));
    expect(unknown.status).toBe(404);
    expect((await post('{"bulletinId": ')).status).toBe(400);
    expect((await post(JSON.stringify({ bulletinId: '../x', status: 'accepted', at: 'x' }))).status).toBe(
      400,
    );
    expect((await post(JSON.stringify({ bulletinId: id, status: 'gone', at: 'x' }))).status).toBe(400);
    expect((await post('bulletinId=1', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace(CALLBACK_PATH, '/other'), { method: 'POST' })).status).toBe(404);
    expect((await item(t)).bulletinStatus).toBe('received');
  }, 120_000);

  it('is off unless configured', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    expect(t.studio.services.statusCallbacks).toBeNull();
  });
});
