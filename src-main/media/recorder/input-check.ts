import path from 'node:path';
import {
  RECORDING_SAMPLE_RATE,
  type RecordingDevice,
  type RecordingDeviceList,
  type RecordingInputCheck,
  type RecordingInputStatus,
} from '../../contract';
import type { Capture, CaptureExit, CaptureFactory } from './capture';
import { buildCaptureCommand, type CaptureCommand } from './capture-command';

export interface InputCheckTiming {
  /** How long the input may take to send its first audio. */
  firstAudioTimeoutMs: number;
  /** How much audio is listened to before saying whether it is silence. */
  listenMs: number;
  /** How long the capture program gets to end once killed. */
  exitTimeoutMs: number;
}

export const DEFAULT_INPUT_CHECK_TIMING: InputCheckTiming = {
  firstAudioTimeoutMs: 4000,
  listenMs: 300,
  exitTimeoutMs: 2000,
};

export interface InputCheckOptions {
  /** The inputs as `listRecordingDevices` found them. */
  list: RecordingDeviceList;
  /** The recording program of `list.backend` (sox, or arecord for that backend). */
  program: string | null;
  /** The input the reporter chose; the one a take would use by default when absent. */
  device?: string;
  env: NodeJS.ProcessEnv;
  captureFactory: CaptureFactory;
  timing?: Partial<InputCheckTiming>;
}

/**
 * Opens the input a take would record from, through the same capture path as a take (the same
 * command, the same node-record-lpcm16 module), listens for a moment and closes it. A take only
 * learns that the microphone is missing once the reporter presses R; this says so beforehand, in
 * the reporter's words.
 */
export async function checkRecordingInput(options: InputCheckOptions): Promise<RecordingInputCheck> {
  const { list } = options;
  const result = (
    status: RecordingInputStatus,
    device: RecordingDevice | { id: string; label: string } | null,
    problem = '',
    technical = '',
  ): RecordingInputCheck => ({
    status,
    backend: list.backend,
    device: device?.id ?? null,
    label: device?.label ?? null,
    problem,
    technical,
    checkedAt: new Date().toISOString(),
  });

  if (!list.backend || !options.program) {
    return result('unavailable', null, list.problem || NO_PROGRAM_PROBLEM);
  }
  if (list.backend === 'pulseaudio' && list.devices.length === 0) {
    return result('unavailable', null, list.problem);
  }
  const id = options.device ?? list.defaultDeviceId ?? 'default';
  const device = list.devices.find((d) => d.id === id) ?? { id, label: id };
  if (list.backend === 'pulseaudio' && !list.devices.some((d) => d.id === id)) {
    return result(
      'unavailable',
      device,
      `Không thấy thiết bị thu "${id}" trên máy nữa. Hãy chọn thiết bị khác trong danh sách, hoặc cắm lại micro rồi bấm Kiểm tra lại.`,
    );
  }
  // What the computer plays is not a microphone: by default, say that there is none.
  if (!options.device && 'kind' in device && device.kind === 'monitor') {
    return result(
      'unavailable',
      device,
      `Máy không có micro nào: chỉ thu được âm thanh máy đang phát ("${device.label}"). ` +
        'Hãy cắm micro hoặc card âm thanh vào máy rồi bấm Kiểm tra lại.',
    );
  }

  const command = buildCaptureCommand({
    backend: list.backend,
    program: options.program,
    device: id,
    channels: 1,
    sampleRate: RECORDING_SAMPLE_RATE,
    env: options.env,
  });
  const heard = await listen(options.captureFactory, command, {
    ...DEFAULT_INPUT_CHECK_TIMING,
    ...options.timing,
  });
  const technical = [`${path.basename(command.cmd)} ${command.args.join(' ')}`, heard.technical]
    .filter(Boolean)
    .join('\n');
  switch (heard.kind) {
    case 'audio':
      return heard.peak > 0
        ? result('ok', device)
        : result('silent', device, silentProblem(device.label), technical);
    case 'timeout':
      return result(
        'unavailable',
        device,
        `Micro "${device.label}" không gửi âm thanh nào sau ${Math.round(heard.afterMs / 1000)} giây. ` +
          'Hãy kiểm tra micro đã cắm chắc và không bị chương trình khác dùng, chọn thiết bị thu khác, ' +
          'hoặc mở cài đặt âm thanh của máy để kiểm tra micro có được bật không.',
        technical,
      );
    case 'no-program':
      return result('unavailable', device, NO_PROGRAM_PROBLEM, technical);
    case 'failed':
      return result('unavailable', device, cannotOpenProblem(device.label), technical);
  }
}

const NO_PROGRAM_PROBLEM =
  'Máy chưa có chương trình thu âm nên chưa thu được. Hãy nhờ người quản trị máy cài đặt (xem khu Hệ thống), rồi mở lại studio.';

/** No microphone answers: the words the Record screen and the System screen show. */
export function cannotOpenProblem(label: string): string {
  return (
    `Không có micro nào hoạt động: studio không mở được "${label}". ` +
    'Hãy cắm micro (hoặc card âm thanh) vào máy, chọn thiết bị thu khác trong danh sách, ' +
    'hoặc mở cài đặt âm thanh của máy để kiểm tra micro có được bật không.'
  );
}

function silentProblem(label: string): string {
  return (
    `Micro "${label}" chỉ gửi về im lặng hoàn toàn: có thể micro đang bị tắt tiếng hoặc chưa cắm vào đúng cổng. ` +
    'Hãy bật micro trong cài đặt âm thanh của máy, cắm lại micro, hoặc chọn thiết bị thu khác.'
  );
}

type Heard =
  | { kind: 'audio'; peak: number; technical: string }
  | { kind: 'timeout'; afterMs: number; technical: string }
  | { kind: 'no-program'; technical: string }
  | { kind: 'failed'; technical: string };

/** Starts the capture, waits for `listenMs` of audio (or its end, or the timeout), and kills it. */
async function listen(
  factory: CaptureFactory,
  command: CaptureCommand,
  timing: InputCheckTiming,
): Promise<Heard> {
  let capture: Capture;
  try {
    capture = factory(command, { sampleRate: RECORDING_SAMPLE_RATE, channels: 1 });
  } catch (err) {
    return { kind: 'failed', technical: err instanceof Error ? err.message : String(err) };
  }
  const wanted = Math.round((timing.listenMs / 1000) * RECORDING_SAMPLE_RATE) * 2;
  const level = { bytes: 0, peak: 0 };
  let carry: Buffer = Buffer.alloc(0);
  let firstAudio!: () => void;
  const gotAudio = new Promise<'audio'>((resolve) => (firstAudio = () => resolve('audio')));
  let enough!: () => void;
  const heardEnough = new Promise<void>((resolve) => (enough = resolve));
  capture.stream.on('data', (chunk: Buffer) => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const usable = data.length - (data.length % 2);
    carry = Buffer.from(data.subarray(usable));
    for (let i = 0; i < usable; i += 2) level.peak = Math.max(level.peak, Math.abs(data.readInt16LE(i)));
    level.bytes += usable;
    if (level.bytes > 0) firstAudio();
    if (level.bytes >= wanted) enough();
  });

  const first = await within(Promise.race([gotAudio, capture.exited]), timing.firstAudioTimeoutMs);
  // Audio came: listen a little longer, since a sound server may hand over a short first block.
  if (first === 'audio')
    await within(Promise.race([heardEnough, capture.exited]), timing.firstAudioTimeoutMs);
  // A capture program blocked on a sound server that sends nothing ignores SIGTERM: kill it.
  capture.kill();
  const exit = await within(capture.exited, timing.exitTimeoutMs);
  const technical = lastLines(exit?.stderr ?? '');

  if (first === 'audio') return { kind: 'audio', peak: level.peak, technical };
  if (first === null) return { kind: 'timeout', afterMs: timing.firstAudioTimeoutMs, technical };
  return exitOutcome(first, technical);
}

/** The value of `p` if it settles within `ms`, else null. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    p,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    }),
  ]);
  clearTimeout(timer);
  return result;
}

function exitOutcome(exit: CaptureExit, stderr: string): Heard {
  if (exit.spawnError) {
    return {
      kind: exit.spawnError.code === 'ENOENT' ? 'no-program' : 'failed',
      technical: exit.spawnError.code ?? exit.spawnError.message,
    };
  }
  return { kind: 'failed', technical: stderr || `exit ${exit.code ?? exit.signal}` };
}

function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join('\n').slice(0, 600);
}
