import type { LiveTarget, StudioError } from '../contract';

/**
 * `--to all`, `group:NHÓM`, or station codes separated by commas: whom `studio live` and
 * `studio schedule add` aim at. `refuse` makes the command's own error (with its usage or not).
 */
export function parseTargetArg(text: string, refuse: (why: string) => StudioError): LiveTarget {
  const to = text.trim();
  if (to === 'all') return { kind: 'all' };
  if (to.startsWith('group:')) {
    const group = to.slice('group:'.length).trim();
    if (!group) throw refuse('Thiếu tên nhóm sau --to group:.');
    return { kind: 'group', group };
  }
  const codes = to.split(',').map((c) => c.trim().toUpperCase());
  if (codes.some((c) => !/^[A-Z0-9._-]{1,40}$/.test(c))) {
    throw refuse(
      `Đích phát "${text}" không hợp lệ: hãy dùng all, group:NHÓM hoặc các mã cụm thu cách nhau bằng dấu phẩy (ví dụ XA-01,XA-02).`,
    );
  }
  return { kind: 'stations', codes: [...new Set(codes)] };
}
