/**
 * What the adapters send, without the network: the reference adapter's field mapping (renames,
 * subject-area and priority codes), and the flat adapter's record read by the sandbox's own flat
 * layout (two implementations written from either side) back into the same bulletin.
 */
import { describe, expect, it } from 'vitest';
import { publishFieldMappingSchema } from '../../src-main/contract';
import type { BulletinSubmission } from '../../src-main/publish/adapter';
import { applyFieldMapping } from '../../src-main/publish/field-mapping';
import { flatBulletinOf } from '../../src-main/publish/flat-adapter';
import { flatRecordSchema, routesOf, submissionOfFlat } from '../../src-main/sandbox/provincial/flat-layout';
import { matchRoute, ROUTES } from '../../src-main/sandbox/provincial/routes';

const SUBMISSION: BulletinSubmission = {
  title: 'Bản tin phòng chống bão số 3',
  summary: 'Hướng dẫn người dân chằng chống nhà cửa.',
  subjectArea: 'Phòng chống thiên tai',
  priority: 'emergency',
  languages: [
    { code: 'vie', seconds: 120 },
    { code: 'tyz', seconds: 60.5 },
  ],
  targetUnits: ['01234', '01237'],
  broadcastWindows: [
    { start: '2025-09-01T06:00:00+07:00', end: '2025-09-01T06:03:31+07:00' },
    // Across midnight, station time: 23:58 to 00:01:31 the next day.
    { start: '2025-09-01T16:58:00.000Z', end: '2025-09-01T17:01:31.000Z' },
  ],
  durationSeconds: 210.5,
  loudness: { integratedLufs: -23, truePeakDbtp: -1.2, preset: 'r128-23' },
  station: { code: 'TTVH-CB' },
  authors: [{ name: 'Nguyễn Thị Hoa' }, { name: 'Lò Văn Páo' }],
  approval: { approver: 'Trần Văn Nam', approvedAt: '2025-08-31T16:00:00+07:00' },
  audio: { uploadId: 'abc123', sha256: 'a'.repeat(64) },
};

describe('the field mapping', () => {
  it('renames top-level fields and codes subject areas and priorities; the rest as it is', () => {
    const mapping = publishFieldMappingSchema.parse({
      rename: { subjectArea: 'linhVuc', targetUnits: 'donViNhan' },
      subjectAreas: { 'Phòng chống thiên tai': 'PCTT' },
      priorities: { emergency: 'KHAN_CAP' },
    });
    const sent = applyFieldMapping(SUBMISSION, mapping);
    expect(sent).toMatchObject({ linhVuc: 'PCTT', donViNhan: ['01234', '01237'], priority: 'KHAN_CAP' });
    expect(sent).not.toHaveProperty('subjectArea');
    expect(sent).not.toHaveProperty('targetUnits');
    expect(sent.title).toBe(SUBMISSION.title);
    // An empty mapping is the protocol as written.
    expect(applyFieldMapping(SUBMISSION, publishFieldMappingSchema.parse({}))).toEqual(SUBMISSION);
  });
});

describe('the flat layout', () => {
  it('is what the vendor’s schema accepts, and reads back into the same bulletin', () => {
    const record = flatBulletinOf(SUBMISSION);
    expect(record).toMatchObject({
      muc_do_uu_tien: 3,
      ngon_ngu: 'vie:120;tyz:60.5',
      don_vi_nhan: '01234,01237',
      lich_phat: [
        { ngay: '2025-09-01', gio_bat_dau: '06:00:00', gio_ket_thuc: '06:03:31' },
        { ngay: '2025-09-01', gio_bat_dau: '23:58:00', gio_ket_thuc: '00:01:31' },
      ],
      tac_gia: 'Nguyễn Thị Hoa; Lò Văn Páo',
    });
    const parsed = flatRecordSchema.parse(record);
    const back = submissionOfFlat(parsed);
    const { loudness: _loudness, broadcastWindows, ...rest } = SUBMISSION;
    expect(back).toMatchObject({ ...rest, loudness: { integratedLufs: -23, truePeakDbtp: -1.2 } });
    expect(back.broadcastWindows.map((w) => [Date.parse(w.start), Date.parse(w.end)])).toEqual(
      broadcastWindows.map((w) => [Date.parse(w.start), Date.parse(w.end)]),
    );
    // A record that is not the vendor's (a nested priority, a list of units) is refused.
    expect(flatRecordSchema.safeParse({ ...record, muc_do_uu_tien: 'emergency' }).success).toBe(false);
    expect(flatRecordSchema.safeParse({ ...record, don_vi_nhan: ['01234'] }).success).toBe(false);
  });

  it('serves its bulletin routes in place of the reference ones, the rest unchanged', () => {
    const flat = routesOf('flat');
    expect(routesOf('reference')).toBe(ROUTES);
    expect(matchRoute('POST', '/api/v1/ban-tin', flat)).toMatchObject({ route: { name: 'flatPublish' } });
    expect(matchRoute('GET', '/api/v1/ban-tin/bt_1', flat)).toMatchObject({ params: { bulletinId: 'bt_1' } });
    expect(matchRoute('POST', '/api/v1/bulletins', flat)).toBeNull();
    expect(matchRoute('POST', '/api/v1/ban-tin', ROUTES)).toBeNull();
    expect(matchRoute('PATCH', '/api/v1/uploads/abc', flat)).toMatchObject({ route: { area: 'tus' } });
    expect(matchRoute('POST', '/api/v1/oauth/token', flat)).toMatchObject({ route: { name: 'token' } });
  });
});
