import { parseArgs } from 'node:util';
import { StudioError, type RecordingTake, type RecordingWarningEvent } from '../../contract';
import { COMMON_OPTIONS, openStudio, type CliCommand } from '../cli-context';

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
    const studio = await openStudio(values.data);
    const recording = studio.services.recording;

    let warning: RecordingWarningEvent | null = null;
    const unsubscribe = studio.events.subscribe((event, payload) => {
      if (event !== 'recording.warning') return;
      warning = payload as RecordingWarningEvent;
      if (!values.json) io.err(warning.message);
    });
    const stopEarly = () => void recording.stop().catch(() => undefined);
    try {
      const status = await recording.start({ device: values.device, channels: 1, maxSec: seconds });
      const done = recording.waitForActive();
      if (!done) throw new StudioError('INTERNAL', 'Bản thu kết thúc ngay khi vừa bắt đầu.');
      if (!values.json) {
        io.out(`Đang thu ${seconds} giây từ "${status.device}" (bấm Ctrl+C để dừng sớm)…`);
      }
      process.once('SIGINT', stopEarly);
      process.once('SIGTERM', stopEarly);
      let take = await done;
      // The take goes into the library (analysis) before the command ends.
      await recording.idle();
      take = recording.status().lastTake?.id === take.id ? recording.status().lastTake! : take;
      return report(take, warning, Boolean(values.json), io);
    } finally {
      process.off('SIGINT', stopEarly);
      process.off('SIGTERM', stopEarly);
      unsubscribe();
      await studio.close();
    }
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
