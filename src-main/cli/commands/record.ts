import { parseArgs } from 'node:util';
import {
  StudioError,
  type RecordingSavedEvent,
  type RecordingStatus,
  type RecordingTake,
  type RecordingWarningEvent,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';

/** The longest take the CLI records in one go (a WAV file holds about 6 hours of stereo anyway). */
const MAX_SECONDS = 12 * 3600;

export function parseSeconds(value: string | undefined): number {
  const text = value?.trim() ?? '';
  const n = Number(text.replace(',', '.'));
  if (text === '' || !Number.isFinite(n) || n <= 0 || n > MAX_SECONDS) {
    throw new StudioError(
      'INVALID_REQUEST',
      value === undefined
        ? 'Thiếu số giây cần thu. Ví dụ: studio record --seconds 30'
        : `Số giây "${value}" không hợp lệ: hãy ghi một số dương không quá ${MAX_SECONDS} (12 giờ), ví dụ --seconds 30.`,
    );
  }
  return n;
}

/**
 * `studio record --seconds N --json` prints ONE JSON object:
 *   { "ok": true, "file", "durationSec", "sampleRate", "channels", "markers", "id", "device",
 *     "stopReason", "assetId" }
 * or, when the take ended early (full disk, lost device) and was saved shorter than asked,
 *   { "ok": false, "error": { "code", "message" }, "file", "durationSec", … }
 * or, when nothing could be recorded, { "ok": false, "error": { "code", "message" } }.
 * Exit status 0 when the take was recorded (Ctrl+C stops it early and still counts), 1 otherwise,
 * 2 for bad arguments.
 */
export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'Thu âm N giây từ micro vào thư mục dữ liệu (WAV 48 kHz, 16 bit)',
  usage: 'studio record --seconds N [--device D] [--data DIR] [--json]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, seconds: { type: 'string' }, device: { type: 'string' } },
      strict: true,
    });
    const seconds = parseSeconds(values.seconds);
    const session = await openSession(values.data);

    let warning: RecordingWarningEvent | null = null;
    // The take as the studio last told of it: saved, then with its asset id once in the library.
    let takeId: string | null = null;
    const seen = new Map<string, RecordingTake>();
    let ended: (take: RecordingTake | null) => void = () => undefined;
    const over = new Promise<RecordingTake | null>((resolve) => (ended = resolve));
    const unsubscribe = session.connection.subscribe((event, payload) => {
      if (event === 'recording.warning') {
        warning = payload as RecordingWarningEvent;
        if (!values.json) io.err(warning.message);
      } else if (event === 'recording.saved') {
        const { take } = payload as RecordingSavedEvent;
        seen.set(take.id, take);
        if (take.id === takeId) ended(take);
      } else if (event === 'recording.state') {
        const status = payload as RecordingStatus;
        if (status.lastTake) seen.set(status.lastTake.id, status.lastTake);
        // Back to idle without our take saved: saving it failed (the log says why).
        if (takeId && status.state === 'idle' && status.lastTake?.id !== takeId) ended(null);
      }
    });
    // The answer does not matter: the saved take comes as its event.
    const stopEarly = () => void session.connection.call('recording.stop', {});
    let take: RecordingTake | null;
    try {
      const status = await session.call('recording.start', {
        device: values.device,
        channels: 1,
        maxSec: seconds,
      });
      takeId = status.takeId;
      if (takeId && seen.has(takeId)) ended(seen.get(takeId)!);
      if (!takeId) throw new StudioError('INTERNAL', 'Bản thu kết thúc ngay khi vừa bắt đầu.');
      if (!values.json) {
        io.out(`Đang thu ${seconds} giây từ "${status.device}" (bấm Ctrl+C để dừng sớm)…`);
      }
      process.once('SIGINT', stopEarly);
      process.once('SIGTERM', stopEarly);
      take = await over;
      if (!take)
        throw new StudioError('INTERNAL', 'Không lưu được bản thu. Xem nhật ký studio để biết lý do.');
    } finally {
      process.off('SIGINT', stopEarly);
      process.off('SIGTERM', stopEarly);
      // Closing waits until the take is in the library (analysis); its asset id comes as an event.
      await session.close();
      unsubscribe();
    }
    return report(seen.get(take.id) ?? take, warning, Boolean(values.json), io);
  },
};

function report(
  take: RecordingTake,
  warning: RecordingWarningEvent | null,
  json: boolean,
  io: { out(t: string): void; err(t: string): void },
): number {
  const failed = take.stopReason !== 'time-limit' && take.stopReason !== 'user';
  const result = {
    file: take.file,
    durationSec: take.durationSec,
    sampleRate: take.sampleRate,
    channels: take.channels,
    markers: take.markers,
    id: take.id,
    device: take.device,
    stopReason: take.stopReason,
    assetId: take.assetId,
  };
  if (json) {
    const error = failed
      ? {
          code: take.stopReason === 'disk-full' ? 'DISK_FULL' : 'UNAVAILABLE',
          message: warning?.message ?? 'Bản thu dừng sớm; phần đã thu được giữ lại.',
        }
      : null;
    io.out(JSON.stringify(error ? { ok: false, error, ...result } : { ok: true, ...result }, null, 2));
  } else {
    io.out(`Đã lưu bản thu (${take.durationSec.toFixed(1).replace('.', ',')} giây): ${take.file}`);
    if (take.assetId) io.out(`Đã thêm vào thư viện (mã ${take.assetId.slice(0, 12)}…).`);
  }
  return failed ? 1 : 0;
}
