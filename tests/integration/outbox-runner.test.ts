/**
 * The outbox's background runner (issue 14) against a real provincial sandbox on 127.0.0.1, through
 * the real router: a programme queued is sent with no `outbox.run` call, and the windows hear
 * 'outbox.changed' as it goes; with the sandbox stopped the link goes offline (with when it tries
 * again), and once the sandbox is back the item is sent; a studio closed in the middle of an upload
 * loses nothing and the next start resumes the same upload; the web host starts the runner and the
 * CLI's `outbox run` cannot send beside it.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  CallName,
  EventName,
  EventPayload,
  OutboxItem,
  PublishLinkState,
  RequestIn,
  ResultOf,
} from '../../src-main/contract';
import { startWebHost } from '../../src-main/hosts/web/web-host';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import type { Connection } from '../../src-main/app/connection';
import { approvedProgramme, masterOf, renderedProgramme } from '../support/approved-programme';
import { runStudioCli } from '../support/cli';
import { held, sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const sandboxes: RunningSandbox[] = [];

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const FAST = {
  outboxRetry: { baseDelayMs: 100, maxDelayMs: 400 },
  outboxRunner: { checkEveryMs: 150, syncEveryMs: 200 },
};

async function startSandbox(dir: string, faults = '', port = 0): Promise<RunningSandbox> {
  const s = await sandbox(path.join(dir, 'sandbox'), faults, { port });
  sandboxes.push(s);
  return s;
}

/** How long a poll waits for the runner (the machine may be busy). */
const SOON = { timeout: 30_000 };

async function configured(dir: string, box: RunningSandbox): Promise<TestStudio> {
  const t = await studios.open(path.join(dir, 'data'), FAST);
  await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: TOKEN });
  return t;
}

const heard = <E extends EventName>(t: TestStudio, event: E): Array<EventPayload<E>> =>
  t.events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>);

async function itemOf(t: TestStudio, id: string): Promise<OutboxItem> {
  return (await t.call('outbox.list', {})).find((i) => i.id === id) as OutboxItem;
}

async function sentSoon(t: TestStudio, id: string, timeout = 30_000): Promise<OutboxItem> {
  await expect.poll(async () => (await itemOf(t, id)).state, { timeout }).toBe('sent');
  return itemOf(t, id);
}

// Each test renders programmes and waits for real sends: more than the default minute on a busy machine.
describe('the outbox runner', { timeout: 180_000 }, () => {
  it('sends what is queued by itself, and windows hear each change of the item', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await configured(dir, box);
    const p = await approvedProgramme(t, dir, 'Bản tin chiều', { seconds: 3 });
    // Not started (as in the CLI): the link says no runner sends here, and nothing is sent.
    expect((await t.call('publish.link', {})).runnerActive).toBe(false);

    t.studio.startOutbox();
    await expect.poll(async () => (await t.call('publish.link', {})).state, SOON).toBe('online');
    const item = await t.call('publish.queue', { programmeId: p.id });
    const sent = await sentSoon(t, item.id);
    expect(sent).toMatchObject({ bytesSent: item.bytes, attempts: 1, lastError: null });

    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    expect(bulletins[0]).toMatchObject({ sha256: p.approval.masterSha256, bytes: item.bytes });
    await expect
      .poll(async () => (await t.call('programme.get', { id: p.id })).approval.state, SOON)
      .toBe('sent');

    // Queued, uploading, publishing, sent: each announced for this item, and nothing else announced.
    const changed = heard(t, 'outbox.changed');
    expect(changed.length).toBeGreaterThanOrEqual(4);
    expect(new Set(changed.flatMap((e) => e.itemIds))).toEqual(new Set([item.id]));
    const links = heard(t, 'publish.link');
    expect(links.at(-1)).toMatchObject({ state: 'online', runnerActive: true, lastError: null });
  });

  it('goes offline while the province cannot be reached, says when it tries again, and sends once it is back', async () => {
    const dir = await tempDir();
    let box = await startSandbox(dir);
    const t = await configured(dir, box);
    const p = await approvedProgramme(t, dir, 'Bản tin bão khẩn', { seconds: 2 });
    t.studio.startOutbox();
    await expect.poll(async () => (await t.call('publish.link', {})).state, SOON).toBe('online');

    const port = box.port;
    await box.close();
    sandboxes.splice(sandboxes.indexOf(box), 1);
    const item = await t.call('publish.queue', { programmeId: p.id });

    // Offline, and (once the attempt under way has ended) when the runner tries again.
    await expect
      .poll(async () => {
        const link = await t.call('publish.link', {});
        return link.state === 'offline' && link.nextAttemptAt !== null;
      }, SOON)
      .toBe(true);
    const offline = await t.call('publish.link', {});
    expect(offline.lastError).toMatch(/kết nối/);
    expect(Date.parse(offline.nextAttemptAt as string)).toBeGreaterThan(Date.parse(offline.since as string));
    expect(heard(t, 'publish.link').some((l: PublishLinkState) => l.state === 'offline')).toBe(true);
    const waiting = await itemOf(t, item.id);
    expect(waiting.state).toBe('queued');
    expect(waiting.lastError).not.toBeNull();

    // The province is back (same address, same data): the runner notices and sends.
    box = await startSandbox(dir, '', port);
    await sentSoon(t, item.id);
    expect(await held(box.url)).toHaveLength(1);
    expect((await t.call('publish.link', {})).state).toBe('online');
    expect(heard(t, 'outbox.changed').some((e) => e.itemIds.includes(item.id))).toBe(true);
  });

  it('loses nothing when the studio closes in the middle of an upload: the next start resumes it', async () => {
    const dir = await tempDir();
    // Each request waits a little, so that the upload (several pieces) is caught half-way.
    const box = await startSandbox(dir, 'slow:400ms');
    let t = await configured(dir, box);
    const p = await approvedProgramme(t, dir, 'Bản tin dài', { seconds: 70 });
    t.studio.startOutbox();
    const item = await t.call('publish.queue', { programmeId: p.id });
    expect(item.bytes).toBeGreaterThan(8 * 1024 * 1024);
    await expect
      .poll(async () => (await itemOf(t, item.id)).bytesSent, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await studios.closeAll();

    t = await studios.open(path.join(dir, 'data'), FAST);
    // Back in the queue, due at once, with what the province holds of it (its upload is kept).
    const stopped = await itemOf(t, item.id);
    expect(stopped).toMatchObject({ state: 'queued', nextAttemptAt: null, lastError: null });
    expect(stopped.bytesSent).toBeGreaterThan(0);
    expect(stopped.bytesSent).toBeLessThan(item.bytes);
    expect(await held(box.url)).toHaveLength(0);

    t.studio.startOutbox();
    await sentSoon(t, item.id, 60_000);
    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    expect(bulletins[0]).toMatchObject({ sha256: p.approval.masterSha256, bytes: item.bytes });
    // The same upload went on from the server's offset: the sandbox holds one upload, not two.
    const uploads = (await readdir(path.join(dir, 'sandbox', 'uploads'))).filter((f) => !f.endsWith('.json'));
    expect(uploads).toHaveLength(1);
  });

  it('idles while nothing is configured, and starts once the province is set', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await studios.open(path.join(dir, 'data'), FAST);
    const p = await approvedProgramme(t, dir, 'Bản tin sáng', { seconds: 2 });
    t.studio.startOutbox();
    const item = await t.call('publish.queue', { programmeId: p.id });
    await expect.poll(async () => (await t.call('publish.link', {})).state, SOON).toBe('notConfigured');
    const idle = await itemOf(t, item.id);
    expect(idle).toMatchObject({ state: 'queued', attempts: 0 });

    await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: TOKEN });
    await sentSoon(t, item.id);
    expect(await held(box.url)).toHaveLength(1);
  });

  it('starts with the web host; the CLI cannot run the outbox beside it', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await configured(dir, box);
    const host = await startWebHost({ studio: t.studio, staticDir: path.join(dir, 'renderer') });
    try {
      expect((await t.call('publish.link', {})).runnerActive).toBe(true);
      const p = await approvedProgramme(t, dir, 'Bản tin trưa', { seconds: 2 });
      const item = await t.call('publish.queue', { programmeId: p.id });
      // The data folder is the app's: a second process is refused before it could send a byte.
      const cli = runStudioCli(['outbox', 'run', '--until-empty', '--data', path.join(dir, 'data')]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toMatch(/đang được/);
      await sentSoon(t, item.id);
      expect(await held(box.url)).toHaveLength(1);
    } finally {
      await host.close();
    }
  });

  it('tells whoever queued an item, and the chief editors, when it fails for good or the province rejects it', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await configured(dir, box);
    const staff = await withStaff(t);
    const lost = await approvedProgramme(t, dir, 'Bản tin hỏng', { seconds: 2 });
    const refused = await approvedProgramme(t, dir, 'Bản tin thiếu tiếng Tày', { seconds: 2 });

    // Queued by the operator, then its master changes on disk: the gate refuses it for good.
    const failing = await as(staff.tuan, 'publish.queue', { programmeId: lost.id });
    await changeOneSample(masterOf(lost));
    const rejected = await as(staff.tuan, 'publish.queue', { programmeId: refused.id });
    t.studio.startOutbox();
    await expect.poll(async () => (await itemOf(t, failing.id)).state, SOON).toBe('failed');
    const item = await sentSoon(t, rejected.id);

    // The province's operator rejects the other one; the runner reads it without an outbox.sync.
    const rejection = await fetch(`${box.url}/sandbox/bulletins/${item.bulletinId}/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'Thiếu phần tiếng Tày' }),
    });
    expect(rejection.status, await rejection.text()).toBe(200);
    await expect
      .poll(async () => (await itemOf(t, rejected.id)).bulletinStatus, { timeout: 30_000 })
      .toBe('rejected');

    const told = async (c: Connection) =>
      (await as(c, 'notifications.list', { limit: 50 })).notifications
        .filter((n) => n.kind.startsWith('publish.'))
        .map((n) => ({ kind: n.kind, title: n.title, byName: n.byName, comment: n.comment }))
        .sort((a, b) => a.kind.localeCompare(b.kind));
    const expected = [
      {
        kind: 'publish.failed',
        title: 'Bản tin hỏng',
        byName: 'Lê Văn Tuấn',
        comment: expect.stringMatching(/duyệt/) as unknown,
      },
      {
        kind: 'publish.rejected',
        title: 'Bản tin thiếu tiếng Tày',
        byName: 'Lê Văn Tuấn',
        comment: 'Thiếu phần tiếng Tày',
      },
    ];
    // Each of them once: the operator who queued them, the chief editor who answers for them.
    expect(await told(staff.tuan)).toEqual(expected);
    expect(await told(staff.hung)).toEqual(expected);
    // A reporter is not told of the outbox at all.
    expect(await told(staff.lan)).toEqual([]);
  });

  it('sends an emergency at once when a chief editor approves it in one step, flagged in the audit log', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir);
    const t = await configured(dir, box);
    const staff = await withStaff(t);
    t.studio.startOutbox();
    const normal = await renderedProgramme(t, dir, 'Bản tin thường', { seconds: 2 });
    const urgent = await renderedProgramme(t, dir, 'Cảnh báo lũ quét', { seconds: 2 });
    const shaOf = (p: typeof urgent) => p.lastRender?.files.find((f) => f.format === 'wav')?.sha256 as string;

    // A normal approval leaves the sending to whoever sends.
    const submitted = await t.call('programme.submit', { id: normal.id });
    const approved = await as(staff.hung, 'programme.approve', {
      id: normal.id,
      masterSha256: submitted.approval.masterSha256 as string,
    });
    expect(approved).toMatchObject({ outboxItem: null, outboxError: null });

    // An emergency approved by the chief editor (who may send) is queued, first in line, and sent.
    const emergency = await as(staff.hung, 'programme.approve', {
      id: urgent.id,
      masterSha256: shaOf(urgent),
      emergency: true,
    });
    expect(emergency.approval.state).toBe('approved');
    expect(emergency.outboxItem).toMatchObject({
      programmeId: urgent.id,
      priority: 'emergency',
      queuedBy: 'Trần Văn Hùng',
    });
    const item = await sentSoon(t, (emergency.outboxItem as OutboxItem).id);
    expect(await held(box.url)).toMatchObject([{ title: 'Cảnh báo lũ quét', sha256: shaOf(urgent) }]);
    expect((await t.call('outbox.list', {})).map((i) => i.programmeId)).toEqual([urgent.id]);
    await expect
      .poll(async () => (await t.call('programme.get', { id: urgent.id })).approval.state, SOON)
      .toBe('sent');

    // The audit log says it was approved as an emergency and sent in the same step.
    const entries = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'programme.approve');
    expect(entries.find((e) => e.objectId === urgent.id)?.details).toMatchObject({
      state: 'approved',
      emergency: true,
      outboxItemId: item.id,
    });
    expect(entries.find((e) => e.objectId === normal.id)?.details).not.toHaveProperty('outboxItemId');
  });
});

const PASSWORD = 'mật-khẩu-đủ-dài-123';

/** An admin (the test's own connection), an operator who sends, a chief editor, a reporter. */
async function withStaff(t: TestStudio): Promise<Record<'tuan' | 'hung' | 'lan', Connection>> {
  await t.call('auth.setup', { name: 'quantri', displayName: 'Quản trị', password: PASSWORD });
  const people = [
    ['tuan', 'Lê Văn Tuấn', 'operator'],
    ['hung', 'Trần Văn Hùng', 'chiefEditor'],
    ['lan', 'Nguyễn Thị Lan', 'reporter'],
  ] as const;
  for (const [name, displayName, role] of people) {
    await t.call('users.add', { name, displayName, roles: [role], password: PASSWORD });
  }
  return {
    tuan: await t.signIn('tuan', PASSWORD),
    hung: await t.signIn('hung', PASSWORD),
    lan: await t.signIn('lan', PASSWORD),
  };
}

async function as<K extends CallName>(c: Connection, name: K, request: RequestIn<K>): Promise<ResultOf<K>> {
  const reply = await c.call(name, request);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.result as ResultOf<K>;
}

async function changeOneSample(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = bytes.length - 100;
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.from([(bytes[at] as number) ^ 1]), 0, 1, at);
  } finally {
    await handle.close();
  }
}
