import { mkdir, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  RECORDING_BITS,
  StudioError,
  type RecordingBackend,
  type RecordingChannels,
  type RecordingLevelEvent,
  type RecordingMarker,
  type RecordingState,
  type RecordingStopReason,
  type RecordingTake,
  type RecordingWarningCode,
  type RecordingWarningEvent,
} from '../../contract';
import { formatMb } from '../byte-sizes';
import type { Capture, CaptureExit, CaptureFactory } from './capture';
import type { CaptureCommand } from './capture-command';
import { NO_RECORDER_PROBLEM, NO_RECORDER_TECHNICAL } from './devices';
import { LevelMeter } from './level-meter';
import { newTakeId, sidecarPathFor, takeFolders, takeFromSidecar, writeSidecar, type Sidecar } from './takes';
import { bytesPerSecond, type PcmFormat } from './wav';
import { WavFileWriter } from './wav-file-writer';

/** What a take looks like while it is open. */
export interface RecorderStatus {
  state: Exclude<RecordingState, 'idle'> | 'finished';
  takeId: string;
  title: string;
  device: string;
  backend: RecordingBackend;
  channels: RecordingChannels;
  sampleRate: number;
  elapsedSec: number;
  startedAt: string;
  markers: RecordingMarker[];
  clipCount: number;
  remainingSec: number | null;
}

export interface RecorderListener {
  level?(event: RecordingLevelEvent): void;
  state?(status: RecorderStatus): void;
  warning?(event: RecordingWarningEvent): void;
}

/**
 * One take being recorded. Our own interface: the Record workspace, the CLI and tests speak to
 * this, never to node-record-lpcm16 or sox directly.
 */
export interface Recorder {
  readonly takeId: string;
  status(): RecorderStatus;
  /** Stops keeping audio; the meter keeps moving so the reporter can check the microphone. */
  pause(): RecorderStatus;
  resume(): RecorderStatus;
  /** Marks the current position (paused time excluded) and saves it in the sidecar at once. */
  addMarker(label?: string): RecordingMarker;
  /** Ends the take and saves it. Calling it again returns the same take. */
  stop(): Promise<RecordingTake>;
  /** Settles when the take is saved, whoever ended it (stop, time limit, full disk, lost device). */
  readonly done: Promise<RecordingTake>;
}

export interface RecorderTuning {
  /** How often the header is brought up to date and the file fsynced: the most audio a power cut loses. */
  flushIntervalMs: number;
  /** How often free space is measured while recording. */
  diskCheckIntervalMs: number;
  /** One level reading per this much audio. */
  levelWindowMs: number;
  /** A take may start only if this much audio fits on the disk. */
  minStartSec: number;
  /** Below this much room the take is stopped and saved. */
  stopReserveSec: number;
  /** Below this much room the reporter is warned once. */
  lowWarnSec: number;
  /** How long the input may take to deliver its first audio. */
  firstAudioTimeoutMs: number;
  /** How long the capture program gets to finish after being asked to stop. */
  stopTimeoutMs: number;
}

export const DEFAULT_TUNING: RecorderTuning = {
  flushIntervalMs: 500,
  diskCheckIntervalMs: 2000,
  levelWindowMs: 40,
  minStartSec: 10 * 60,
  stopReserveSec: 10,
  lowWarnSec: 5 * 60,
  firstAudioTimeoutMs: 8000,
  stopTimeoutMs: 3000,
};

export interface StartRecorderOptions {
  dataDir: string;
  command: CaptureCommand;
  channels: RecordingChannels;
  sampleRate: number;
  title?: string;
  /** Ends the take by itself after this many seconds of audio. */
  maxSec?: number;
  captureFactory: CaptureFactory;
  /** Free bytes on the file system holding `dir`. */
  freeBytes: (dir: string) => Promise<number>;
  listener?: RecorderListener;
  tuning?: Partial<RecorderTuning>;
}

/**
 * Opens a take: checks the disk, creates the WAV file and its sidecar in `in-progress/`, starts
 * the capture program and resolves once the first audio has arrived (so a missing or busy device
 * fails here, with a message, instead of producing an empty take).
 */
export async function startRecorder(options: StartRecorderOptions): Promise<Recorder> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const format: PcmFormat = {
    sampleRate: options.sampleRate,
    channels: options.channels,
    bitsPerSample: RECORDING_BITS,
  };
  const folders = takeFolders(options.dataDir);
  await mkdir(folders.inProgress, { recursive: true });

  const bps = bytesPerSecond(format);
  const free = await options.freeBytes(folders.inProgress);
  if (free < tuning.minStartSec * bps) {
    throw new StudioError(
      'DISK_FULL',
      `Ổ đĩa chứa thư mục dữ liệu chỉ còn trống ${formatMb(free)}, không đủ cho ${Math.round(tuning.minStartSec / 60)} phút thu âm ` +
        `(cần khoảng ${formatMb(tuning.minStartSec * bps)}). Hãy xoá bớt tệp hoặc chọn thư mục dữ liệu trên ổ khác rồi thử lại.`,
      { freeBytes: free, neededBytes: tuning.minStartSec * bps },
    );
  }

  const now = new Date();
  const id = newTakeId(now);
  const wavFile = path.join(folders.inProgress, `${id}.wav`);
  const sidecar: Sidecar = {
    version: 1,
    id,
    title: options.title?.trim() || `Bản thu ${formatLocal(now)}`,
    device: options.command.device,
    backend: options.command.backend,
    sampleRate: format.sampleRate,
    channels: options.channels,
    startedAt: now.toISOString(),
    endedAt: null,
    durationSec: null,
    markers: [],
    state: 'recording',
    stopReason: null,
    pid: process.pid,
    hostname: os.hostname(),
    assetId: null,
  };
  await writeSidecar(sidecarPathFor(wavFile), sidecar);
  let recorder: TakeRecorder | null = null;
  const writer = await WavFileWriter.create(wavFile, format, (err) => recorder?.onWriteError(err));
  let capture: Capture;
  try {
    capture = options.captureFactory(options.command, format);
  } catch (err) {
    await discard(writer, wavFile);
    throw err;
  }
  recorder = new TakeRecorder(options, tuning, format, sidecar, writer, capture, folders);
  try {
    await recorder.waitForFirstAudio();
  } catch (err) {
    await discard(writer, wavFile);
    throw err;
  }
  return recorder;
}

/** Removes the empty take of a start that failed before any audio arrived. */
async function discard(writer: WavFileWriter, wavFile: string): Promise<void> {
  // The start already failed with its own error, which the user sees; the empty file holds no audio,
  // and a leftover is tidied by the recovery at the next start.
  await writer.close().catch(() => undefined);
  await unlink(wavFile).catch(() => undefined);
  await unlink(sidecarPathFor(wavFile)).catch(() => undefined);
}

class TakeRecorder implements Recorder {
  readonly takeId: string;
  readonly done: Promise<RecordingTake>;
  private resolveDone!: (take: RecordingTake) => void;
  private rejectDone!: (err: unknown) => void;

  private state: RecorderStatus['state'] = 'recording';
  /** Whether arriving audio is kept. False while paused and once the take is ending. */
  private writing = true;
  private framesWritten = 0;
  private readonly frameBytes: number;
  private readonly maxFrames: number | null;
  private carry: Buffer = Buffer.alloc(0);
  private readonly meter: LevelMeter;
  private clipCount = 0;
  private remainingSec: number | null = null;
  private warnedLow = false;
  private finishing: Promise<RecordingTake> | null = null;
  /** Set once audio arrived: before that, failures belong to `startRecorder`, which reports them. */
  private started = false;
  private stopReason: RecordingStopReason = 'user';
  private sidecarQueue: Promise<void> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly streamEnded: Promise<void>;
  private firstAudio!: () => void;
  private readonly firstAudioSeen: Promise<void>;

  constructor(
    private readonly options: StartRecorderOptions,
    private readonly tuning: RecorderTuning,
    private readonly format: PcmFormat,
    private readonly sidecar: Sidecar,
    private readonly writer: WavFileWriter,
    private readonly capture: Capture,
    private readonly folders: ReturnType<typeof takeFolders>,
  ) {
    this.takeId = sidecar.id;
    this.frameBytes = format.channels * 2;
    this.maxFrames = options.maxSec ? Math.round(options.maxSec * format.sampleRate) : null;
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Whoever waits on `done` gets its error; this only keeps a take nobody awaits from being an
    // unhandled rejection.
    this.done.catch(() => undefined);
    this.firstAudioSeen = new Promise((resolve) => (this.firstAudio = resolve));
    this.meter = new LevelMeter(
      format.channels,
      Math.round((tuning.levelWindowMs / 1000) * format.sampleRate),
      (w) => {
        if (w.clipping) this.clipCount++;
        this.options.listener?.level?.({
          takeId: this.takeId,
          peakDbfs: w.peakDbfs,
          rmsDbfs: w.rmsDbfs,
          channels: w.channels,
          clipping: w.clipping,
          elapsedSec: this.elapsedSec(),
          paused: this.state === 'paused',
        });
      },
    );
    capture.stream.on('data', (chunk: Buffer) => this.onData(chunk));
    this.streamEnded = new Promise((resolve) => {
      capture.stream.once('end', resolve);
      capture.stream.once('close', resolve);
    });
    void capture.exited.then((exit) => this.onCaptureExit(exit));
  }

  async waitForFirstAudio(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.firstAudioSeen.then(() => ({ kind: 'audio' as const })),
      this.capture.exited.then((exit) => ({ kind: 'exit' as const, exit })),
      new Promise<{ kind: 'timeout' }>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), this.tuning.firstAudioTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome.kind === 'audio') {
      this.started = true;
      this.timers.push(
        setInterval(() => void this.writer.flush(), this.tuning.flushIntervalMs),
        setInterval(() => void this.checkDisk(), this.tuning.diskCheckIntervalMs),
      );
      void this.checkDisk();
      return;
    }
    this.state = 'finished';
    this.capture.kill();
    const device = this.options.command.device;
    if (outcome.kind === 'timeout') {
      throw new StudioError(
        'UNAVAILABLE',
        `Thiết bị thu "${device}" không gửi âm thanh nào sau ${Math.round(this.tuning.firstAudioTimeoutMs / 1000)} giây. ` +
          'Hãy kiểm tra micro đã cắm và không bị chương trình khác chiếm, hoặc chọn thiết bị khác.',
      );
    }
    throw captureStartError(this.options.command, outcome.exit);
  }

  status(): RecorderStatus {
    return {
      state: this.state,
      takeId: this.takeId,
      title: this.sidecar.title,
      device: this.sidecar.device,
      backend: this.sidecar.backend,
      channels: this.sidecar.channels,
      sampleRate: this.format.sampleRate,
      elapsedSec: this.elapsedSec(),
      startedAt: this.sidecar.startedAt,
      markers: [...this.sidecar.markers],
      clipCount: this.clipCount,
      remainingSec: this.remainingSec,
    };
  }

  /*
   * Pause keeps the capture program running and throws the audio away until resume. The other
   * way, SIGSTOP/SIGCONT on sox (what node-record-lpcm16's pause() does), is worse on every count:
   * Windows has no SIGSTOP; while sox is stopped PulseAudio or ALSA overruns, and on SIGCONT sox
   * first delivers the stale audio still buffered from during the pause (up to ~2 s), so the take
   * would contain sound the reporter paused to leave out; and the meter would freeze. Discarding
   * whole frames gives one continuous valid file whose length is exactly the recorded time.
   */
  pause(): RecorderStatus {
    if (this.state === 'recording') {
      this.state = 'paused';
      this.writing = false;
      this.emitState();
    } else if (this.state !== 'paused') {
      throw notOpen();
    }
    return this.status();
  }

  resume(): RecorderStatus {
    if (this.state === 'paused') {
      this.state = 'recording';
      this.writing = true;
      this.emitState();
    } else if (this.state !== 'recording') {
      throw notOpen();
    }
    return this.status();
  }

  addMarker(label = ''): RecordingMarker {
    if (this.state !== 'recording' && this.state !== 'paused') throw notOpen();
    const marker: RecordingMarker = {
      id: this.sidecar.markers.length + 1,
      atSec: round3(this.elapsedSec()),
      label: label.trim(),
      createdAt: new Date().toISOString(),
    };
    this.sidecar.markers.push(marker);
    this.saveSidecar();
    this.emitState();
    return marker;
  }

  stop(): Promise<RecordingTake> {
    return this.finish('user');
  }

  onWriteError(err: NodeJS.ErrnoException): void {
    const full = err.code === 'ENOSPC' || err.code === 'EDQUOT';
    this.warn(
      full ? 'disk-full' : 'write-error',
      full
        ? `Ổ đĩa đã đầy nên đã dừng thu. Bản thu được giữ lại (${formatDuration(this.elapsedSec())}). Hãy giải phóng dung lượng trước khi thu tiếp.`
        : 'Không ghi được bản thu xuống ổ đĩa nên đã dừng thu. Phần đã thu được giữ lại; hãy kiểm tra ổ đĩa ở màn hình Hệ thống.',
      full ? undefined : (err.code ?? err.message),
    );
    void this.finish(full ? 'disk-full' : 'write-error');
  }

  private elapsedSec(): number {
    return this.framesWritten / this.format.sampleRate;
  }

  private onData(chunk: Buffer): void {
    let pcm = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = pcm.length - (pcm.length % this.frameBytes);
    this.carry = Buffer.from(pcm.subarray(usable));
    pcm = pcm.subarray(0, usable);
    if (pcm.length === 0) return;
    this.firstAudio();

    if (this.writing) {
      let keep = pcm;
      if (this.maxFrames !== null) {
        const room = Math.max(0, this.maxFrames - this.framesWritten);
        if (keep.length / this.frameBytes > room) keep = keep.subarray(0, room * this.frameBytes);
      }
      const roomBytes = this.writer.remainingBytes - (this.writer.remainingBytes % this.frameBytes);
      if (keep.length > roomBytes) keep = keep.subarray(0, roomBytes);
      if (keep.length > 0) {
        // The capture program reuses nothing, but copy anyway: the write is asynchronous.
        this.writer.append(Buffer.from(keep));
        this.framesWritten += keep.length / this.frameBytes;
      }
    }
    this.meter.push(pcm);

    if (this.maxFrames !== null && this.framesWritten >= this.maxFrames) {
      void this.finish('time-limit');
    } else if (this.writing && this.writer.remainingBytes < this.frameBytes) {
      this.warn(
        'size-limit',
        'Bản thu đã đạt giới hạn 4 GB của tệp WAV nên đã dừng và được lưu lại. Hãy bắt đầu một bản thu mới nếu cần thu tiếp.',
      );
      void this.finish('size-limit');
    }
  }

  private onCaptureExit(exit: CaptureExit): void {
    if (!this.started || this.finishing || this.state === 'finished') return;
    // The program ended without being asked: the microphone was unplugged or the sound server died.
    const detail = lastLine(exit.stderr);
    this.warn(
      'device-error',
      `Mất tín hiệu từ thiết bị thu "${this.sidecar.device}" nên đã dừng thu. ` +
        `Phần đã thu (${formatDuration(this.elapsedSec())}) được giữ lại. Hãy kiểm tra micro đã cắm chắc chưa rồi thu tiếp.`,
      detail || undefined,
    );
    void this.finish('device-error');
  }

  private async checkDisk(): Promise<void> {
    if (this.finishing) return;
    let free: number;
    try {
      free = await this.options.freeBytes(this.folders.inProgress);
    } catch {
      return;
    }
    const bps = bytesPerSecond(this.format);
    this.remainingSec = Math.floor(free / bps);
    if (free < this.tuning.stopReserveSec * bps) {
      this.warn(
        'disk-full',
        `Ổ đĩa sắp đầy nên đã dừng thu. Bản thu được giữ lại (${formatDuration(this.elapsedSec())}). ` +
          'Hãy giải phóng dung lượng trước khi thu tiếp.',
      );
      void this.finish('disk-full');
    } else if (this.remainingSec < this.tuning.lowWarnSec && !this.warnedLow) {
      this.warnedLow = true;
      this.warn(
        'disk-low',
        `Ổ đĩa chỉ còn chỗ cho khoảng ${Math.max(1, Math.floor(this.remainingSec / 60))} phút thu âm. ` +
          'Hãy dừng sớm hoặc giải phóng dung lượng.',
      );
    }
  }

  private finish(reason: RecordingStopReason): Promise<RecordingTake> {
    if (this.finishing) return this.finishing;
    this.stopReason = reason;
    // On a plain stop, the audio still in the pipe was recorded before the button was pressed: keep it.
    this.writing = reason === 'user' && this.state === 'recording';
    this.state = 'stopping';
    this.emitState();
    this.finishing = this.save().then(
      (take) => {
        this.resolveDone(take);
        return take;
      },
      (err: unknown) => {
        this.rejectDone(err);
        throw err;
      },
    );
    return this.finishing;
  }

  private async save(): Promise<RecordingTake> {
    for (const t of this.timers) clearInterval(t);
    this.capture.stop();
    if (!(await settlesWithin(this.streamEnded, this.tuning.stopTimeoutMs))) {
      this.capture.kill();
      await settlesWithin(this.streamEnded, 1000);
    }
    this.writing = false;
    this.capture.stream.removeAllListeners('data');

    const cues = this.sidecar.markers.map((m) => ({
      id: m.id,
      frame: Math.round(m.atSec * this.format.sampleRate),
      label: m.label,
    }));
    const { dataBytes } = await this.writer.close(cues);
    this.framesWritten = dataBytes / this.frameBytes;
    this.sidecar.endedAt = new Date().toISOString();
    this.sidecar.durationSec = round3(this.elapsedSec());
    this.sidecar.state = 'finished';
    this.sidecar.stopReason = this.stopReason;

    const from = this.writer.file;
    let file = from;
    await this.sidecarQueue;
    try {
      await writeSidecar(sidecarPathFor(from), this.sidecar);
      const to = path.join(this.folders.root, path.basename(from));
      await rename(from, to);
      file = to;
      await rename(sidecarPathFor(from), sidecarPathFor(to));
    } catch {
      // Left in in-progress/ (valid and complete): the next start's recovery moves it.
    }
    this.state = 'finished';
    this.emitState();
    return takeFromSidecar(this.sidecar, file);
  }

  private saveSidecar(): void {
    const snapshot = structuredClone(this.sidecar);
    this.sidecarQueue = this.sidecarQueue
      .then(() => writeSidecar(sidecarPathFor(this.writer.file), snapshot))
      .catch(() => undefined); // a full disk: the markers are still saved in the cue chunk at the end
  }

  private emitState(): void {
    this.options.listener?.state?.(this.status());
  }

  private warn(code: RecordingWarningCode, message: string, technical?: string): void {
    this.options.listener?.warning?.({
      takeId: this.takeId,
      code,
      message,
      ...(technical ? { technical } : {}),
    });
  }
}

function captureStartError(command: CaptureCommand, exit: CaptureExit): StudioError {
  if (exit.spawnError) {
    return new StudioError(
      'UNAVAILABLE',
      exit.spawnError.code === 'ENOENT'
        ? NO_RECORDER_PROBLEM
        : 'Chương trình thu âm của máy không chạy được nên chưa thu được. Hãy mở màn hình Hệ thống để kiểm tra máy, hoặc nhờ người quản trị máy.',
      { command: [command.cmd, ...command.args] },
      `${[command.cmd, ...command.args].join(' ')}: ${exit.spawnError.code ?? exit.spawnError.message}` +
        (exit.spawnError.code === 'ENOENT' ? `\n${NO_RECORDER_TECHNICAL}` : ''),
    );
  }
  return new StudioError(
    'UNAVAILABLE',
    `Không mở được thiết bị thu "${command.device}". Hãy kiểm tra micro đã cắm và không bị chương trình khác ` +
      'chiếm, hoặc chọn thiết bị khác; màn hình Hệ thống cho biết micro nào dùng được.',
    { command: [command.cmd, ...command.args], code: exit.code, stderr: exit.stderr },
    [`${[command.cmd, ...command.args].join(' ')} (mã thoát ${exit.code})`, exit.stderr.trim()].join('\n'),
  );
}

function notOpen(): StudioError {
  return new StudioError('CONFLICT', 'Không có bản thu nào đang mở.');
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    p.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return result;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function formatDuration(sec: number): string {
  const s = Math.floor(sec);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (h > 0) return `${h} giờ ${m % 60} phút`;
  if (m > 0) return `${m} phút ${s % 60} giây`;
  return `${s} giây`;
}

function formatLocal(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())} ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}
