import { StudioError, type AsAiredList, type BroadcastLogEntry } from '../../contract';
import type { AsAired } from '../../live/as-aired';
import type { Handlers } from '../router';

/** `from`/`to` as instants: a date alone is the local day's start (from) or end (to). */
export function asAiredRange(request: AsAiredList, now = Date.now()): { fromMs: number; toMs: number } {
  const day = (text: string, plus = 0) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d + plus).getTime();
  };
  const today = new Date(now);
  const fromMs = request.from
    ? request.from.length === 10
      ? day(request.from)
      : Date.parse(request.from)
    : new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const toMs = request.to
    ? request.to.length === 10
      ? day(request.to, 1)
      : Date.parse(request.to)
    : now + 1;
  if (toMs <= fromMs) throw new StudioError('INVALID_REQUEST', 'Thời điểm “đến” phải sau thời điểm “từ”.');
  return { fromMs, toMs };
}

/** `logEntry`: a broadcast log entry by id (the log is the recording's index of what aired). */
export function asAiredHandlers(
  asAired: AsAired,
  logEntry: (id: string) => BroadcastLogEntry | null,
): Pick<Handlers, 'asAired.list'> {
  return {
    'asAired.list': async (request) => {
      if (request.entry !== undefined) {
        const entry = logEntry(request.entry);
        if (!entry) throw new StudioError('NOT_FOUND', 'Không có mục này trong nhật ký phát sóng.');
        // Never aired (skipped, or failed before it started): nothing was recorded of it.
        if (entry.outcome === 'skipped') return { segments: [] };
        const fromMs = Date.parse(entry.actualStart);
        const toMs = entry.actualEnd ? Date.parse(entry.actualEnd) : Date.now() + 1;
        return { segments: await asAired.segmentsBetween(fromMs, Math.max(toMs, fromMs + 1)) };
      }
      const { fromMs, toMs } = asAiredRange(request);
      return { segments: await asAired.segmentsBetween(fromMs, toMs) };
    },
  };
}
