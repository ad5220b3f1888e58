/**
 * Notifications inside the studio (issue 13), through the real event bus, the real router and the
 * records database: an approval step becomes a notification for those it concerns (a submission
 * for everyone who may approve, a return or an approval for the programme's maker), each user's
 * read marks are their own, and windows hear `notifications.changed` to fetch their list again.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/app/policy';
import type {
  CallName,
  NotificationList,
  ProgrammeApprovalEvent,
  RequestIn,
  ResultOf,
  Role,
} from '../../src-main/contract';
import { importAs, S } from '../support/programme';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const user = (userId: string | null, ...roles: Role[]): Caller => ({ host: 'web', userId, roles });
const LAN = user('lan', 'reporter');
const MAI = user('mai', 'editor');
const HUNG = user('hung', 'chiefEditor');
const AN = user('an', 'announcer');
const ADMIN = user(null, 'admin');

async function as<K extends CallName>(
  t: TestStudio,
  caller: Caller,
  name: K,
  req: RequestIn<K>,
): Promise<ResultOf<K>> {
  const reply = await t.studio.router.call(name, req, caller);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.result as ResultOf<K>;
}

const listOf = (t: TestStudio, caller: Caller) => as(t, caller, 'notifications.list', {});
const kinds = (l: NotificationList) => l.notifications.map((n) => `${n.kind}${n.read ? '' : '*'}`);

/** An approval step, as the approval service announces it on the bus. */
function step(
  t: TestStudio,
  e: Partial<ProgrammeApprovalEvent> & Pick<ProgrammeApprovalEvent, 'state'>,
): void {
  t.studio.events.emit('programme.approval', {
    programmeId: 'p1',
    title: 'Bản tin sáng',
    previous: 'draft',
    byUserId: 'lan',
    byName: 'Nguyễn Thị Lan',
    ownerId: 'lan',
    comment: null,
    emergency: false,
    ...e,
  });
}

describe('notifications', () => {
  it('follows a programme through real approval calls: submitted, returned with a comment, approved', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const voice = await importAs(
      t,
      signal(path.join(dir, 'voice.wav'), { samples: S, tone: { freq: 330, amp: 0.2 } }),
      'Tin sáng',
    );
    const reporter = { ...LAN, userName: 'lan' };
    const chief = { ...HUNG, userName: 'hung' };
    let outputs = 0;
    const render = async (id: string) => {
      const out = path.join(dir, `out-${++outputs}`);
      await mkdir(out);
      const job = await as(t, reporter, 'programme.render', { id, dir: out, formats: ['wav'] });
      expect((await t.studio.services.programme.renders.waitRender(job.id)).error).toBeNull();
      return as(t, reporter, 'programme.get', { id });
    };
    const p = await as(t, reporter, 'programme.create', {
      metadata: { title: 'Bản tin sáng', languages: ['vie'] },
    });
    const track = p.tracks.find((x) => x.kind === 'voice')?.id as string;
    await as(t, reporter, 'programme.apply', {
      id: p.id,
      op: { type: 'add', item: { trackId: track, source: { kind: 'asset', assetId: voice } } },
    });
    await render(p.id);
    await as(t, reporter, 'programme.submit', { id: p.id, comment: 'Nhờ anh duyệt' });
    expect((await listOf(t, chief)).notifications).toMatchObject([
      {
        kind: 'programme.submitted',
        programmeId: p.id,
        title: 'Bản tin sáng',
        byUserId: 'lan',
        comment: 'Nhờ anh duyệt',
        read: false,
      },
    ]);
    expect(await listOf(t, reporter)).toEqual({ notifications: [], unread: 0 });

    await as(t, chief, 'programme.return', { id: p.id, comment: 'Đoạn mở đầu quá dài' });
    expect((await listOf(t, reporter)).notifications).toMatchObject([
      {
        kind: 'programme.returned',
        programmeId: p.id,
        byUserId: 'hung',
        comment: 'Đoạn mở đầu quá dài',
        read: false,
      },
    ]);

    await as(t, reporter, 'programme.update', { id: p.id, metadata: { title: 'Bản tin sáng thứ Hai' } });
    const again = await render(p.id);
    await as(t, reporter, 'programme.submit', { id: p.id });
    const sha256 = again.lastRender?.files.find((x) => x.format === 'wav')?.sha256 as string;
    await as(t, chief, 'programme.approve', { id: p.id, masterSha256: sha256 });
    expect(kinds(await listOf(t, reporter))).toEqual(['programme.approved*', 'programme.returned*']);
    expect((await listOf(t, reporter)).notifications[0]).toMatchObject({ title: 'Bản tin sáng thứ Hai' });
    expect(kinds(await listOf(t, chief))).toEqual(['programme.submitted*', 'programme.submitted*']);
    // Another editor is neither the maker nor an approver.
    expect((await listOf(t, MAI)).unread).toBe(0);
  }, 120_000);

  it('names people as they are known, not by their sign-in names: the history, the events and the notifications', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const voice = await importAs(
      t,
      signal(path.join(dir, 'voice.wav'), { samples: S, tone: { freq: 330, amp: 0.2 } }),
      'Tin sáng',
    );
    await t.call('auth.setup', {
      name: 'quantri',
      displayName: 'Quản trị viên',
      password: 'mật khẩu quản trị',
    });
    await t.call('users.add', {
      name: 'lan',
      displayName: 'Nguyễn Thị Lan',
      roles: ['reporter'],
      password: 'phóng viên Lan 01',
    });
    await t.call('users.add', {
      name: 'hung',
      displayName: 'Trần Văn Hùng',
      roles: ['chiefEditor'],
      password: 'lãnh đạo Hùng 01',
    });
    const lan = await t.signIn('lan', 'phóng viên Lan 01');
    const hung = await t.signIn('hung', 'lãnh đạo Hùng 01');
    const call = async <K extends CallName>(w: typeof lan, name: K, req: RequestIn<K>) => {
      const reply = await w.call(name, req);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
      return reply.result as ResultOf<K>;
    };
    const p = await call(lan, 'programme.create', {
      metadata: { title: 'Bản tin sáng', languages: ['vie'] },
    });
    const track = p.tracks.find((x) => x.kind === 'voice')?.id as string;
    await call(lan, 'programme.apply', {
      id: p.id,
      op: { type: 'add', item: { trackId: track, source: { kind: 'asset', assetId: voice } } },
    });
    const out = path.join(dir, 'out');
    await mkdir(out);
    const job = await call(lan, 'programme.render', { id: p.id, dir: out, formats: ['wav'] });
    expect((await t.studio.services.programme.renders.waitRender(job.id)).error).toBeNull();

    const submitted = await call(lan, 'programme.submit', { id: p.id });
    expect(submitted.approval.history.at(-1)).toMatchObject({ state: 'submitted', byName: 'Nguyễn Thị Lan' });
    expect((await call(hung, 'notifications.list', {})).notifications).toMatchObject([
      { kind: 'programme.submitted', byName: 'Nguyễn Thị Lan' },
    ]);
    await call(hung, 'programme.return', { id: p.id, comment: 'Thiếu nguồn tin.' });
    expect((await call(lan, 'notifications.list', {})).notifications).toMatchObject([
      { kind: 'programme.returned', byName: 'Trần Văn Hùng', comment: 'Thiếu nguồn tin.' },
    ]);
    const events = t.events.filter((e) => e.event === 'programme.approval');
    expect(events.map((e) => (e.payload as ProgrammeApprovalEvent).byName)).toEqual([
      'Nguyễn Thị Lan',
      'Trần Văn Hùng',
    ]);
    lan.close();
    hung.close();
  }, 120_000);

  it("tells a submission to whoever may approve, a return or an approval to the maker, never one's own step", async () => {
    const t = await studios.open(path.join(await tempDir(), 'data'));
    const heard: string[] = [];
    const reporter = t.studio.connect(LAN);
    reporter.subscribe((event, payload) => {
      if (event.startsWith('notifications.')) heard.push(`${event} ${JSON.stringify(payload)}`);
    });

    step(t, { state: 'submitted', comment: 'Nhờ anh duyệt gấp' });
    expect(kinds(await listOf(t, HUNG))).toEqual(['programme.submitted*']);
    expect(await listOf(t, HUNG)).toMatchObject({
      unread: 1,
      notifications: [
        {
          kind: 'programme.submitted',
          programmeId: 'p1',
          title: 'Bản tin sáng',
          byUserId: 'lan',
          byName: 'Nguyễn Thị Lan',
          comment: 'Nhờ anh duyệt gấp',
          emergency: false,
          read: false,
        },
      ],
    });
    // The local admin holds every permission; the maker did it herself; an editor may not approve.
    expect(kinds(await listOf(t, ADMIN))).toEqual(['programme.submitted*']);
    expect(await listOf(t, LAN)).toEqual({ notifications: [], unread: 0 });
    expect(await listOf(t, MAI)).toEqual({ notifications: [], unread: 0 });

    step(t, {
      state: 'returned',
      previous: 'submitted',
      byUserId: 'hung',
      byName: 'Trần Văn Hùng',
      comment: 'Đoạn mở đầu quá dài, bỏ bớt.',
    });
    expect(await listOf(t, LAN)).toMatchObject({
      unread: 1,
      notifications: [
        { kind: 'programme.returned', comment: 'Đoạn mở đầu quá dài, bỏ bớt.', byName: 'Trần Văn Hùng' },
      ],
    });
    // The approver who returned it is not told of his own return; others are not the maker.
    expect(kinds(await listOf(t, HUNG))).toEqual(['programme.submitted*']);
    expect(kinds(await listOf(t, MAI))).toEqual([]);

    step(t, { state: 'draft', previous: 'returned' });
    step(t, { state: 'submitted', previous: 'draft' });
    step(t, { state: 'approved', previous: 'submitted', byUserId: 'hung', byName: 'Trần Văn Hùng' });
    step(t, { state: 'sent', previous: 'approved', byUserId: 'hung' });
    expect(kinds(await listOf(t, LAN))).toEqual(['programme.approved*', 'programme.returned*']);
    expect(kinds(await listOf(t, HUNG))).toEqual(['programme.submitted*', 'programme.submitted*']);

    // A programme whose maker is not known (made by the local admin): whoever may change programmes.
    step(t, {
      programmeId: 'p2',
      title: 'Chuyên mục nông thôn',
      state: 'approved',
      previous: 'submitted',
      byUserId: 'hung',
      ownerId: null,
      emergency: true,
    });
    expect((await listOf(t, MAI)).notifications).toMatchObject([
      { kind: 'programme.approved', programmeId: 'p2', emergency: true },
    ]);
    expect(kinds(await listOf(t, LAN))).toEqual([
      'programme.approved*',
      'programme.approved*',
      'programme.returned*',
    ]);
    expect(kinds(await listOf(t, AN))).toEqual([]);

    // Each change told to windows with nothing in it of what changed.
    expect(heard).toEqual(Array(5).fill('notifications.changed {"reason":"added"}'));
    reporter.close();
  });

  it("keeps each user's read marks their own, and the local admin's under one key", async () => {
    const dataDir = path.join(await tempDir(), 'data');
    let t = await studios.open(dataDir);
    step(t, { state: 'submitted' });
    step(t, { programmeId: 'p2', state: 'submitted', title: 'Thời sự trưa' });
    step(t, { state: 'returned', previous: 'submitted', byUserId: 'hung', comment: 'Sửa lại' });
    const chief2 = user('tuan', 'chiefEditor');

    const hung = await listOf(t, HUNG);
    expect(hung.unread).toBe(2);
    const [p2, p1] = hung.notifications;
    expect(p2?.programmeId).toBe('p2');
    expect(await as(t, HUNG, 'notifications.markRead', { ids: [p2?.id as number] })).toEqual({ unread: 1 });
    expect(kinds(await listOf(t, HUNG))).toEqual(['programme.submitted', 'programme.submitted*']);
    // Another approver's marks are untouched.
    expect((await listOf(t, chief2)).unread).toBe(2);
    // A notification the caller does not see cannot be marked by them (the maker's, by an approver).
    const lanReturned = (await listOf(t, LAN)).notifications[0];
    expect(
      await as(t, HUNG, 'notifications.markRead', { ids: [lanReturned?.id as number, p1?.id as number] }),
    ).toEqual({
      unread: 0,
    });
    expect((await listOf(t, LAN)).unread).toBe(1);

    // The local admin sees what is addressed to a permission, not what is addressed to Lan.
    expect((await listOf(t, ADMIN)).unread).toBe(2);
    expect(await as(t, ADMIN, 'notifications.markRead', { all: true })).toEqual({ unread: 0 });
    expect((await listOf(t, chief2)).unread).toBe(2);
    expect((await listOf(t, LAN)).unread).toBe(1);

    // Marks are kept in the records: the same after a restart.
    await studios.closeAll();
    t = await studios.open(dataDir);
    expect((await listOf(t, ADMIN)).unread).toBe(0);
    expect(kinds(await listOf(t, HUNG))).toEqual(['programme.submitted', 'programme.submitted']);
    expect((await listOf(t, LAN)).unread).toBe(1);

    // Marking what is already read tells nobody.
    const heard: unknown[] = [];
    t.studio.connect(LAN).subscribe((event) => event === 'notifications.changed' && heard.push(event));
    await as(t, ADMIN, 'notifications.markRead', { all: true });
    await as(t, LAN, 'notifications.markRead', { all: true });
    expect(heard).toHaveLength(1);
    expect((await t.fail('notifications.markRead', { ids: [] } as never)).code).toBe('INVALID_REQUEST');
  });
});
