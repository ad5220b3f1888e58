/**
 * The audit viewer's sentences (issue 13): every entry in plain words, sessions and user
 * management too, with the same i18n resources the studio's UI loads; the choice of user by the
 * names people know.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditActionGroup, type AuditListEntry } from '../../src-main/contract';
import { en } from '../../src-renderer/i18n/en';
import { vi } from '../../src-renderer/i18n/vi';
import { entrySentence, userLabel } from '../../src-renderer/workspaces/audit/sentence';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: 'vi',
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
  });
});

function entry(fields: Partial<AuditListEntry>): AuditListEntry {
  return {
    seq: 1,
    at: '2025-10-03T01:00:00.000Z',
    userId: 'u-a',
    userName: 'Nguyễn Văn A',
    host: 'electron',
    action: 'auth.signIn',
    group: 'accounts',
    objectKind: 'user',
    objectId: 'u-a',
    objectTitle: 'vana',
    details: null,
    sha256: 'a'.repeat(64),
    prev: '0'.repeat(64),
    ...fields,
  };
}

const vie = (e: Partial<AuditListEntry>) => entrySentence(t.getFixedT('vi'), entry(e));
const eng = (e: Partial<AuditListEntry>) => entrySentence(t.getFixedT('en'), entry(e));

describe('audit sentences', () => {
  it('says who signed in, out, locked and unlocked, without naming them twice', () => {
    expect(vie({ action: 'auth.signIn' })).toBe('Nguyễn Văn A đã đăng nhập');
    expect(vie({ action: 'auth.signOut' })).toBe('Nguyễn Văn A đã đăng xuất');
    expect(vie({ action: 'auth.lock' })).toBe('Nguyễn Văn A đã khoá màn hình');
    expect(vie({ action: 'auth.unlock' })).toBe('Nguyễn Văn A đã mở khoá màn hình');
    expect(vie({ action: 'auth.setup' })).toBe('Nguyễn Văn A đã tạo tài khoản quản trị đầu tiên');
    expect(vie({ action: 'auth.changePassword' })).toBe('Nguyễn Văn A đã đổi mật khẩu của mình');
    expect(eng({ action: 'auth.signIn' })).toBe('Nguyễn Văn A signed in');
  });

  it('names a commune station by its name, and which way it was switched', () => {
    const station = { group: auditActionGroup('stations.add'), objectKind: 'station', objectId: 'XA-01' };
    expect(vie({ ...station, action: 'stations.add', objectTitle: 'Xã Bản Vược' })).toBe(
      'Nguyễn Văn A đã thêm cụm thu “Xã Bản Vược”',
    );
    expect(
      vie({
        ...station,
        action: 'stations.setEnabled',
        objectTitle: 'Xã Bản Vược',
        details: { enabled: false },
      }),
    ).toBe('Nguyễn Văn A đã tắt cụm thu “Xã Bản Vược”');
    expect(
      vie({
        ...station,
        action: 'stations.setEnabled',
        objectTitle: 'Xã Bản Vược',
        details: { enabled: true },
      }),
    ).toBe('Nguyễn Văn A đã bật lại cụm thu “Xã Bản Vược”');
    expect(vie({ ...station, action: 'stations.streams', objectTitle: 'Xã Bản Vược' })).toBe(
      'Nguyễn Văn A đã xem địa chỉ luồng và mã truy cập của cụm thu “Xã Bản Vược”',
    );
    expect(
      vie({
        action: 'stations.importCsv',
        group: 'system',
        objectKind: null,
        objectId: null,
        objectTitle: null,
      }),
    ).toBe('Nguyễn Văn A đã nhập danh sách cụm thu từ tệp CSV');
    expect(eng({ ...station, action: 'stations.rotateToken', objectTitle: 'Xã Bản Vược' })).toBe(
      'Nguyễn Văn A made a new token for station “Xã Bản Vược”',
    );
  });

  it('says what was queued for the province, in the publishing group', () => {
    expect(
      vie({
        action: 'publish.queue',
        group: auditActionGroup('publish.queue'),
        objectKind: 'programme',
        objectId: 'p1',
        objectTitle: 'Bản tin sáng',
      }),
    ).toBe('Nguyễn Văn A đã xếp vào hàng gửi lên tỉnh chương trình “Bản tin sáng”');
    expect(auditActionGroup('publish.queue')).toBe('publish');
    expect(auditActionGroup('publish.configure')).toBe('publish');
  });

  it('says what was done to an outbox item: withdrawn, cancelled, retried', () => {
    const item = { objectKind: 'outboxItem', objectId: '0f5c3a52-6d0e', objectTitle: null };
    expect(vie({ action: 'publish.withdraw', ...item })).toBe(
      'Nguyễn Văn A đã rút khỏi tỉnh bản tin của mục gửi tỉnh (mã 0f5c3a52-6d0…)',
    );
    expect(vie({ action: 'outbox.cancel', ...item })).toBe(
      'Nguyễn Văn A đã huỷ mục gửi tỉnh (mã 0f5c3a52-6d0…)',
    );
    expect(vie({ action: 'outbox.retry', ...item })).toBe(
      'Nguyễn Văn A đã cho gửi lại ngay mục gửi tỉnh (mã 0f5c3a52-6d0…)',
    );
    expect(auditActionGroup('outbox.cancel')).toBe('publish');
  });

  it('names the user an admin acted on by their sign-in name', () => {
    const on = { objectId: 'u-lan', objectTitle: 'lan' };
    expect(vie({ action: 'users.add', ...on })).toBe('Nguyễn Văn A đã thêm người dùng “lan”');
    expect(vie({ action: 'users.update', ...on })).toBe(
      'Nguyễn Văn A đã sửa tên hoặc vai trò của người dùng “lan”',
    );
    expect(vie({ action: 'users.resetPassword', ...on })).toBe(
      'Nguyễn Văn A đã đặt lại mật khẩu của người dùng “lan”',
    );
    expect(vie({ action: 'users.setDisabled', ...on, details: { disabled: true } })).toBe(
      'Nguyễn Văn A đã tắt tài khoản người dùng “lan”',
    );
    expect(vie({ action: 'users.setDisabled', ...on, details: { disabled: false } })).toBe(
      'Nguyễn Văn A đã bật lại tài khoản người dùng “lan”',
    );
    expect(eng({ action: 'users.add', ...on })).toBe('Nguyễn Văn A added user “lan”');
  });

  it('words a refused sign-in by the name tried, nobody having signed in', () => {
    const refused = { userId: null, userName: null, objectId: null, objectKind: null, objectTitle: null };
    expect(vie({ ...refused, details: { refused: 'SIGN_IN_FAILED', name: 'lan' } })).toBe(
      'Đăng nhập không thành công với tên “lan”: sai tên hoặc mật khẩu',
    );
    expect(vie({ ...refused, details: { refused: 'SIGN_IN_THROTTLED', name: 'lan' } })).toBe(
      'Đăng nhập không thành công với tên “lan”: sai quá nhiều lần, phải chờ',
    );
    expect(vie({ action: 'auth.unlock', details: { refused: 'SIGN_IN_FAILED' } })).toBe(
      'Nguyễn Văn A mở khoá không thành công: sai tên hoặc mật khẩu',
    );
  });

  it('words the live steps: who went live to which stations, the sources, an emergency and its end', () => {
    const live = {
      group: auditActionGroup('live.start'),
      objectKind: null,
      objectId: null,
      objectTitle: null,
    };
    expect(live.group).toBe('live');
    expect(
      vie({
        ...live,
        action: 'live.start',
        details: { target: { kind: 'all' }, codes: ['XA-A', 'XA-B'], sources: [] },
      }),
    ).toBe('Nguyễn Văn A đã bắt đầu phát trực tiếp tới 2 cụm thu (XA-A, XA-B)');
    const many = Array.from({ length: 9 }, (_, i) => `XA-${i + 1}`);
    expect(eng({ ...live, action: 'live.start', details: { codes: many } })).toBe(
      'Nguyễn Văn A went live to 9 stations (XA-1, XA-2, XA-3, XA-4, XA-5, XA-6 and 3 more)',
    );
    expect(vie({ ...live, action: 'live.stop' })).toBe('Nguyễn Văn A đã dừng phát trực tiếp');
    expect(
      vie({
        action: 'live.source.add',
        group: 'live',
        objectKind: 'liveSource',
        objectId: 's1',
        objectTitle: null,
        details: { spec: 'url:http://203.0.113.5:8000/vov1.mp3', label: 'VOV1', priority: 'relay' },
      }),
    ).toBe('Nguyễn Văn A đã thêm nguồn phát “VOV1” (Tiếp sóng)');
    expect(
      vie({
        action: 'live.source.remove',
        group: 'live',
        objectKind: 'liveSource',
        objectId: 's1',
        objectTitle: null,
      }),
    ).toBe('Nguyễn Văn A đã bỏ nguồn phát (mã s1)');
    const emergency = {
      group: 'live' as const,
      objectKind: 'liveEmergency',
      objectId: 'e1',
      objectTitle: null,
    };
    expect(
      vie({
        ...emergency,
        action: 'live.emergency.start',
        details: {
          target: { kind: 'group', group: 'Bát Xát' },
          codes: ['XA-A'],
          spec: 'mic',
          label: 'Micrô',
        },
      }),
    ).toBe('Nguyễn Văn A đã bắt đầu PHÁT KHẨN CẤP tới 1 cụm thu (XA-A) bằng “Micrô”');
    expect(
      eng({ ...emergency, action: 'live.emergency.start', details: { codes: ['XA-A'], label: 'Micrô' } }),
    ).toBe('Nguyễn Văn A started an EMERGENCY BROADCAST to 1 station (XA-A) with “Micrô”');
    expect(vie({ ...emergency, action: 'live.emergency.end' })).toBe(
      'Nguyễn Văn A đã kết thúc phát khẩn cấp',
    );
    expect(vie({ ...live, action: 'live.configure', details: { port: 8100 } })).toBe(
      'Nguyễn Văn A đã đổi cài đặt phát trực tiếp',
    );
  });

  it('keeps the code for an action it has no words for', () => {
    expect(vie({ action: 'publish.send', objectId: null })).toBe('Nguyễn Văn A · publish.send');
  });

  it('lists users by their names, with the id only where two share one', () => {
    const fixedT = t.getFixedT('vi');
    const everyone = [
      { userId: null, userName: null },
      { userId: 'c04cb7e1-aaaa', userName: 'Nguyễn Thị Lan' },
      { userId: 'd1f00000-bbbb', userName: 'Trần Văn Hùng' },
      { userId: 'e2e00000-cccc', userName: 'Trần Văn Hùng' },
    ];
    expect(everyone.map((u) => userLabel(fixedT, u, everyone))).toEqual([
      'Quản trị (máy này)',
      'Nguyễn Thị Lan',
      'Trần Văn Hùng (d1f00000)',
      'Trần Văn Hùng (e2e00000)',
    ]);
  });
});
