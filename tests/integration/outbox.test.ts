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
import type { ProgrammeState } from '../../src-main/contract';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
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
    ['drop-mid-body:0.3,5xx:0.2,duplicate:0.3,error-200:0.2,expired-token:0.1,seed=11'],
  ])(
    'ends with exactly one bulletin through faults %s',
    async (faults) => {
      const { t, box, p } = await fixture(faults);
      await t.call('publish.queue', { programmeId: p.id });
      const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 90 });
      expect(run, JSON.stringify(run)).toMatchObject({ sent: 1, failed: 0, pending: 0 });
      const bulletins = await held(box.url);
      expect(bulletins).toHaveLength(1);
      const [item] = await t.call('outbox.list', {});
      expect(item).toMatchObject({ state: 'sent', bulletinId: bulletins[0]?.id });
      expect(bulletins[0]?.sha256).toBe(p.approval.masterSha256);
      // The faults did happen: the item needed more than one attempt, or the sandbox duplicated.
      if (!faults.startsWith('duplicate')) expect(item?.attempts).toBeGreaterThan(1);
      expect((await t.call('programme.get', { id: p.id })).approval.state).toBe('sent');
    },
    120_000,
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
    expect((await held(box.url)).map((b) => b.title)).toEqual([
      'Tin khẩn: lũ quét',
      'Bản tin phòng chống bão',
      'Bản tin chiều',
    ]);
  }, 180_000);
});
