/**
 * The seam between the outbox and a province's system (issue 14): a second adapter for a vendor
 * whose bulletin is a flat record (publish/flat-adapter.ts), against the sandbox speaking that
 * layout (`--layout flat`), and a field mapping the reference adapter applies, against the
 * sandbox speaking the reference protocol. Real HTTP on 127.0.0.1, through the real router.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme } from '../support/approved-programme';
import { auth, held, sandbox, TOKEN } from '../support/provincial';
import { runStudioCli } from '../support/cli';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const sandboxes: RunningSandbox[] = [];

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

async function startSandbox(dir: string, layout: 'reference' | 'flat', faults = ''): Promise<RunningSandbox> {
  const s = await sandbox(path.join(dir, `sandbox-${layout}`), faults, { layout });
  sandboxes.push(s);
  return s;
}

const FAST = { baseDelayMs: 20, maxDelayMs: 200 };

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    ...init,
    headers: { ...auth(), ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the flat adapter against the sandbox speaking the flat layout', () => {
  it('delivers a programme once, the vendor holding its own fields, its status words read back', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir, 'flat');
    const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
    await t.call('publish.configure', {
      endpoint: box.url,
      stationCode: 'TTVH-CB',
      token: TOKEN,
      protocol: 'flat',
      fieldMapping: { subjectAreas: { 'Phòng chống thiên tai': 'PCTT' } },
    });
    expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'ok' });

    const p = await approvedProgramme(t, dir, 'Bản tin về lũ quét', { seconds: 2 });
    const item = await t.call('publish.queue', { programmeId: p.id });
    expect(await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 })).toMatchObject({
      sent: 1,
      failed: 0,
    });
    const [sent] = await t.call('outbox.list', {});
    expect(sent).toMatchObject({ id: item.id, state: 'sent', attempts: 1, bulletinStatus: 'received' });

    // Exactly one bulletin, with the approved audio; the vendor's record as it holds it.
    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    expect(bulletins[0]).toMatchObject({
      id: sent?.bulletinId,
      sha256: p.approval.masterSha256,
      title: p.metadata.title,
    });
    const record = await json(`${box.url}/api/v1/ban-tin/${sent?.bulletinId}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      ma_ban_tin: sent?.bulletinId,
      khoa_yeu_cau: expect.any(String) as unknown,
      tieu_de: 'Bản tin về lũ quét',
      linh_vuc: 'PCTT',
      muc_do_uu_tien: 1,
      don_vi_nhan: '01234,01237',
      ma_dai: 'TTVH-CB',
      ma_bam_sha256: p.approval.masterSha256,
      trang_thai: 'MOI_NHAN',
      lich_phat: [],
    });
    expect(record.body.ngon_ngu).toMatch(/^vie:\d+(\.\d+)?$/);
    expect(record.body).not.toHaveProperty('subjectArea');

    // The province accepts, then it is withdrawn: the vendor's words come back as the studio's.
    expect(
      (await fetch(`${box.url}/sandbox/bulletins/${sent?.bulletinId}/accept`, { method: 'POST' })).status,
    ).toBe(200);
    await t.call('outbox.sync', {});
    expect((await t.call('outbox.list', {}))[0]).toMatchObject({ bulletinStatus: 'accepted' });
    const withdrawn = await t.call('publish.withdraw', { itemId: item.id, reason: 'Thông tin đã cũ' });
    expect(withdrawn).toMatchObject({ bulletinStatus: 'withdrawn', bulletinReason: 'Thông tin đã cũ' });
    expect((await json(`${box.url}/api/v1/ban-tin/${sent?.bulletinId}`)).body).toMatchObject({
      trang_thai: 'DA_THU_HOI',
      ly_do: 'Thông tin đã cũ',
    });

    // The flat vendor has no reference bulletin routes; the reference adapter would not be understood.
    expect((await json(`${box.url}/api/v1/bulletins/${sent?.bulletinId}`)).status).toBe(404);
  }, 120_000);

  it('delivers once through dropped, duplicated, failing and error-200 answers', async () => {
    const dir = await tempDir();
    const box = await startSandbox(
      dir,
      'flat',
      'drop-mid-body:0.3,5xx:0.2,duplicate:0.3,error-200:0.2,seed=3',
    );
    const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
    await t.call('publish.configure', {
      endpoint: box.url,
      stationCode: 'TTVH-CB',
      token: TOKEN,
      protocol: 'flat',
    });
    const p = await approvedProgramme(t, dir, 'Bản tin trưa', { seconds: 2 });
    await t.call('publish.queue', { programmeId: p.id });
    expect(await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 90 })).toMatchObject({ sent: 1 });
    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    const [item] = await t.call('outbox.list', {});
    expect(item?.bulletinId).toBe(bulletins[0]?.id);
    expect(item).toMatchObject({ state: 'sent', bulletinStatus: 'received', lastError: null });
  }, 120_000);

  it('tells a reference system from a flat one in "Kiểm tra kết nối"', async () => {
    const dir = await tempDir();
    const reference = await startSandbox(dir, 'reference');
    const t = await studios.open(path.join(dir, 'data'));
    await t.call('publish.configure', {
      endpoint: reference.url,
      stationCode: 'TT',
      token: TOKEN,
      protocol: 'flat',
    });
    expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'notReference' });
  });
});

describe('a field mapping applied by the reference adapter', () => {
  it('sends the subject area in the province’s code, the rest as the protocol says', async () => {
    const dir = await tempDir();
    const box = await startSandbox(dir, 'reference');
    const t = await studios.open(path.join(dir, 'data'), { outboxRetry: FAST });
    await t.call('publish.configure', {
      endpoint: box.url,
      stationCode: 'TTVH-CB',
      token: TOKEN,
      fieldMapping: { subjectAreas: { 'Phòng chống thiên tai': 'PCTT-01' } },
    });
    const p = await approvedProgramme(t, dir, 'Bản tin phòng chống bão', { seconds: 2 });
    await t.call('publish.queue', { programmeId: p.id });
    expect(await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 })).toMatchObject({ sent: 1 });
    const [item] = await t.call('outbox.list', {});
    const bulletin = await json(`${box.url}/api/v1/bulletins/${item?.bulletinId}`);
    expect(bulletin.body.metadata).toMatchObject({ subjectArea: 'PCTT-01', priority: 'normal' });
  }, 120_000);
});

describe('studio provincial-sandbox --layout flat', () => {
  it('serves the flat layout in place of the reference bulletins, and refuses an unknown layout', async () => {
    const dir = await tempDir();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin/studio.js'),
        'provincial-sandbox',
        '--port',
        '0',
        '--data',
        dir,
        '--token',
        TOKEN,
        '--layout',
        'flat',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 30_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('dạng phẳng')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = /đang chạy: (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)?.[1] as string;
      expect(await json(`${url}/api/v1/ban-tin/x`)).toEqual({
        status: 404,
        body: { loi: { ma: 'NOT_FOUND', thong_bao: 'No bulletin x.' } },
      });
      expect((await json(`${url}/api/v1/bulletins/x`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    const wrong = runStudioCli(['provincial-sandbox', '--port', '0', '--data', dir, '--layout', 'xml']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--layout');
  });
});
