/**
 * Which stations a live target reaches, from the registry as it is now: every enabled station,
 * an enabled group, or chosen codes. A disabled station is never reached, whatever was asked.
 */
import { StudioError, type LiveTarget, type Station } from '../contract';

export function resolveTarget(stations: readonly Station[], target: LiveTarget): Station[] {
  const enabled = stations.filter((s) => s.enabled);
  switch (target.kind) {
    case 'all':
      if (enabled.length === 0)
        throw new StudioError(
          'CONFLICT',
          'Chưa có cụm thu nào đang hoạt động để phát tới. Hãy thêm hoặc bật cụm thu trong “Cụm thu”.',
        );
      return enabled;
    case 'group': {
      const group = target.group.trim().toLocaleLowerCase('vi');
      const found = enabled.filter((s) => s.group?.trim().toLocaleLowerCase('vi') === group);
      if (found.length === 0)
        throw new StudioError('NOT_FOUND', `Nhóm “${target.group}” không có cụm thu nào đang hoạt động.`);
      return found;
    }
    case 'stations': {
      const byCode = new Map(stations.map((s) => [s.code, s]));
      const codes = [...new Set(target.codes.map((c) => c.toUpperCase()))];
      const unknown = codes.filter((c) => !byCode.has(c));
      if (unknown.length > 0)
        throw new StudioError('NOT_FOUND', `Không có cụm thu mã ${unknown.slice(0, 5).join(', ')}.`);
      const disabled = codes.filter((c) => !byCode.get(c)!.enabled);
      if (disabled.length > 0)
        throw new StudioError(
          'CONFLICT',
          `Cụm thu ${disabled.slice(0, 5).join(', ')} đang tắt: hãy bật lại trong “Cụm thu” trước khi phát tới.`,
        );
      return codes.map((c) => byCode.get(c)!);
    }
  }
}

/** Whether every station of `part` is in `whole`. */
export function coversAll(whole: ReadonlySet<string>, part: Iterable<string>): boolean {
  for (const code of part) if (!whole.has(code)) return false;
  return true;
}
