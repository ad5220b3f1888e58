/**
 * The role matrix, generated from the one table (`ROLE_PERMISSIONS`): every call of the contract ×
 * every role through the real router of a composed studio, every event × every role through
 * `connect(caller)`, and a library asset's media file × every role. A call is refused with
 * FORBIDDEN exactly when none of the caller's roles grants its permission.
 *
 * Each call is sent a request that passes its schema (the router validates before it authorises)
 * with a signal already aborted: a permitted call stops with CANCELLED right after the permission
 * check, so no handler runs and nothing is imported, recorded or rendered.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anonymousCaller, localCaller, type Caller } from '../../src-main/app/policy';
import {
  CALL_NAMES,
  calls,
  EVENT_PERMISSIONS,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  type CallName,
  type EventName,
  type EventPayload,
  type Permission,
  type RequestIn,
  type Role,
} from '../../src-main/contract';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const ASSET = 'a'.repeat(64);
const PREVIEW = 'b'.repeat(64);
const PROJECT = 'c'.repeat(32);
const PROGRAMME = 'd'.repeat(32);
const TEMPLATE = 'e'.repeat(32);
const OUTBOX_ITEM = '0f5c3a52-6d0e-4a3b-9c1d-2e7f8a9b0c1d';
const FILE = '/tmp/role-matrix/none';

/** A request each call's schema accepts. Typed per call, so that a new call cannot be left out. */
const VALID_REQUESTS: { [K in CallName]: RequestIn<K> } = {
  'system.info': {},
  'system.doctor': {},
  'system.recoveries': {},
  'system.diagnostics': {},
  'settings.get': {},
  'settings.update': { uiLanguage: 'vi' },
  'system.chooseSaveFile': { defaultPath: `${FILE}.wav` },
  'system.chooseOpenFile': { defaultPath: `${FILE}.sqlite` },
  'system.checkRecords': {},
  'system.backup': { file: `${FILE}.sqlite` },
  'system.backups': {},
  'system.restore': { file: null },
  'system.listFolder': {},
  'system.chooseFolder': { path: FILE },
  'library.import': { paths: [`${FILE}.wav`] },
  'library.cancelImport': { jobId: 'job' },
  'library.importStatus': { jobId: 'job' },
  'library.list': {},
  'library.get': { id: ASSET },
  'library.update': { id: ASSET, patch: { title: 'Tin sáng' } },
  'library.trash': { id: ASSET },
  'library.restore': { id: ASSET },
  'library.usage': { id: ASSET },
  'library.purge': { id: ASSET },
  'library.peaks': { id: ASSET },
  'recording.devices': {},
  'recording.checkInput': {},
  'recording.status': {},
  'recording.start': {},
  'recording.pause': {},
  'recording.resume': {},
  'recording.marker': {},
  'recording.stop': {},
  'recording.recovered': {},
  'edit.list': {},
  'edit.open': { assetId: ASSET },
  'edit.apply': { projectId: PROJECT, op: { type: 'split', at: 0 } },
  'edit.undo': { projectId: PROJECT },
  'edit.redo': { projectId: PROJECT },
  'edit.jumpTo': { projectId: PROJECT, position: 0 },
  'edit.history': { projectId: PROJECT },
  'edit.copy': { projectId: PROJECT, start: 0, end: 1 },
  'edit.clipboard': {},
  'edit.segments.add': {
    projectId: PROJECT,
    segment: { start: 0, end: 1, language: 'vie', type: 'news', title: 'Tin' },
  },
  'edit.segments.update': { projectId: PROJECT, segmentId: 's1', patch: {} },
  'edit.segments.remove': { projectId: PROJECT, segmentId: 's1' },
  'edit.preview': { projectId: PROJECT },
  'edit.peaks': { previewId: PREVIEW },
  'edit.samples': { previewId: PREVIEW, startSample: 0, count: 1 },
  'edit.exportPath': { projectId: PROJECT, format: 'wav' },
  'edit.export': { projectId: PROJECT, format: 'wav' },
  'edit.exportStatus': { jobId: 'job' },
  'edit.cancelExport': { jobId: 'job' },
  'programme.list': {},
  'programme.create': {},
  'programme.get': { id: PROGRAMME },
  'programme.update': { id: PROGRAMME },
  'programme.apply': { id: PROGRAMME, op: { type: 'removeTrack', trackId: 't1' } },
  'programme.undo': { id: PROGRAMME },
  'programme.redo': { id: PROGRAMME },
  'programme.trash': { id: PROGRAMME },
  'programme.restore': { id: PROGRAMME },
  'programme.purge': { id: PROGRAMME },
  'programme.templates.list': {},
  'programme.templates.save': { programmeId: PROGRAMME, name: 'Thời sự sáng' },
  'programme.templates.remove': { templateId: TEMPLATE },
  'programme.render': { id: PROGRAMME },
  'programme.renderFiles': { programme: { id: PROGRAMME }, files: [{ format: 'wav', file: `${FILE}.wav` }] },
  'programme.renderStatus': { jobId: 'job' },
  'programme.preview': { id: PROGRAMME },
  'programme.sourcePeaks': { source: { kind: 'asset', assetId: ASSET } },
  'programme.cancelRender': { jobId: 'job' },
  'programme.export': { id: PROGRAMME },
  'programme.import': { path: `${FILE}.json` },
  'programme.submit': { id: PROGRAMME, comment: 'Bản tin sáng' },
  'programme.withdraw': { id: PROGRAMME },
  'programme.approve': { id: PROGRAMME, masterSha256: ASSET, emergency: true },
  'programme.return': { id: PROGRAMME, comment: 'Sửa tin thứ hai' },
  'audit.verify': {},
  'audit.list': { from: '2026-12-01', to: '2026-12-31', group: 'approval', text: 'duyệt', limit: 20 },
  'audit.exportCsv': { file: `${FILE}.csv`, filter: { userId: null } },
  'audit.monthReport': { month: '2026-12' },
  'auth.state': {},
  'auth.setup': { name: 'lan', displayName: 'Nguyễn Thị Lan', password: 'mật khẩu dài' },
  'auth.signIn': { name: 'lan', password: 'mật khẩu dài' },
  'auth.resume': { resumeToken: 'f'.repeat(64) },
  'auth.signOut': {},
  'auth.lock': {},
  'auth.unlock': { password: 'mật khẩu dài' },
  'auth.changePassword': { current: 'mật khẩu dài', next: 'mật khẩu mới dài' },
  'users.list': {},
  'users.add': { name: 'hung', displayName: 'Trần Văn Hùng', roles: ['reporter'], password: 'mật khẩu dài' },
  'users.update': { id: PROJECT, roles: ['editor'] },
  'users.resetPassword': { id: PROJECT, password: 'mật khẩu mới dài' },
  'users.setDisabled': { id: PROJECT, disabled: true },
  'notifications.list': { limit: 20 },
  'notifications.markRead': { all: true },
  'publish.settings': {},
  'publish.configure': {
    endpoint: 'https://nguon.example.vn',
    stationCode: 'TT-XA-01',
    token: 'mã truy cập',
  },
  'publish.check': {},
  'publish.queue': { programmeId: PROGRAMME },
  'outbox.list': {},
  'outbox.run': { untilEmpty: true, timeoutSeconds: 30 },
  'outbox.sync': {},
  'stations.list': {},
  'stations.add': { code: 'XA-01', name: 'Xã A' },
  'stations.update': { code: 'XA-01', name: 'Xã A' },
  'stations.setEnabled': { code: 'XA-01', enabled: false },
  'stations.streams': { code: 'XA-01' },
  'stations.rotateToken': { code: 'XA-01' },
  'stations.configure': { streamBaseUrl: null },
  'stations.importCsv': { csv: 'code,name\r\n' },
  'stations.exportCsv': { file: `${FILE}.csv` },
  'live.state': {},
  'live.start': { target: { kind: 'all' } },
  'live.stop': {},
  'live.source.add': { spec: 'file:/tmp/role-matrix/none.wav', priority: 'playout' },
  'live.source.level': { id: 'source', levelDb: -6 },
  'live.source.play': { id: 'source' },
  'live.source.pause': { id: 'source' },
  'live.source.remove': { id: 'source' },
  'live.emergency.start': { target: { kind: 'stations', codes: ['XA-01'] }, spec: 'file:/tmp/khan-cap.wav' },
  'live.emergency.end': {},
  'live.prelisten': {},
  'live.settings': {},
  'live.configure': { emergencyRoles: ['operator'] },
  'broadcastLog.list': { from: '2026-12-01', station: 'XA-01' },
  'broadcastLog.export': { file: `${FILE}.csv` },
  'schedule.list': {},
  'schedule.add': {
    at: '06:00',
    play: 'url:http://127.0.0.1:9/vov1',
    lengthSeconds: 60,
    target: { kind: 'all' },
  },
  'schedule.update': { id: 'slot', enabled: false },
  'schedule.remove': { id: 'slot' },
  'schedule.settings': {},
  'schedule.configure': { preempted: 'skip' },
  'monitor.state': {},
  'monitor.configure': { silenceSeconds: 10 },
  'publish.link': {},
  'outbox.retry': { itemId: OUTBOX_ITEM },
  'outbox.cancel': { itemId: OUTBOX_ITEM },
  'publish.withdraw': { itemId: OUTBOX_ITEM, reason: 'Sai thông tin' },
  'asAired.list': { from: '2026-12-01' },
  'archive.search': { text: 'bản tin', language: ['vie'] },
  'archive.get': { id: 'asset:0000' },
  'archive.export': { id: 'asset:0000', dir: '/tmp/role-matrix-archive' },
  'report.airtime': { month: '2026-12', by: 'language' },
  'report.export': { month: '2026-12', format: 'xlsx', file: `${FILE}.xlsx` },
  'archive.import': { dir: FILE },
  'archive.retention.list': {},
  'archive.retention.delete': { ids: ['as-aired:main/2025-01-01'], confirm: true },
};

/** Every role alone, and one user with two roles (who has the union). */
const CALLERS: ReadonlyArray<readonly Role[]> = [...ROLES.map((r) => [r]), ['announcer', 'archivist']];

const callerWith = (roles: readonly Role[]): Caller => ({ host: 'web', userId: roles.join('+'), roles });
/** `session` calls (sign in, who am I) are every caller's, with or without a role. */
const grants = (roles: readonly Role[], permission: Permission) =>
  permission === 'session' || roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
const label = (roles: readonly Role[]) => roles.join('+');

describe('the role table', () => {
  it('gives every role something to do and every call, event and permission a role', () => {
    for (const role of ROLES) expect(ROLE_PERMISSIONS[role], role).not.toEqual([]);
    for (const role of ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS, `${role}: ${p}`).toContain(p);
    }
    const needed = new Set<Permission>([
      ...CALL_NAMES.map((name) => calls[name].permission),
      ...Object.values(EVENT_PERMISSIONS),
    ]);
    for (const name of CALL_NAMES) {
      const p = calls[name].permission;
      expect(
        ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(p)),
        `${name} needs ${p}, which no role has`,
      ).not.toEqual([]);
    }
    // No permission that nothing asks for: the table holds only rules that are checked somewhere.
    for (const p of PERMISSIONS) expect(needed.has(p), `${p} is needed by no call or event`).toBe(true);
    // The local admin (every host's caller until accounts land) may do everything, as before.
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('has a request for every call that its schema accepts', () => {
    expect(Object.keys(VALID_REQUESTS).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) {
      const parsed = calls[name].request.safeParse(VALID_REQUESTS[name]);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });
});

describe('the role matrix through a composed studio', () => {
  it('refuses a call with FORBIDDEN exactly when no role of the caller grants its permission', async () => {
    const dir = await tempDir();
    const { studio } = await studios.open(path.join(dir, 'data'));
    const aborted = AbortSignal.abort();
    const got: string[] = [];
    const want: string[] = [];
    for (const roles of CALLERS) {
      const connection = studio.connect(callerWith(roles));
      for (const name of CALL_NAMES) {
        const reply = await connection.call(name, VALID_REQUESTS[name], aborted);
        const code = reply.ok ? 'OK' : reply.error.code;
        got.push(`${label(roles)} ${name} ${code}`);
        want.push(
          `${label(roles)} ${name} ${grants(roles, calls[name].permission) ? 'CANCELLED' : 'FORBIDDEN'}`,
        );
      }
      connection.close();
    }
    expect(got).toEqual(want);
    // The table refuses something to every role but admin: the matrix is not all one answer.
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect(
        got.some((line) => line.startsWith(`${role} `) && line.endsWith('FORBIDDEN')),
        role,
      ).toBe(true);
    }
  });

  it('refuses every call but the session ones to a caller without a known role', async () => {
    const dir = await tempDir();
    const { studio } = await studios.open(path.join(dir, 'data'));
    for (const roles of [[], ['superuser']] as unknown as Role[][]) {
      const connection = studio.connect(callerWith(roles));
      for (const name of CALL_NAMES) {
        const reply = await connection.call(name, VALID_REQUESTS[name], AbortSignal.abort());
        const session = calls[name].permission === 'session';
        expect(reply.ok ? 'OK' : reply.error.code, `${label(roles)} ${name}`).toBe(
          session ? 'CANCELLED' : 'FORBIDDEN',
        );
      }
    }
  });

  it('lets an anonymous caller of a studio with users make only session calls, and a locked one too', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    // The support's local admin sets the first admin up (and is signed in as them).
    await t.call('auth.setup', { name: 'quantri', displayName: 'Quản trị', password: 'mật khẩu quản trị' });
    const admin = await t.signIn('quantri', 'mật khẩu quản trị');
    const local = t.studio.connect(localCaller('web'));
    const anonymous = t.studio.connect(anonymousCaller('web'));
    expect(await admin.call('auth.lock', {})).toMatchObject({ ok: true, result: { locked: true } });
    const heard: EventName[] = [];
    for (const c of [local, anonymous, admin]) c.subscribe((event) => heard.push(event));
    for (const event of Object.keys(EVENT_PERMISSIONS) as EventName[]) {
      t.studio.events.emit(event, {} as EventPayload<typeof event>);
    }
    expect(heard).toEqual([]);
    const want = (name: CallName, refused: string) =>
      calls[name].permission === 'session' ? 'CANCELLED' : refused;
    for (const [who, connection, refused] of [
      ['local admin once users exist', local, 'FORBIDDEN'],
      ['anonymous', anonymous, 'FORBIDDEN'],
      ['locked admin', admin, 'SESSION_LOCKED'],
    ] as const) {
      for (const name of CALL_NAMES) {
        const reply = await connection.call(name, VALID_REQUESTS[name], AbortSignal.abort());
        expect(reply.ok ? 'OK' : reply.error.code, `${who} ${name}`).toBe(want(name, refused));
      }
    }
    expect(local.mediaFile('a'.repeat(64))).toBeNull();
    expect(local.may('library.write')).toBe(false);
    expect(admin.may('library.write')).toBe(false);
  });

  it('runs a permitted call for a role that is not admin', async () => {
    const dir = await tempDir();
    const { studio } = await studios.open(path.join(dir, 'data'));
    const reporter = studio.connect(callerWith(['reporter']));
    expect(await reporter.call('programme.list', {})).toEqual({ ok: true, result: [] });
    expect(await reporter.call('system.backups', {})).toMatchObject({ ok: true });
    expect(await reporter.call('system.restore', { file: null })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('delivers an event only to callers whose roles grant its read permission', async () => {
    const dir = await tempDir();
    const { studio } = await studios.open(path.join(dir, 'data'));
    const heard = new Map<string, EventName[]>();
    for (const roles of CALLERS) {
      const list: EventName[] = [];
      heard.set(label(roles), list);
      studio.connect(callerWith(roles)).subscribe((event) => list.push(event));
    }
    const events = Object.keys(EVENT_PERMISSIONS) as EventName[];
    // The bus fans out whatever it is given; the filter looks only at the event's name.
    for (const event of events) studio.events.emit(event, {} as EventPayload<typeof event>);
    for (const roles of CALLERS) {
      const expected = events.filter((e) => grants(roles, EVENT_PERMISSIONS[e]));
      expect(heard.get(label(roles)), label(roles)).toEqual(expected);
    }
  });

  it("answers a library asset's media id only to callers whose roles grant library.read", async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const id = await t.importFile(signal(path.join(dir, 'tin.wav'), { samples: 4_800 }));
    for (const roles of CALLERS) {
      const file = t.studio.connect(callerWith(roles)).mediaFile(id);
      if (grants(roles, 'library.read')) expect(file, label(roles)).toMatch(/\.wav$/);
      else expect(file, label(roles)).toBeNull();
    }
    expect(t.studio.connect(callerWith([])).mediaFile(id)).toBeNull();
  });
});
