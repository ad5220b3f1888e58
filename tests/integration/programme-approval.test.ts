/**
 * Approval pinned to the audio (issue 13), through the real router: the state machine (every step
 * allowed and refused), any change bringing an approved programme back to draft, the hash pin (one
 * sample of the master changed on disk: approving and the gate downstream refuse), emergency
 * approval flagged in the history and the audit log, and the per-record rule (a reporter changes
 * only their own programmes).
 */
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/app/policy';
import {
  type AuditEntry,
  type CallName,
  type ProgrammeApprovalEvent,
  type ProgrammeState,
  type RequestIn,
  type ResultOf,
  type Role,
  type StudioErrorShape,
} from '../../src-main/contract';
import { sha256OfFile } from '../../src-main/platform/file-hash';
import { importAs, S } from '../support/programme';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const caller = (userId: string | null, roles: Role[], name?: string): Caller => ({
  host: 'web',
  userId,
  roles,
  ...(name ? { userName: name } : {}),
});
const admin = caller(null, ['admin']);
const lan = caller('u-lan', ['reporter'], 'lan');
const minh = caller('u-minh', ['reporter'], 'minh');
const editor = caller('u-hoa', ['editor'], 'hoa');
const chief = caller('u-chief', ['chiefEditor'], 'chinh');

interface Fixture {
  t: TestStudio;
  dir: string;
  voice: string;
  as<K extends CallName>(who: Caller, name: K, request: RequestIn<K>): Promise<ResultOf<K>>;
  failAs<K extends CallName>(who: Caller, name: K, request: RequestIn<K>): Promise<StudioErrorShape>;
}

async function fixture(): Promise<Fixture> {
  const dir = await tempDir();
  const t = await studios.open(path.join(dir, 'data'));
  const source = signal(path.join(dir, 'voice.wav'), { samples: S, tone: { freq: 330, amp: 0.2 } });
  const voice = await importAs(t, source, 'Tin sáng');
  const as: Fixture['as'] = async (who, name, request) => {
    const reply = await t.studio.router.call(name, request, who);
    if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.result as never;
  };
  const failAs: Fixture['failAs'] = async (who, name, request) => {
    const reply = await t.studio.router.call(name, request, who);
    expect(reply.ok, `${name} should fail`).toBe(false);
    return (reply as { ok: false; error: StudioErrorShape }).error;
  };
  return { t, dir, voice, as, failAs };
}

/** A programme made by `who` with one voice item, rendered to WAV (the master). */
async function rendered(f: Fixture, who: Caller = admin, title = 'Bản tin sáng'): Promise<ProgrammeState> {
  const p = await f.as(who, 'programme.create', { metadata: { title, languages: ['vie'] } });
  await addAssetAs(f, who, p);
  return renderAs(f, who, p);
}

async function addAssetAs(f: Fixture, who: Caller, p: ProgrammeState): Promise<ProgrammeState> {
  const track = p.tracks.find((x) => x.kind === 'voice')?.id as string;
  return f.as(who, 'programme.apply', {
    id: p.id,
    op: { type: 'add', item: { trackId: track, source: { kind: 'asset', assetId: f.voice } } },
  });
}

let outputs = 0;

async function renderAs(f: Fixture, who: Caller, p: ProgrammeState): Promise<ProgrammeState> {
  // In the folder the user chose (the test studio's home), each render in its own.
  const out = path.join(f.dir, `out-${++outputs}`);
  await mkdir(out);
  const job = await f.as(who, 'programme.render', { id: p.id, dir: out, formats: ['wav'] });
  const done = await f.t.studio.services.programme.renders.waitRender(job.id);
  expect(done.error).toBeNull();
  return f.as(who, 'programme.get', { id: p.id });
}

const masterOf = (p: ProgrammeState) => {
  const wav = p.lastRender?.files.find((x) => x.format === 'wav');
  if (!wav?.sha256) throw new Error('no WAV master with a hash');
  return { file: wav.file, sha256: wav.sha256 };
};

/** Changes one sample of a WAV file in place (one bit of a sample in the middle of its data). */
async function changeOneSample(file: string): Promise<void> {
  const bytes = await readFile(file);
  const data = bytes.indexOf('data', 12, 'latin1');
  expect(data).toBeGreaterThan(0);
  const at = data + 8 + Math.floor((bytes.length - data - 8) / 2);
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.from([(bytes[at] as number) ^ 1]), 0, 1, at);
  } finally {
    await handle.close();
  }
}

const approvalEvents = (t: TestStudio) =>
  t.events.filter((e) => e.event === 'programme.approval').map((e) => e.payload as ProgrammeApprovalEvent);

async function auditEntries(dataDir: string): Promise<AuditEntry[]> {
  const dir = path.join(dataDir, 'audit');
  const names = (await readdir(dir)).filter((n) => /^audit-\d{4}\.jsonl$/.test(n)).sort();
  const lines: AuditEntry[] = [];
  for (const n of names) {
    const text = await readFile(path.join(dir, n), 'utf8');
    for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as AuditEntry);
  }
  return lines;
}

describe('the approval state machine', () => {
  it('goes draft → submitted → returned → submitted → approved, and refuses every other step', async () => {
    const f = await fixture();
    const { as, failAs } = f;
    const empty = await as(lan, 'programme.create', { metadata: { title: 'Chưa dựng' } });
    expect(empty.approval).toMatchObject({ state: 'draft', masterSha256: null, history: [] });
    expect(empty.createdBy).toBe('u-lan');
    // No render, no submission.
    const unrendered = await failAs(lan, 'programme.submit', { id: empty.id });
    expect(unrendered.code).toBe('PROGRAMME_STATE');
    expect(unrendered.message).toContain('chưa được dựng');

    let p = await rendered(f, lan);
    const master = masterOf(p);
    expect(master.sha256).toBe(await sha256OfFile(master.file));
    const { id } = p;
    const state = async (who: Caller, name: CallName, request: object) =>
      (await failAs(who, name, { id, ...request } as never)).code;

    // From draft: neither a decision nor a withdrawal.
    expect(await state(chief, 'programme.approve', { masterSha256: master.sha256 })).toBe('PROGRAMME_STATE');
    expect(await state(chief, 'programme.return', { comment: 'Sửa lại' })).toBe('PROGRAMME_STATE');
    expect(await state(lan, 'programme.withdraw', {})).toBe('PROGRAMME_STATE');

    p = await as(lan, 'programme.submit', { id, comment: 'Bản tin sáng thứ Hai' });
    expect(p.approval).toMatchObject({ state: 'submitted', masterSha256: master.sha256, comment: null });
    expect(p.approval.history.at(-1)).toMatchObject({
      state: 'submitted',
      byUserId: 'u-lan',
      byName: 'lan',
      comment: 'Bản tin sáng thứ Hai',
      masterSha256: master.sha256,
      emergency: false,
    });
    const summary = (await as(chief, 'programme.list', { approvalState: 'submitted' })).map((s) => s.id);
    expect(summary).toEqual([id]);
    expect(await as(chief, 'programme.list', { approvalState: 'approved' })).toEqual([]);
    expect((await as(chief, 'programme.list', {})).find((s) => s.id === id)?.approval.state).toBe(
      'submitted',
    );

    // From submitted: not again, not as an emergency.
    expect(await state(lan, 'programme.submit', {})).toBe('PROGRAMME_STATE');
    expect(await state(chief, 'programme.approve', { masterSha256: master.sha256, emergency: true })).toBe(
      'PROGRAMME_STATE',
    );
    // A return needs its reason.
    expect(await state(chief, 'programme.return', { comment: '   ' })).toBe('INVALID_REQUEST');

    // Withdrawn, then submitted again.
    p = await as(lan, 'programme.withdraw', { id });
    expect(p.approval).toMatchObject({ state: 'draft', masterSha256: null });
    expect((await as(lan, 'programme.submit', { id })).approval.state).toBe('submitted');

    p = await as(chief, 'programme.return', { id, comment: 'Tin thứ hai thiếu nguồn.' });
    expect(p.approval).toMatchObject({ state: 'returned', comment: 'Tin thứ hai thiếu nguồn.' });
    // From returned: no decision, no withdrawal; only a new submission.
    expect(await state(chief, 'programme.approve', { masterSha256: master.sha256 })).toBe('PROGRAMME_STATE');
    expect(await state(chief, 'programme.return', { comment: 'Lần nữa' })).toBe('PROGRAMME_STATE');
    expect(await state(lan, 'programme.withdraw', {})).toBe('PROGRAMME_STATE');
    p = await as(lan, 'programme.submit', { id });
    expect(p.approval).toMatchObject({ state: 'submitted', comment: null });

    // Approving another hash than the submitted one is refused.
    const wrong = await failAs(chief, 'programme.approve', { id, masterSha256: 'f'.repeat(64) });
    expect(wrong.code).toBe('PROGRAMME_STATE');
    expect(wrong.message).toContain(master.sha256.slice(0, 12));
    p = await as(chief, 'programme.approve', { id, masterSha256: master.sha256, comment: 'Được.' });
    expect(p.approval).toMatchObject({ state: 'approved', masterSha256: master.sha256, emergency: false });

    // From approved: nothing but a change (which returns it to draft).
    expect(await state(chief, 'programme.approve', { masterSha256: master.sha256 })).toBe('PROGRAMME_STATE');
    expect(await state(chief, 'programme.return', { comment: 'Muộn' })).toBe('PROGRAMME_STATE');
    expect(await state(lan, 'programme.submit', {})).toBe('PROGRAMME_STATE');
    expect(await state(lan, 'programme.withdraw', {})).toBe('PROGRAMME_STATE');
    expect(await state(chief, 'programme.approve', { masterSha256: master.sha256, emergency: true })).toBe(
      'PROGRAMME_STATE',
    );

    expect(p.approval.history.map((s) => s.state)).toEqual([
      'submitted',
      'draft',
      'submitted',
      'returned',
      'submitted',
      'approved',
    ]);
    const events = approvalEvents(f.t).filter((e) => e.programmeId === id);
    expect(events.map((e) => [e.previous, e.state])).toEqual([
      ['draft', 'submitted'],
      ['submitted', 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'returned'],
      ['returned', 'submitted'],
      ['submitted', 'approved'],
    ]);
    expect(events[3]).toMatchObject({
      title: 'Bản tin sáng',
      ownerId: 'u-lan',
      byUserId: 'u-chief',
      byName: 'chinh',
      comment: 'Tin thứ hai thiếu nguồn.',
    });

    // The audit log has each step with its details.
    const entries = (await auditEntries(f.t.dataDir)).filter(
      (e) => e.object.id === id && e.action !== 'programme.apply' && e.action !== 'programme.render',
    );
    expect(entries.map((e) => [e.action, e.details?.state])).toEqual([
      ['programme.create', undefined],
      ['programme.submit', 'submitted'],
      ['programme.withdraw', 'draft'],
      ['programme.submit', 'submitted'],
      ['programme.return', 'returned'],
      ['programme.submit', 'submitted'],
      ['programme.approve', 'approved'],
    ]);
    expect(entries[4]?.details).toEqual({
      state: 'returned',
      masterSha256: null,
      comment: 'Tin thứ hai thiếu nguồn.',
      emergency: false,
    });
    expect(entries[6]?.details).toEqual({
      state: 'approved',
      masterSha256: master.sha256,
      comment: 'Được.',
      emergency: false,
    });
    expect(entries[6]?.actor.userId).toBe('u-chief');
  });

  it('brings an approved programme back to draft after any change: apply, update, undo, redo, render, restore', async () => {
    const f = await fixture();
    const { as } = f;
    let p = await rendered(f, editor);
    const { id } = p;
    const approve = async () => {
      const current = await as(editor, 'programme.get', { id });
      await as(editor, 'programme.submit', { id });
      const approved = await as(chief, 'programme.approve', { id, masterSha256: masterOf(current).sha256 });
      expect(approved.approval.state).toBe('approved');
      expect((await f.t.studio.services.programme.approvedMaster(id)).sha256).toBe(masterOf(current).sha256);
    };
    const backToDraft = async (after: ProgrammeState, why: string) => {
      expect(after.approval).toMatchObject({ state: 'draft', masterSha256: null, emergency: false });
      expect(after.approval.history.at(-1)).toMatchObject({
        state: 'draft',
        byUserId: 'u-hoa',
        comment: why,
      });
      expect(approvalEvents(f.t).at(-1)).toMatchObject({
        programmeId: id,
        previous: 'approved',
        state: 'draft',
      });
      const gate = await f.t.studio.services.programme.approvedMaster(id).catch((e: unknown) => e);
      expect(gate).toMatchObject({ code: 'PROGRAMME_NOT_APPROVED' });
      expect((await as(chief, 'programme.list', { approvalState: 'draft' })).map((s) => s.id)).toContain(id);
    };

    // A title: the audio is the same, yet what was approved was the programme as it was.
    await approve();
    p = await as(editor, 'programme.update', { id, metadata: { title: 'Bản tin sáng thứ Ba' } });
    await backToDraft(p, 'Sửa thông tin chương trình');
    await approve();
    p = await as(editor, 'programme.undo', { id });
    await backToDraft(p, 'Hoàn tác: Sửa thông tin chương trình');
    await approve();
    p = await as(editor, 'programme.redo', { id });
    await backToDraft(p, 'Làm lại: Sửa thông tin chương trình');
    // A change to the items: the render is out of date, so render again before approving.
    await approve();
    const item = p.items[0]?.id as string;
    p = await as(editor, 'programme.apply', {
      id,
      op: { type: 'update', itemId: item, patch: { gainDb: -2 } },
    });
    await backToDraft(p, 'Sửa mục “Tin sáng”');
    expect((await f.failAs(editor, 'programme.submit', { id })).message).toContain('dựng lại');
    p = await renderAs(f, editor, p);
    // A new render of an approved programme: a new master, not the approved one.
    await approve();
    p = await renderAs(f, editor, p);
    await backToDraft(p, 'Dựng lại chương trình');
    // Out of the trash: approved again before it goes anywhere.
    await approve();
    await as(editor, 'programme.trash', { id });
    expect(await f.t.studio.services.programme.approvedMaster(id).catch((e: unknown) => e)).toMatchObject({
      code: 'PROGRAMME_NOT_APPROVED',
    });
    p = await as(editor, 'programme.restore', { id });
    await backToDraft(p, 'Khôi phục từ thùng rác');
  });
});

describe('approval is pinned to the master’s bytes', () => {
  it('refuses to approve a submitted master changed on disk by one sample', async () => {
    const f = await fixture();
    const p = await rendered(f);
    const master = masterOf(p);
    await f.as(admin, 'programme.submit', { id: p.id });
    await changeOneSample(master.file);
    const err = await f.failAs(chief, 'programme.approve', { id: p.id, masterSha256: master.sha256 });
    expect(err.code).toBe('PROGRAMME_STATE');
    expect(err.message).toContain('đã bị thay đổi');
    expect((await f.as(chief, 'programme.get', { id: p.id })).approval.state).toBe('submitted');
  });

  it('the gate gives the approved master while untouched, and refuses it once one sample changed', async () => {
    const f = await fixture();
    const p = await rendered(f);
    const master = masterOf(p);
    const gate = () => f.t.studio.services.programme.approvedMaster(p.id);
    // Not before approval.
    expect(await gate().catch((e: unknown) => e)).toMatchObject({ code: 'PROGRAMME_NOT_APPROVED' });
    await f.as(admin, 'programme.submit', { id: p.id });
    expect(await gate().catch((e: unknown) => e)).toMatchObject({ code: 'PROGRAMME_NOT_APPROVED' });
    await f.as(chief, 'programme.approve', { id: p.id, masterSha256: master.sha256 });

    expect(await gate()).toMatchObject({
      programmeId: p.id,
      file: master.file,
      sha256: master.sha256,
      emergency: false,
      approvedBy: 'u-chief',
    });
    await changeOneSample(master.file);
    const refused = await gate().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PROGRAMME_NOT_APPROVED' });
    expect((refused as Error).message).toContain('đã bị thay đổi sau khi duyệt');
    // Changed back, byte for byte: the approved audio again.
    await changeOneSample(master.file);
    expect((await gate()).sha256).toBe(master.sha256);
  });

  it('approves a draft in one step as an emergency, flagged in the history and the audit log', async () => {
    const f = await fixture();
    let p = await rendered(f, lan);
    const master = masterOf(p);
    // Not another hash than the current master's.
    const wrong = await f.failAs(chief, 'programme.approve', {
      id: p.id,
      masterSha256: '0'.repeat(64),
      emergency: true,
    });
    expect(wrong.code).toBe('PROGRAMME_STATE');
    p = await f.as(chief, 'programme.approve', {
      id: p.id,
      masterSha256: master.sha256,
      emergency: true,
      comment: 'Tin bão khẩn cấp',
    });
    expect(p.approval).toMatchObject({ state: 'approved', emergency: true, masterSha256: master.sha256 });
    expect(p.approval.history).toEqual([
      expect.objectContaining({
        state: 'approved',
        emergency: true,
        byUserId: 'u-chief',
        comment: 'Tin bão khẩn cấp',
      }),
    ]);
    expect(approvalEvents(f.t).at(-1)).toMatchObject({
      previous: 'draft',
      state: 'approved',
      emergency: true,
    });
    expect(await f.t.studio.services.programme.approvedMaster(p.id)).toMatchObject({ emergency: true });
    const entry = (await auditEntries(f.t.dataDir)).findLast((e) => e.action === 'programme.approve');
    expect(entry?.details).toEqual({
      state: 'approved',
      masterSha256: master.sha256,
      comment: 'Tin bão khẩn cấp',
      emergency: true,
    });
    // An emergency approval still needs the current render.
    const q = await f.as(lan, 'programme.create', { metadata: { title: 'Chưa dựng' } });
    const unrendered = await f.failAs(chief, 'programme.approve', {
      id: q.id,
      masterSha256: master.sha256,
      emergency: true,
    });
    expect(unrendered.code).toBe('PROGRAMME_STATE');
  });
});

describe('who may change which programme', () => {
  it('lets a reporter change only their own programmes, an editor any, an approver none', async () => {
    const f = await fixture();
    const mine = await rendered(f, lan, 'Tin của Lan');
    const theirs = await rendered(f, minh, 'Tin của Minh');
    const local = await f.as(admin, 'programme.create', { metadata: { title: 'Của máy này' } });
    expect([mine.createdBy, theirs.createdBy, local.createdBy]).toEqual(['u-lan', 'u-minh', null]);
    const title = { metadata: { title: 'Đổi tên' } };
    const track = mine.tracks[0]?.id as string;

    // Lan on Minh's programme: every change refused, with a clear reason; reading is fine.
    const refusals: Array<[CallName, object]> = [
      ['programme.update', title],
      ['programme.apply', { op: { type: 'updateTrack', trackId: track, patch: { muted: true } } }],
      ['programme.undo', {}],
      ['programme.redo', {}],
      ['programme.render', { formats: ['wav'] }],
      ['programme.submit', {}],
      ['programme.withdraw', {}],
      ['programme.trash', {}],
      ['programme.restore', {}],
      ['programme.purge', {}],
    ];
    for (const [name, request] of refusals) {
      const err = await f.failAs(lan, name, { id: theirs.id, ...request } as never);
      expect(err.code, name).toBe('FORBIDDEN');
      expect(err.message, name).toContain('Tin của Minh');
    }
    const files = await f.failAs(lan, 'programme.renderFiles', {
      programme: { id: theirs.id },
      files: [{ format: 'wav', file: path.join(f.dir, 'x.wav') }],
    });
    expect(files.code).toBe('FORBIDDEN');
    expect((await f.failAs(lan, 'programme.update', { id: local.id, ...title })).code).toBe('FORBIDDEN');
    expect((await f.as(lan, 'programme.get', { id: theirs.id })).metadata.title).toBe('Tin của Minh');
    // Nothing was changed by the refusals.
    const after = await f.as(admin, 'programme.get', { id: theirs.id });
    expect(after.revision).toBe(theirs.revision);
    expect(after.approval.state).toBe('draft');

    // Her own: yes.
    expect((await f.as(lan, 'programme.update', { id: mine.id, ...title })).metadata.title).toBe('Đổi tên');
    expect((await f.as(lan, 'programme.submit', { id: mine.id })).approval.state).toBe('submitted');
    // An editor changes anyone's; an approver none, and a reporter approves nothing.
    expect((await f.as(editor, 'programme.update', { id: theirs.id, ...title })).revision).toBe(
      theirs.revision + 1,
    );
    expect((await f.failAs(chief, 'programme.update', { id: theirs.id, ...title })).code).toBe('FORBIDDEN');
    const sha = masterOf(mine).sha256;
    expect((await f.failAs(lan, 'programme.approve', { id: mine.id, masterSha256: sha })).code).toBe(
      'FORBIDDEN',
    );
    expect((await f.failAs(editor, 'programme.return', { id: mine.id, comment: 'Không' })).code).toBe(
      'FORBIDDEN',
    );
    expect((await f.as(chief, 'programme.approve', { id: mine.id, masterSha256: sha })).approval.state).toBe(
      'approved',
    );
  });
});

describe('programmes made before approval', () => {
  it('read as the local admin’s drafts after the index’s migration, and filter by state', async () => {
    const f = await fixture();
    const p = await f.as(admin, 'programme.create', { metadata: { title: 'Bản tin cũ' } });
    await studios.closeAll();
    // Back to what the release before approval wrote: index schema 1, file without the fields.
    const db = new Database(path.join(f.dir, 'data', 'db', 'studio.sqlite'));
    db.exec(`
      DROP INDEX programmes_approval;
      ALTER TABLE programmes DROP COLUMN approval_state;
      ALTER TABLE programmes DROP COLUMN created_by;
      UPDATE programmes SET summary = json_remove(summary, '$.createdBy', '$.approval');
      DELETE FROM schema_migrations WHERE owner = 'programme' AND version = 2;
    `);
    db.close();
    const file = path.join(f.dir, 'data', 'db', `programme-${p.id}.json`);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete stored.createdBy;
    delete stored.approval;
    await writeFile(file, JSON.stringify(stored));

    const t = await studios.open(path.join(f.dir, 'data'));
    const draft = { state: 'draft', masterSha256: null, comment: null, emergency: false };
    expect(await t.call('programme.list', { approvalState: 'draft' })).toEqual([
      expect.objectContaining({ id: p.id, createdBy: null, approval: draft }),
    ]);
    expect(await t.call('programme.list', { approvalState: 'submitted' })).toEqual([]);
    const state = await t.call('programme.get', { id: p.id });
    expect(state.approval).toEqual({ ...draft, history: [] });
    expect(state.createdBy).toBeNull();
  });
});
