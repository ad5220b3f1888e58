import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  RECORDING_SAMPLE_RATE,
  StudioError,
  type EventSink,
  type RecordingChannels,
  type RecordingDeviceList,
  type RecordingInputCheck,
  type RecordingMarker,
  type RecordingStatus,
  type RecordingTake,
} from '../../contract';
import { diskInfo } from '../../platform/disk';
import { lpcm16Capture, type CaptureFactory } from './capture';
import { buildCaptureCommand, type CaptureCommand } from './capture-command';
import {
  findRecorderTools,
  listRecordingDevices,
  NO_RECORDER_PROBLEM,
  NO_RECORDER_TECHNICAL,
  type RecorderTools,
} from './devices';
import { checkRecordingInput, type InputCheckTiming } from './input-check';
import { startRecorder, type Recorder, type RecorderStatus, type RecorderTuning } from './recorder';
import { recoverInterruptedTakes, type RecoveryReport } from './recovery';
import { readSidecar, takeFolders, takeFromSidecar, writeSidecar } from './takes';

export interface RecordingServiceDeps {
  dataDir: string;
  emit: EventSink;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** How audio is captured; node-record-lpcm16 with our recorder module unless a test says otherwise. */
  captureFactory?: CaptureFactory;
  freeBytes?: (dir: string) => Promise<number>;
  findTools?: () => Promise<RecorderTools>;
  /**
   * Adds a saved or recovered take to the library: the asset id and the library's own copy of the
   * audio, or null when it could not. Given by the composition root once the library exists;
   * without it takes stay in `recordings/`.
   */
  addToLibrary?: (take: RecordingTake) => Promise<{ assetId: string; file: string } | null>;
  tuning?: Partial<RecorderTuning>;
  inputCheckTiming?: Partial<InputCheckTiming>;
  log?: { warn(message: string, err?: unknown): void };
}

export interface StartRequest {
  device?: string;
  channels: RecordingChannels;
  title?: string;
  maxSec?: number;
}

/**
 * The recording capability: one take at a time per studio process, its events, the device list,
 * and the repair of takes a crash left behind.
 */
export class RecordingService {
  private active: Recorder | null = null;
  private starting = false;
  /** Settles when the take being opened has started or failed. */
  private startSettled: Promise<void> = Promise.resolve();
  private lastTake: RecordingTake | null = null;
  private recoveredTakes: RecordingTake[] = [];
  private toolsPromise: Promise<RecorderTools> | null = null;
  /** The input check under way: one at a time, and a take does not open the input beside it. */
  private checking: Promise<RecordingInputCheck> | null = null;
  /** Settles when the last saved take has been handed to the library. */
  private settled: Promise<void> = Promise.resolve();
  private readonly captureFactory: CaptureFactory;
  private readonly freeBytes: (dir: string) => Promise<number>;

  constructor(private readonly deps: RecordingServiceDeps) {
    this.captureFactory = deps.captureFactory ?? lpcm16Capture();
    this.freeBytes = deps.freeBytes ?? (async (dir) => (await diskInfo(dir)).freeBytes);
  }

  /** Looks the recording programs up once; `refresh` looks again (after installing sox). */
  private tools(refresh = false): Promise<RecorderTools> {
    if (refresh || !this.toolsPromise) {
      this.toolsPromise = (this.deps.findTools ?? (() => findRecorderTools(this.deps.env, this.platform)))();
    }
    return this.toolsPromise;
  }

  private get platform(): NodeJS.Platform {
    return this.deps.platform ?? process.platform;
  }

  async devices(): Promise<RecordingDeviceList> {
    let tools = await this.tools();
    if (!tools.sox && !tools.arecord) tools = await this.tools(true);
    return listRecordingDevices(tools, this.deps.env, this.platform);
  }

  /**
   * Whether a microphone works: opens the input a take would use (see input-check.ts). While a take
   * is open its input is known to work and is not opened a second time.
   */
  async checkInput(device?: string): Promise<RecordingInputCheck> {
    const open = this.active?.status();
    if (open && open.state !== 'finished') {
      const list = await this.devices();
      return {
        status: 'ok',
        backend: open.backend,
        device: open.device,
        label: list.devices.find((d) => d.id === open.device)?.label ?? open.device,
        problem: '',
        technical: '',
        checkedAt: new Date().toISOString(),
      };
    }
    // A take being opened: its outcome answers the question (an open input works).
    if (this.starting) {
      await this.startSettled;
      if (this.active) return this.checkInput(device);
    }
    // Only waits for the other check to let go of the input: its error went to its own caller.
    while (this.checking) await this.checking.catch(() => undefined);
    const run = (async () => {
      const list = await this.devices();
      const tools = await this.tools();
      return checkRecordingInput({
        list,
        program: list.backend === 'arecord' ? tools.arecord : tools.sox,
        device,
        env: this.deps.env,
        captureFactory: this.captureFactory,
        timing: this.deps.inputCheckTiming,
      });
    })();
    this.checking = run;
    try {
      return await run;
    } finally {
      if (this.checking === run) this.checking = null;
    }
  }

  async start(request: StartRequest): Promise<RecordingStatus> {
    if (this.active || this.starting) {
      throw new StudioError('CONFLICT', 'Đang thu một bản khác. Hãy dừng bản đó trước khi thu bản mới.');
    }
    this.starting = true;
    let settled!: () => void;
    this.startSettled = new Promise((resolve) => (settled = resolve));
    this.deps.emit('recording.state', this.status());
    try {
      // A check still holding the input (an ALSA card opens once) finishes first.
      await this.checking?.catch(() => undefined);
      const command = await this.captureCommand(request.device, request.channels);
      const recorder = await startRecorder({
        dataDir: this.deps.dataDir,
        command,
        channels: request.channels,
        sampleRate: RECORDING_SAMPLE_RATE,
        title: request.title,
        maxSec: request.maxSec,
        captureFactory: this.captureFactory,
        freeBytes: this.freeBytes,
        tuning: this.deps.tuning,
        listener: {
          level: (e) => this.deps.emit('recording.level', e),
          // 'finished' is announced by onSaved, together with the saved take.
          state: (s) => {
            if (s.state !== 'finished') this.deps.emit('recording.state', this.status());
          },
          warning: (w) => this.deps.emit('recording.warning', w),
        },
      });
      this.active = recorder;
      recorder.done.then(
        (take) => this.onSaved(recorder, take),
        (err: unknown) => {
          if (this.active === recorder) this.active = null;
          this.deps.log?.warn('Saving a take failed', err);
          this.deps.emit('recording.state', this.status());
        },
      );
      this.deps.emit('recording.state', this.status());
      return this.status();
    } finally {
      this.starting = false;
      settled();
      // A start that failed goes back to idle for every window (the caller gets the error).
      if (!this.active) this.deps.emit('recording.state', this.status());
    }
  }

  /**
   * The capture program for `device` (the default input when none is named): the one a take runs,
   * also what the live desk's microphone runs (given to live by the composition: live may not
   * import media). Refuses, in Vietnamese, a machine with no recording program or no input, and
   * through PulseAudio a source it does not know.
   */
  async captureCommand(
    requested: string | undefined,
    channels: RecordingChannels,
  ): Promise<CaptureCommand & { label: string; channels: RecordingChannels }> {
    const list = await this.devices();
    if (!list.backend) {
      const install = list.problem === NO_RECORDER_PROBLEM ? NO_RECORDER_TECHNICAL : undefined;
      throw new StudioError('UNAVAILABLE', list.problem, undefined, install);
    }
    if (list.backend === 'pulseaudio' && list.devices.length === 0) {
      throw new StudioError('UNAVAILABLE', list.problem);
    }
    const device = requested ?? list.defaultDeviceId ?? 'default';
    // Through PulseAudio the sources are known: refuse a name that is not one of them. Other
    // backends accept any device string the sound system knows (`hw:1,0`, a Windows device number).
    if (list.backend === 'pulseaudio' && device !== 'default' && !list.devices.some((d) => d.id === device)) {
      throw new StudioError(
        'NOT_FOUND',
        `Không thấy thiết bị thu "${device}". Hãy chọn lại trong danh sách thiết bị (bấm Kiểm tra lại nếu vừa cắm micro).`,
        { devices: list.devices.map((d) => d.id) },
      );
    }
    const tools = await this.tools();
    const program = list.backend === 'arecord' ? tools.arecord : tools.sox;
    if (!program) throw new StudioError('UNAVAILABLE', list.problem);
    const command = buildCaptureCommand({
      backend: list.backend,
      program,
      device,
      channels,
      sampleRate: RECORDING_SAMPLE_RATE,
      env: this.deps.env,
    });
    return { ...command, channels, label: list.devices.find((d) => d.id === device)?.label ?? device };
  }

  pause(): RecordingStatus {
    this.require().pause();
    return this.status();
  }

  resume(): RecordingStatus {
    this.require().resume();
    return this.status();
  }

  marker(label?: string): RecordingMarker {
    return this.require().addMarker(label);
  }

  async stop(): Promise<RecordingTake> {
    // Resolves as soon as the file is saved; adding it to the library (analysis) follows on its own.
    return this.require().stop();
  }

  /** The active take, if any; settles when it is saved (by whatever ended it). */
  waitForActive(): Promise<RecordingTake> | null {
    return this.active?.done ?? null;
  }

  status(): RecordingStatus {
    const s: RecorderStatus | null = this.active?.status() ?? null;
    if (!s || s.state === 'finished') {
      return {
        state: this.starting ? 'starting' : 'idle',
        takeId: null,
        title: '',
        device: null,
        backend: null,
        channels: null,
        sampleRate: RECORDING_SAMPLE_RATE,
        elapsedSec: 0,
        startedAt: null,
        markers: [],
        clipCount: 0,
        remainingSec: null,
        lastTake: this.lastTake,
      };
    }
    return { ...s, state: s.state, lastTake: this.lastTake };
  }

  /**
   * Start-up: repairs takes a crash left behind (see recovery.ts) and remembers them for
   * `recording.recovered`; then, in the background, hands the library every saved or recovered
   * take it does not have yet (so a take whose import was interrupted is not forgotten).
   * Never throws: a failure here must not keep the studio from starting.
   */
  async open(): Promise<RecoveryReport> {
    const report = await this.recoverInterrupted();
    this.track(this.syncLibrary());
    return report;
  }

  /** Repairs and moves interrupted takes (no library work: see `open`). */
  async recoverInterrupted(): Promise<RecoveryReport> {
    try {
      const report = await recoverInterruptedTakes({
        dataDir: this.deps.dataDir,
        isActive: (id) => this.active?.takeId === id,
      });
      this.recoveredTakes = [...this.recoveredTakes, ...report.recovered];
      return report;
    } catch (err) {
      this.deps.log?.warn('Recovering interrupted takes failed', err);
      return { recovered: [], skipped: [] };
    }
  }

  /** Adds every finished or recovered take not yet in the library. */
  async syncLibrary(): Promise<void> {
    if (!this.deps.addToLibrary) return;
    const folders = takeFolders(this.deps.dataDir);
    for (const dir of [folders.recovered, folders.root]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        const sidecarFile = path.join(dir, name);
        const sidecar = await readSidecar(sidecarFile);
        const wav = sidecarFile.replace(/\.json$/, '.wav');
        if (!sidecar || sidecar.assetId || sidecar.state === 'recording' || !existsSync(wav)) continue;
        const take = await this.addToLibrary(takeFromSidecar(sidecar, wav));
        if (take.assetId) this.noteAsset(take);
      }
    }
  }

  /** Settles once every take saved so far has been handed to the library. */
  async idle(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.settled) {
      seen = this.settled;
      await seen;
    }
  }

  recovered(): RecordingTake[] {
    return this.recoveredTakes;
  }

  /** Stops and saves the open take (studio shutting down). */
  async dispose(): Promise<void> {
    if (this.active) {
      await this.active
        .stop()
        .catch((err: unknown) =>
          this.deps.log?.warn('The open take could not be stopped and saved at shutdown', err),
        );
    }
    await this.idle();
  }

  private onSaved(recorder: Recorder, take: RecordingTake): void {
    if (this.active === recorder) this.active = null;
    this.lastTake = take;
    this.deps.emit('recording.state', this.status());
    this.deps.emit('recording.saved', { take });
    this.track(this.addToLibrary(take).then((withAsset) => this.noteAsset(withAsset)));
  }

  private noteAsset(take: RecordingTake): void {
    if (this.lastTake?.id === take.id) {
      this.lastTake = take;
      // Its asset id is news for whoever shows the last take (the CLI prints it).
      if (take.assetId) this.deps.emit('recording.state', this.status());
    }
    this.recoveredTakes = this.recoveredTakes.map((t) => (t.id === take.id ? take : t));
  }

  private track(work: Promise<unknown>): void {
    const previous = this.settled;
    // `settled` only says when the work is over; its error went to the work's own caller.
    this.settled = Promise.all([previous, work.catch(() => undefined)]).then(() => undefined);
  }

  /**
   * Gives a take to the library (when there is one) and notes the asset id in its sidecar. The
   * library keeps its own copy (checked by its hash), so the take's WAV in `recordings/` goes: a
   * take is stored once. The sidecar stays, with the markers and the asset id.
   */
  private async addToLibrary(take: RecordingTake): Promise<RecordingTake> {
    if (!this.deps.addToLibrary || take.durationSec <= 0 || take.assetId) return take;
    try {
      const added = await this.deps.addToLibrary(take);
      if (!added) return take;
      const sidecar = await readSidecar(take.sidecar);
      if (sidecar) await writeSidecar(take.sidecar, { ...sidecar, assetId: added.assetId });
      if (path.resolve(added.file) !== path.resolve(take.file) && existsSync(added.file)) {
        await rm(take.file, { force: true });
      }
      return { ...take, assetId: added.assetId, file: added.file };
    } catch (err) {
      this.deps.log?.warn(`Adding take ${take.id} to the library failed`, err);
      return take;
    }
  }

  private require(): Recorder {
    if (!this.active) throw new StudioError('CONFLICT', 'Không có bản thu nào đang chạy.');
    return this.active;
  }
}
