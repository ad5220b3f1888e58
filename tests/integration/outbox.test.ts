/**
 * The outbox (issue 14) against a real provincial sandbox on 127.0.0.1, through the real router:
 * an approved programme queued and run arrives exactly once with its approved SHA-256 and the
 * programme becomes "đã gửi tỉnh"; an unapproved or changed-after-approval master never leaves; a
 * run through the sandbox's faults still ends with exactly one bulletin; a restart resumes the
 * upload from the server's offset.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxSyncResult, ProgrammeState } from '../../src-main/contract';
import {
  startProvincialSandbox,
  type RunningSandbox,
} from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme, masterOf } from '../support/approved-programme';
import { held, sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const sandboxes: RunningSandbox[] = [];

async function startSandbox(dir: string, faults = ''): Promise<RunningSandbox> {
  const s = await sandbox(path.join(dir, 'sandbox'), faults);
  sandboxes.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const FAST = { baseDelayMs: 20, maxDelayMs: 200 };

interface Fixture {
  t: TestStudio;
  dir: string;
  box: RunningSandbox;
}

async function fixture(faults = '', seconds = 2): Promise<Fixture & { p: ProgrammeState }> {
  const dir = await tempDir();
  const box = await startSandbox(dir, faults);
  const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
  await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: TOKEN });
  const p = await approved({ t, dir, box }, 'Bản tin phòng chống bão', seconds);
  return { t, dir, box, p };
}

async function approved(f: Fixture, title: string, seconds = 2, emergency = false): Promise<ProgrammeState> {
  return approvedProgramme(f.t, f.dir, title, { seconds, emergency });
}

/** A move of the province's operator, through the sandbox's own routes. */
async function operator(
  box: RunningSandbox,
  bulletinId: string,
  move: 'accept' | 'reject' | 'schedule' | 'aired',
  body: Record<string, unknown> = {},
): Promise<void> {
  const res = await fetch(`${box.url}/sandbox/bulletins/${bulletinId}/${move}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Syncs until every status was read (a faulty sandbox fails some reads), at most 30 times. */
async function syncAll(t: TestStudio): Promise<OutboxSyncResult> {
  let last: OutboxSyncResult | null = null;
  for (let i = 0; i < 30; i++) {
    last = await t.call('outbox.sync', {});
    if (last.failed === 0) return last;
  }
  throw new Error(`sync never read every status: ${JSON.stringify(last)}`);
}

/** The studio's items equal what the sandbox holds: one bulletin per sent item, same id, status, hash. */
async function expectSameAsServer(t: TestStudio, box: RunningSandbox): Promise<void> {
  const server = await held(box.url);
  const items = (await t.call('outbox.list', {})).filter((i) => i.state === 'sent');
  expect(server).toHaveLength(items.length);
  const studio = items
    .map((i) => ({ id: i.bulletinId, status: i.bulletinStatus, sha256: i.sha256, reason: i.bulletinReason }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const held_ = server
    .map((b) => ({ id: b.id, status: b.status, sha256: b.sha256, reason: b.reason }))
    .sort((a, b) => a.id.localeCompare(b.id));
  expect(studio).toEqual(held_);
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

describe('the outbox against the provincial sandbox', () => {
  it('delivers an approved programme exactly once, with its approved SHA-256, and marks it sent', async () => {
    const { t, box, p } = await fixture();
    const item = await t.call('publish.queue', { programmeId: p.id });
    expect(item).toMatchObject({
      programmeId: p.id,
      state: 'queued',
      sha256: p.approval.masterSha256,
      alreadyQueued: false,
    });
    // Queuing the same approved master again answers the same item.
    expect(await t.call('publish.queue', { programmeId: p.id })).toMatchObject({
      id: item.id,
      alreadyQueued: true,
    });

    // Who put it on its way is in the audit log (both calls), with the programme as the object.
    const queued = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'publish.queue');
    expect(queued).toMatchObject([
      { objectKind: 'programme', objectId: p.id },
      { objectKind: 'programme', objectId: p.id },
    ]);

    const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    expect(run).toMatchObject({ sent: 1, failed: 0, pending: 0 });

    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    const [b] = bulletins;
    const [listed] = await t.call('outbox.list', {});
    expect(listed).toMatchObject({
      id: item.id,
      state: 'sent',
      bytesSent: item.bytes,
      bulletinId: b?.id,
      lastError: null,
    });
    expect(b).toMatchObject({ sha256: p.approval.masterSha256, bytes: item.bytes, title: p.metadata.title });
    const after = await t.call('programme.get', { id: p.id });
    expect(after.approval.state).toBe('sent');
    expect(after.approval.masterSha256).toBe(p.approval.masterSha256);

    // Sent stays sent: another run sends nothing, queuing again answers the sent item.
    expect(await t.call('outbox.run', {})).toMatchObject({ items: [], sent: 0 });
    expect((await t.call('publish.queue', { programmeId: p.id })).state).toBe('sent');
    expect(await held(box.url)).toHaveLength(1);
  }, 120_000);

  it('refuses an unapproved programme, and a master changed after approval, before anything is sent', async () => {
    const { t, box, dir, p } = await fixture();
    const draft = await t.call('programme.create', { metadata: { title: 'Nháp', languages: ['vie'] } });
    const refused = await t.fail('publish.queue', { programmeId: draft.id });
    expect(refused.code).toBe('PROGRAMME_NOT_APPROVED');
    expect(refused.message).toContain('chưa được lãnh đạo duyệt');

    // Queued while right, changed on disk before the run: the gate refuses it just before sending.
    const item = await t.call('publish.queue', { programmeId: p.id });
    await changeOneSample(masterOf(p));
    const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 30 });
    expect(run).toMatchObject({ sent: 0, failed: 1, pending: 0 });
    const [failed] = await t.call('outbox.list', {});
    expect(failed).toMatchObject({ id: item.id, state: 'failed', bytesSent: 0, attempts: 1 });
    expect(failed?.lastError).toContain('đã bị thay đổi sau khi duyệt');
    expect(await held(box.url)).toEqual([]);
    // Changed before queuing: refused at once.
    const other = await approved({ t, dir, box }, 'Bản tin trưa');
    await changeOneSample(masterOf(other));
    expect((await t.fail('publish.queue', { programmeId: other.id })).code).toBe('PROGRAMME_NOT_APPROVED');
    expect(await held(box.url)).toEqual([]);
  }, 120_000);

  it.each([
    ['drop-mid-body:0.5,seed=3'],
    ['5xx:0.5,seed=4'],
    ['duplicate:0.7,seed=5'],
    ['error-200:0.5,seed=6'],
    ['expired-token:0.4,seed=7'],
    ['slow:300ms@0.5,seed=8'],
    ['drop-mid-body:0.3,5xx:0.2,duplicate:0.3,error-200:0.2,expired-token:0.1,seed=11'],
  ])(
    'ends with exactly one bulletin through faults %s',
    async (faults) => {
      const { t, box, dir, p } = await fixture(faults);
      await t.call('publish.queue', { programmeId: p.id });
      const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 90 });
      expect(run, JSON.stringify(run)).toMatchObject({ sent: 1, failed: 0, pending: 0 });
      const bulletins = await held(box.url);
      expect(bulletins).toHaveLength(1);
      const [item] = await t.call('outbox.list', {});
      expect(item).toMatchObject({ state: 'sent', bulletinId: bulletins[0]?.id });
      expect(bulletins[0]?.sha256).toBe(p.approval.masterSha256);
      // The faults did happen: the item needed more than one attempt, or the sandbox duplicated.
      // (A slow answer is no failure: one attempt.)
      if (faults.startsWith('slow')) expect(item?.attempts).toBe(1);
      else if (!faults.startsWith('duplicate')) expect(item?.attempts).toBeGreaterThan(1);
      expect((await t.call('programme.get', { id: p.id })).approval.state).toBe('sent');

      // The studio's state matches the server's, after a sync through the same faults, and again
      // after the province's operator moves bulletins.
      await syncAll(t);
      await expectSameAsServer(t, box);
      const second = await approved({ t, dir, box }, 'Bản tin chiều');
      await t.call('publish.queue', { programmeId: second.id });
      expect(await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 90 })).toMatchObject({
        sent: 1,
        pending: 0,
      });
      const [first, other] = (await held(box.url)).sort((a, b) => (a.title < b.title ? -1 : 1));
      await operator(box, first?.id as string, 'accept');
      await operator(box, other?.id as string, 'reject', { reason: 'Thiếu tên người duyệt' });
      await syncAll(t);
      await expectSameAsServer(t, box);
      expect((await held(box.url)).map((b) => b.status).sort()).toEqual(['accepted', 'rejected']);

      // The station withdraws the accepted one through the same faults: asked again until an answer
      // comes (a cut answer may follow a withdrawal that happened), then the sync agrees.
      const accepted = (await t.call('outbox.list', {})).find((i) => i.bulletinId === first?.id);
      let withdrawn = null;
      for (let i = 0; i < 30 && !withdrawn; i++) {
        const reply = await t.connection.call('publish.withdraw', {
          itemId: accepted?.id as string,
          reason: 'Sai giờ phát',
        });
        if (reply.ok) withdrawn = reply.result;
        else expect(reply.error.code, reply.error.message).toBe('UNAVAILABLE');
      }
      expect(withdrawn).toMatchObject({ bulletinStatus: 'withdrawn', bulletinReason: 'Sai giờ phát' });
      await syncAll(t);
      await expectSameAsServer(t, box);
    },
    180_000,
  );

  it('sends emergency items first, then the oldest', async () => {
    const { t, box, dir, p } = await fixture();
    const second = await approved({ t, dir, box }, 'Bản tin chiều');
    const urgent = await approved({ t, dir, box }, 'Tin khẩn: lũ quét', 2, true);
    await t.call('publish.queue', { programmeId: p.id });
    await t.call('publish.queue', { programmeId: second.id });
    expect((await t.call('publish.queue', { programmeId: urgent.id })).priority).toBe('emergency');
    const run = await t.call('outbox.run', {});
    expect(run.items.map((i) => i.programmeId)).toEqual([urgent.id, p.id, second.id]);
    expect((await held(box.url)).map((b) => [b.title, b.priority])).toEqual([
      // An emergency approval makes the bulletin khẩn cấp, whatever the programme's metadata says.
      ['Tin khẩn: lũ quét', 'emergency'],
      ['Bản tin phòng chống bão', 'normal'],
      ['Bản tin chiều', 'normal'],
    ]);
  }, 180_000);
});

describe('the province’s status, kept in step', () => {
  it('reads each sent bulletin’s status until it is final, and marks a sent programme that changed', async () => {
    const { t, box, p } = await fixture();
    const item = await t.call('publish.queue', { programmeId: p.id });
    expect(item).toMatchObject({ bulletinStatus: null, airings: [], statusCheckedAt: null });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    const [sent] = await t.call('outbox.list', {});
    // The publish's answer is the first status.
    expect(sent).toMatchObject({ state: 'sent', bulletinStatus: 'received', bulletinReason: null });
    expect(sent?.statusCheckedAt).not.toBeNull();
    const id = sent?.bulletinId as string;

    // Nothing changed at the province: one bulletin asked about, nothing changed.
    expect(await t.call('outbox.sync', {})).toMatchObject({ checked: 1, changed: 0, items: [], failed: 0 });

    await operator(box, id, 'accept');
    await operator(box, id, 'schedule', { at: '2026-12-08T06:00:00+07:00' });
    const scheduled = await t.call('outbox.sync', {});
    expect(scheduled).toMatchObject({ checked: 1, changed: 1 });
    expect(scheduled.items).toMatchObject([
      { id: item.id, bulletinStatus: 'scheduled', scheduledAt: '2026-12-08T06:00:00+07:00' },
    ]);

    // One of the two communes reports: aired, but not final (the other may still report).
    await operator(box, id, 'aired', { units: ['01234'] });
    const partly = await t.call('outbox.sync', {});
    expect(partly.items[0]?.bulletinStatus).toBe('aired');
    expect(partly.items[0]?.airings.map((a) => a.unitCode)).toEqual(['01234']);
    await operator(box, id, 'aired', { units: ['01234', '01237'] });
    expect((await t.call('outbox.sync', {})).items[0]?.airings.map((a) => a.unitCode)).toEqual([
      '01234',
      '01237',
    ]);
    // Aired in every target commune: final, never asked again.
    expect(await t.call('outbox.sync', {})).toMatchObject({ checked: 0, changed: 0 });
    await expectSameAsServer(t, box);

    // The sent programme changes (back to draft): its bulletin is marked, nothing is withdrawn.
    await t.call('programme.update', { id: p.id, metadata: { title: 'Bản tin phòng chống bão (sửa)' } });
    expect((await t.call('programme.get', { id: p.id })).approval.state).toBe('draft');
    const [changed] = await t.call('outbox.list', {});
    expect(changed?.programmeChangedAt).not.toBeNull();
    expect((await held(box.url))[0]?.status).toBe('aired');
  }, 120_000);

  it('moves a sent programme to "đã phát" on the first commune’s airing report, in the province’s name', async () => {
    const { t, box, p } = await fixture();
    await t.call('publish.queue', { programmeId: p.id });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    const sent = await t.call('programme.get', { id: p.id });
    expect(sent.approval.state).toBe('sent');
    const [b] = await held(box.url);
    await operator(box, b?.id as string, 'accept');
    expect((await t.call('outbox.sync', {})).changed).toBe(1);
    expect((await t.call('programme.get', { id: p.id })).approval.state).toBe('sent');

    const seen = t.events.length;
    await operator(box, b?.id as string, 'aired', { units: ['01234'] });
    const [item] = (await t.call('outbox.sync', {})).items;
    const events = t.events
      .slice(seen)
      .filter((e) => e.event === 'programme.approval')
      .map((e) => e.payload);
    const airedAt = item?.airings[0]?.airedAt as string;
    const aired = await t.call('programme.get', { id: p.id });
    expect(aired.approval).toMatchObject({ state: 'aired', masterSha256: sent.approval.masterSha256 });
    expect(aired.approval.history.at(-1)).toEqual({
      state: 'aired',
      at: new Date(airedAt).toISOString(),
      byUserId: null,
      byName: 'Hệ thống tỉnh',
      comment: 'Tỉnh báo đã phát (xã 01234)',
      masterSha256: sent.approval.masterSha256,
      emergency: false,
    });
    expect(events).toMatchObject([
      { programmeId: p.id, state: 'aired', previous: 'sent', byName: 'Hệ thống tỉnh' },
    ]);
    expect((await t.call('programme.list', { approvalState: 'aired' })).map((x) => x.id)).toEqual([p.id]);

    // The second commune's report: still aired, one step.
    await operator(box, b?.id as string, 'aired', { units: ['01234', '01237'] });
    await t.call('outbox.sync', {});
    const twice = await t.call('programme.get', { id: p.id });
    expect(twice.approval.history.filter((s) => s.state === 'aired')).toHaveLength(1);
  }, 120_000);

  it('leaves a programme changed after it was sent as it is when its old master airs', async () => {
    const { t, dir, box, p } = await fixture();
    await t.call('publish.queue', { programmeId: p.id });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    const sent = await t.call('programme.get', { id: p.id });
    expect(sent.approval.state).toBe('sent');
    await t.call('programme.update', { id: p.id, metadata: { title: 'Bản tin phòng chống bão (sửa)' } });
    const [b] = await held(box.url);
    await operator(box, b?.id as string, 'accept');
    await operator(box, b?.id as string, 'aired', { units: ['01234'] });
    expect((await t.call('outbox.sync', {})).items).toMatchObject([{ bulletinStatus: 'aired' }]);
    const after = await t.call('programme.get', { id: p.id });
    expect(after.approval.state).toBe('draft');
    expect(after.approval.history.map((s) => s.state)).toEqual(['submitted', 'approved', 'sent', 'draft']);

    // Nor a programme sent with another master than the one that aired (asked directly).
    const approvals = t.studio.services.programme.approvals;
    const other = await approved({ t, dir, box }, 'Bản tin khác', 3);
    await t.call('publish.queue', { programmeId: other.id });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    const airing = { airedAt: new Date().toISOString(), unitCode: '01234' };
    expect(other.approval.masterSha256).not.toBe(sent.approval.masterSha256);
    const province = { userId: null, name: 'Hệ thống tỉnh' };
    expect(await approvals.markAired(other.id, province, sent.approval.masterSha256 as string, airing)).toBe(
      false,
    );
    expect((await t.call('programme.get', { id: other.id })).approval.state).toBe('sent');
  }, 120_000);

  it('records a rejection with the province’s reason, stops asking, and lets the station send it again', async () => {
    const { t, box, p } = await fixture();
    const first = await t.call('publish.queue', { programmeId: p.id });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    const [b] = await held(box.url);
    await operator(box, b?.id as string, 'reject', { reason: 'Âm lượng quá nhỏ' });
    const synced = await t.call('outbox.sync', {});
    expect(synced.items).toMatchObject([{ bulletinStatus: 'rejected', bulletinReason: 'Âm lượng quá nhỏ' }]);
    expect(await t.call('outbox.sync', {})).toMatchObject({ checked: 0 });

    // The province no longer holds it: queuing the master again is a new item and a new bulletin.
    const again = await t.call('publish.queue', { programmeId: p.id });
    expect(again).toMatchObject({ alreadyQueued: false, state: 'queued' });
    expect(again.id).not.toBe(first.id);
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    expect((await held(box.url)).map((h) => h.status)).toEqual(['rejected', 'received']);
    // While the province holds that one, queuing again answers it.
    expect(await t.call('publish.queue', { programmeId: p.id })).toMatchObject({
      id: again.id,
      alreadyQueued: true,
    });
  }, 120_000);
});

/** Polls the outbox until an item is in `state` (at most 30 s). */
async function until(t: TestStudio, itemId: string, state: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const item = (await t.call('outbox.list', {})).find((i) => i.id === itemId);
    if (item?.state === state) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`item ${itemId} never ${state}`);
}

describe('the operator’s hands on the queue', () => {
  it('cancels an item while no bulletin can exist, stopping its upload; refuses once one may', async () => {
    // Every protocol answer waits: the test can act while an item uploads or publishes.
    const { t, box, dir, p } = await fixture('slow:1500ms');
    const other = await approved({ t, dir, box }, 'Bản tin chiều');
    const first = await t.call('publish.queue', { programmeId: p.id });
    const second = await t.call('publish.queue', { programmeId: other.id });
    const run = t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });

    await until(t, first.id, 'uploading');
    expect(await t.call('outbox.cancel', { itemId: first.id })).toMatchObject({ state: 'cancelled' });
    // Cancelling again answers it unchanged.
    expect(await t.call('outbox.cancel', { itemId: first.id })).toMatchObject({ state: 'cancelled' });

    await until(t, second.id, 'publishing');
    // The body is kept just before the publish request: once it is, a bulletin may exist.
    await new Promise((r) => setTimeout(r, 500));
    const refused = await t.fail('outbox.cancel', { itemId: second.id });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('rút bản tin');

    expect(await run).toMatchObject({ sent: 1, failed: 0, pending: 0 });
    const items = await t.call('outbox.list', {});
    expect(items.find((i) => i.id === first.id)).toMatchObject({ state: 'cancelled' });
    expect(items.find((i) => i.id === second.id)).toMatchObject({ state: 'sent' });
    expect((await held(box.url)).map((b) => b.title)).toEqual(['Bản tin chiều']);
    // A sent item cannot be cancelled; the cancelled programme may be queued anew.
    expect((await t.fail('outbox.cancel', { itemId: second.id })).message).toContain('rút bản tin');
    expect(await t.call('publish.queue', { programmeId: p.id })).toMatchObject({ alreadyQueued: false });

    const audited = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'outbox.cancel');
    // Both cancels (the second answered unchanged) are who-asked-what.
    expect(audited).toMatchObject([
      { objectKind: 'outboxItem', objectId: first.id },
      { objectKind: 'outboxItem', objectId: first.id },
    ]);
  }, 120_000);

  it('retries a failed item and a waiting one at once', async () => {
    const dir = await tempDir();
    const sandboxDir = path.join(dir, 'sandbox');
    const down = await sandbox(sandboxDir, '5xx:1');
    const t = await studios.open(path.join(dir, 'data'), {
      outboxRetry: { baseDelayMs: 600_000, maxDelayMs: 600_000 },
    });
    await t.call('publish.configure', { endpoint: down.url, stationCode: 'TTVH-CB', token: TOKEN });
    const f = { t, dir, box: down };
    const waiting = await t.call('publish.queue', { programmeId: (await approved(f, 'Bản tin sáng')).id });
    const failing = await approved(f, 'Bản tin trưa');
    const failed = await t.call('publish.queue', { programmeId: failing.id });
    await changeOneSample(masterOf(failing));
    await t.call('outbox.run', {});
    await down.close();
    // The same province comes back (same port and data), without faults.
    const up = await startProvincialSandbox({ port: down.port, dataDir: sandboxDir, token: TOKEN });
    sandboxes.push(up);

    let items = await t.call('outbox.list', {});
    expect(items.find((i) => i.id === waiting.id)?.nextAttemptAt).not.toBeNull();
    expect(items.find((i) => i.id === failed.id)).toMatchObject({ state: 'failed' });
    // Not due for minutes: a run sends nothing.
    expect(await t.call('outbox.run', {})).toMatchObject({ items: [], sent: 0, pending: 1 });

    expect(await t.call('outbox.retry', { itemId: waiting.id })).toMatchObject({ nextAttemptAt: null });
    await changeOneSample(masterOf(failing));
    expect(await t.call('outbox.retry', { itemId: failed.id })).toMatchObject({
      state: 'queued',
      nextAttemptAt: null,
    });
    expect(await t.call('outbox.run', {})).toMatchObject({ sent: 2, failed: 0, pending: 0 });
    items = await t.call('outbox.list', {});
    expect(items.map((i) => i.state)).toEqual(['sent', 'sent']);
    expect(await held(up.url)).toHaveLength(2);
    // A sent item is not retried.
    expect((await t.fail('outbox.retry', { itemId: waiting.id })).code).toBe('CONFLICT');
    const audited = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'outbox.retry');
    expect(audited.map((e) => e.objectId).sort()).toEqual([waiting.id, failed.id].sort());
  }, 120_000);

  it('withdraws a sent bulletin with a reason, audited; refuses one the province has aired', async () => {
    const { t, box, dir, p } = await fixture();
    const aired = await approved({ t, dir, box }, 'Bản tin chiều');
    const item = await t.call('publish.queue', { programmeId: p.id });
    const airedItem = await t.call('publish.queue', { programmeId: aired.id });
    await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });

    // Not sent yet (or cancelled): nothing to withdraw.
    const draftItem = await t.call('publish.queue', {
      programmeId: (await approved({ t, dir, box }, 'Bản tin tối')).id,
    });
    expect((await t.fail('publish.withdraw', { itemId: draftItem.id, reason: 'Sai' })).code).toBe('CONFLICT');

    const withdrawn = await t.call('publish.withdraw', { itemId: item.id, reason: 'Sai số liệu mưa lũ' });
    expect(withdrawn).toMatchObject({ bulletinStatus: 'withdrawn', bulletinReason: 'Sai số liệu mưa lũ' });
    const server = await held(box.url);
    expect(server.find((b) => b.id === withdrawn.bulletinId)).toMatchObject({
      status: 'withdrawn',
      reason: 'Sai số liệu mưa lũ',
    });
    // Again: refused, saying it was withdrawn and why.
    const again = await t.fail('publish.withdraw', { itemId: item.id, reason: 'Lần nữa' });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('Sai số liệu mưa lũ');
    const audited = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'publish.withdraw');
    expect(audited).toMatchObject([
      {
        objectKind: 'outboxItem',
        objectId: item.id,
        details: { reason: 'Sai số liệu mưa lũ', bulletinId: withdrawn.bulletinId, programmeId: p.id },
      },
    ]);

    // Aired at the province (the studio does not know yet): refused, and the status read.
    const airedBulletin = (await t.call('outbox.list', {})).find((i) => i.id === airedItem.id)?.bulletinId;
    await operator(box, airedBulletin as string, 'accept');
    await operator(box, airedBulletin as string, 'aired');
    const refused = await t.fail('publish.withdraw', { itemId: airedItem.id, reason: 'Muộn rồi' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('Không rút được');
    expect((await t.call('outbox.list', {})).find((i) => i.id === airedItem.id)?.bulletinStatus).toBe(
      'aired',
    );
    await expectSameAsServer(t, box);
  }, 120_000);
});
