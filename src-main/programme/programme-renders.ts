/**
 * Programme renders through the edit engine: one ffmpeg graph of the whole programme,
 * loudness-normalised to the programme's preset, WAV master plus MP3 and Opus, and a report; renders
 * in the background as jobs (`programme.render`), renders now to named files (`programme.renderFiles`,
 * the CLI), and previews.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  EDIT_SAMPLE_RATE,
  LOUDNESS_PRESETS,
  ffmpegMissingError,
  StudioError,
  type EventSink,
  type ProgrammeDocument,
  type ProgrammePreview,
  type ProgrammeProblem,
  type ProgrammeRenderFile,
  type ProgrammeRenderFormat,
  type ProgrammeRenderJob,
  type ProgrammeRenderReport,
  type ProgrammeRenderRequest,
  type ProgrammeRenderStage,
  type RenderOutputs,
  DEFAULT_MP3_KBPS,
  DEFAULT_OPUS_KBPS,
  DEFAULT_WAV_BIT_DEPTH,
} from '../contract';
import {
  addNormalize,
  RENDER_VERSION,
  timelineKey,
  type GraphInput,
  type OutputFormat,
  type PreviewCache,
  type RenderEnv,
} from '../audio';
import { formatRange, formatTimecode } from '../edit/model';
import { sha256OfFile } from '../platform/file-hash';
import { JobTable } from '../platform/job-table';
import { safeName } from '../platform/safe-name';
import type { WritablePlaces } from '../platform/user-folders';
import {
  audibleVoiceItems,
  dipsOf,
  duckingEnvelope,
  findProblems,
  programmeLength,
  secondsByLanguage,
  secondsWithoutSpeech,
} from './model';
import type { Actor } from './approval';
import { checkFolder, defaultExportsDir } from './output-folder';
import type { ProgrammeService } from './programme-service';
import { documentKey, PROGRAMME_RENDER_VERSION } from './render/document-key';
import { buildLanes, mixInput } from './render/mix';
import {
  partFile,
  planLoudness,
  renderProgramme,
  type RenderPhase,
  type RenderTarget,
} from './render/render-programme';
import type { RenderedFiles } from './rendered-files';
import type { ProgrammeSources } from './sources';

export interface ProgrammeRendersDeps {
  dataDir: string;
  /** The programmes: their documents, and where a finished render is recorded as the last one. */
  programmes: ProgrammeService;
  sources: ProgrammeSources;
  /** The audio engine's preview cache, shared with the editor. */
  previews: PreviewCache;
  /** Where each report's files get the media id the page plays them by. */
  renderedFiles: RenderedFiles;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  /** ffmpeg runs at once while a render writes its files (default: the machine's cores). */
  renderConcurrency?: number;
  now?: () => Date;
}

export interface RenderControl {
  signal?: AbortSignal;
  onProgress?: (stage: ProgrammeRenderStage, fraction: number) => void;
}

/** Where each phase of a render lies in its overall progress. */
const PHASES: Record<RenderPhase | 'preparing', [number, number]> = {
  preparing: [0, 0.05],
  measuring: [0.05, 0.35],
  rendering: [0.35, 1],
  verifying: [1, 1],
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ProgrammeRenders {
  private readonly sources: ProgrammeSources;
  private readonly renders = new JobTable<ProgrammeRenderJob, ProgrammeRenderJob>({
    notFound: 'Không tìm thấy lượt dựng chương trình này. Có thể studio đã khởi động lại.',
    snapshot: (job) => structuredClone(job),
  });
  private readonly now: () => Date;

  constructor(private readonly deps: ProgrammeRendersDeps) {
    this.now = deps.now ?? (() => new Date());
    this.sources = deps.sources;
  }

  private async env(): Promise<RenderEnv> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) {
      throw ffmpegMissingError('chưa dựng được chương trình');
    }
    return { ffmpeg, cwd: this.deps.dataDir };
  }

  private get planCacheDir(): string {
    return path.join(this.deps.dataDir, 'cache', 'programme', 'loudness');
  }

  /**
   * The programme as ONE graph (see render/mix.ts) and what identifies its audio. Call after its
   * problems are checked; placeholders (allowed in previews only) play as silence.
   */
  private async mixOf(doc: ProgrammeDocument) {
    const prepared = await this.sources.prepare(doc);
    const length = programmeLength(doc);
    const channels: 1 | 2 = prepared.some((p) => p.timeline.channels === 2) ? 2 : 1;
    const envelope = duckingEnvelope(dipsOf(audibleVoiceItems(doc), doc.ducking), length);
    const lanes = buildLanes(
      prepared,
      doc.tracks.map((t) => t.id),
      length,
      channels,
      envelope,
    );
    if (lanes.length === 0) {
      throw new StudioError(
        'PROGRAMME_PLACEHOLDER',
        'Chương trình mới chỉ có ô trống, chưa có âm thanh nào để nghe. Hãy đưa âm thanh vào ít nhất một ô.',
      );
    }
    const preset = LOUDNESS_PRESETS[doc.metadata.loudness];
    const renderKey = sha256(
      JSON.stringify({
        v: [PROGRAMME_RENDER_VERSION, RENDER_VERSION],
        channels,
        length,
        lanes: lanes.map((l) => (l.post ? [timelineKey(l), l.post] : timelineKey(l))),
        target: [preset.targetLufs, preset.truePeakDbtp],
      }),
    );
    return { mix: mixInput(lanes, length), length, channels, preset, renderKey };
  }

  /**
   * A preview of the programme (or of `[start, end)`) as it will render: the whole mix, normalised
   * with the render's plan, cut to the window after the gain and limiter (so the window is exactly
   * the render's audio there). Placeholders play as silence.
   */
  async preview(id: string, start?: number, end?: number): Promise<ProgrammePreview> {
    const doc = await this.deps.programmes.document(id);
    const first = (await this.problems(doc)).find((p) => p.code !== 'PROGRAMME_PLACEHOLDER');
    if (first) throw new StudioError(first.code, first.message, { itemId: first.itemId });
    const { mix, length, channels, preset, renderKey } = await this.mixOf(doc);
    const s = start ?? 0;
    const e = end ?? length;
    if (s >= e || e > length) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Đoạn nghe thử ${formatRange(s, e)} nằm ngoài chương trình (dài ${formatTimecode(length)}). Hãy chọn lại.`,
      );
    }
    const env = await this.env();
    const { plan } = await planLoudness({
      env,
      mix,
      preset,
      key: renderKey,
      planCacheDir: this.planCacheDir,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const stage = plan.stage;
    const input: GraphInput = {
      length: e - s,
      build: (graph) =>
        graph.chain(
          addNormalize(graph, mix.build(graph), stage),
          [`atrim=start_sample=${s}:end_sample=${e}`, 'asetpts=PTS-STARTPTS'],
          'w',
        ),
    };
    const key = sha256(JSON.stringify({ renderKey, stage, window: [s, e] }));
    const { previewId, cached } = await this.deps.previews.render(key, input, null);
    return {
      previewId,
      programmeId: id,
      start: s,
      end: e,
      sampleRate: EDIT_SAMPLE_RATE,
      channels,
      durationSec: (e - s) / EDIT_SAMPLE_RATE,
      cached,
      gainDb: stage.gainDb,
      limiter: stage.limiterLimit !== null,
      peaks: await this.deps.previews.peaks(previewId, {}),
    };
  }

  /** Problems that stop `doc` from rendering (empty when it can render). */
  async problems(doc: ProgrammeDocument): Promise<ProgrammeProblem[]> {
    return findProblems(doc, await this.sources.info(doc));
  }

  /**
   * Renders a document to `outputs` (all or nothing: `.part` files renamed at the end) and returns
   * the report. Refuses a document with problems before anything is written.
   */
  async renderDocument(
    doc: ProgrammeDocument,
    programmeId: string | null,
    outputs: RenderOutputs,
    control: RenderControl = {},
  ): Promise<ProgrammeRenderReport> {
    const signal = control.signal ?? new AbortController().signal;
    const progress = (stage: RenderPhase | 'preparing', f: number) => {
      const [a, b] = PHASES[stage];
      control.onProgress?.(stage, a + (b - a) * Math.min(1, Math.max(0, f)));
    };
    progress('preparing', 0);
    const info = await this.sources.info(doc);
    const problems = findProblems(doc, info);
    const first = problems[0];
    if (first) throw new StudioError(first.code, first.message, { problems });
    for (const f of outputs.files) await checkFolder(f.file);
    const { mix, length, channels, preset, renderKey } = await this.mixOf(doc);
    if (signal.aborted) throw cancelled();
    progress('preparing', 1);
    const targets: RenderTarget[] = outputs.files.map((f) => ({
      format: f.format,
      file: f.file,
      output: outputFormat(f.format, outputs),
    }));
    let result;
    try {
      result = await renderProgramme({
        env: await this.env(),
        mix,
        preset,
        targets,
        key: renderKey,
        planCacheDir: this.planCacheDir,
        concurrency: this.deps.renderConcurrency ?? os.availableParallelism(),
        signal,
        onProgress: progress,
      });
    } catch (err) {
      throw renderError(err, signal);
    }
    const files: ProgrammeRenderFile[] = [];
    for (const [k, t] of targets.entries()) {
      const m = result.files[k];
      files.push({
        format: t.format,
        file: t.file,
        bytes: (await stat(t.file)).size,
        // What approval pins: the bytes as written, hashed before anyone else could touch them.
        sha256: (await sha256OfFile(t.file)) ?? undefined,
        bitrateKbps: t.output.format === 'wav' ? null : t.output.bitrateKbps,
        bitDepth: t.output.format === 'wav' ? t.output.bitDepth : null,
        integratedLufs: m?.integratedLufs ?? null,
        truePeakDbtp: m?.truePeakDbtp ?? null,
        attenuationDb: m?.attenuationDb ?? 0,
      });
    }
    control.onProgress?.('done', 1);
    return {
      programmeId,
      title: doc.metadata.title,
      renderedAt: this.now().toISOString(),
      lengthSamples: length,
      durationSec: length / EDIT_SAMPLE_RATE,
      sampleRate: EDIT_SAMPLE_RATE,
      channels,
      preset: preset.id,
      presetLabel: preset.label,
      targetLufs: preset.targetLufs,
      truePeakCeilingDbtp: preset.truePeakDbtp,
      integratedLufs: result.integratedLufs,
      truePeakDbtp: result.truePeakDbtp,
      mixLufs: result.mixLufs,
      gainDb: result.stage.gainDb,
      limiter: result.stage.limiterLimit !== null,
      secondsByLanguage: secondsByLanguage(doc),
      secondsWithoutSpeech: secondsWithoutSpeech(doc),
      files,
      renderKey,
      documentKey: documentKey(doc, info),
    };
  }

  /** A render job as it starts: running, preparing, nothing written yet. */
  private newJob(programmeId: string | null, outputs: RenderOutputs): ProgrammeRenderJob {
    return {
      id: randomUUID(),
      programmeId,
      state: 'running',
      stage: 'preparing',
      fraction: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      files: outputs.files.map((f) => f.file),
      report: null,
      error: null,
    };
  }

  /**
   * Renders `doc` now to exactly `outputs` (`programme.renderFiles`, the command line's render):
   * `programmeId` names the stored programme it is, `null` for an exported file read but not
   * stored. It runs as a render job, so its progress and end are the events of any render and
   * closing the studio stops it; `signal` cancels it. No report file is written; a stored
   * programme keeps the report as its last render.
   */
  async renderFiles(
    doc: ProgrammeDocument,
    programmeId: string | null,
    outputs: RenderOutputs,
    signal: AbortSignal,
    actor: Actor,
  ): Promise<ProgrammeRenderReport> {
    const job = this.newJob(programmeId, outputs);
    this.renders.start(job, (s) => this.runRender(job, doc, outputs, null, s, actor));
    const cancel = () => this.renders.cancel(job.id);
    signal.addEventListener('abort', cancel, { once: true });
    if (signal.aborted) cancel();
    let done: ProgrammeRenderJob;
    try {
      done = await this.renders.wait(job.id);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
    if (done.state === 'finished' && done.report) return done.report;
    const e = done.error ?? new StudioError('PROGRAMME_RENDER_FAILED').toShape();
    throw new StudioError(e.code, e.message, e.details, e.technical);
  }

  /**
   * Starts a render of a stored programme in the background (`programme.render`). `places`: where
   * a request may write (the router's); the command line writes where it is told.
   */
  async startRender(
    req: ProgrammeRenderRequest,
    actor: Actor,
    places?: WritablePlaces,
  ): Promise<ProgrammeRenderJob> {
    const doc = await this.deps.programmes.documentNotInTrash(req.id);
    // Refused now, before a job exists, when the programme cannot render.
    const first = (await this.problems(doc))[0];
    if (first) throw new StudioError(first.code, first.message, { itemId: first.itemId });
    const formats = req.formats ?? (['wav', 'mp3', 'opus'] as ProgrammeRenderFormat[]);
    const dir = req.dir ?? (await defaultExportsDir(this.deps.dataDir));
    if (!path.isAbsolute(dir)) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Thư mục "${dir}" phải là đường dẫn đầy đủ (ví dụ /home/dai/xuat).`,
      );
    }
    const m = doc.metadata;
    let base = req.name ?? safeName(`${m.title}${m.date ? ` ${m.date}` : ''}`, 'chuong-trinh');
    if (req.name === undefined) {
      const taken = (b: string) =>
        [...formats, 'report.json'].some((ext) => existsSync(path.join(dir, `${b}.${ext}`)));
      const stem = base;
      for (let i = 2; taken(base); i++) base = `${stem}-${i}`;
    }
    const outputs: RenderOutputs = {
      files: formats.map((format) => ({ format, file: path.join(dir, `${base}.${format}`) })),
      mp3Kbps: req.mp3Kbps ?? DEFAULT_MP3_KBPS,
      opusKbps: req.opusKbps ?? DEFAULT_OPUS_KBPS,
      wavBitDepth: req.wavBitDepth ?? DEFAULT_WAV_BIT_DEPTH,
    };
    const reportFile = path.join(dir, `${base}.report.json`);
    for (const f of outputs.files) await checkFolder(f.file);
    for (const f of [...outputs.files.map((o) => o.file), reportFile]) await places?.assertMayWrite(f);
    const job = this.newJob(req.id, outputs);
    return this.renders.start(job, (signal) => this.runRender(job, doc, outputs, reportFile, signal, actor));
  }

  private async runRender(
    job: ProgrammeRenderJob,
    doc: ProgrammeDocument,
    outputs: RenderOutputs,
    /** Where the report is written as JSON beside the files; `null`: nowhere. */
    reportFile: string | null,
    signal: AbortSignal,
    /** Who asked: a stored programme's new render brings it back to draft in their name. */
    actor: Actor,
  ): Promise<ProgrammeRenderJob> {
    let lastEmit = 0;
    try {
      const report = await this.renderDocument(doc, job.programmeId, outputs, {
        signal,
        onProgress: (stage, fraction) => {
          job.stage = stage;
          job.fraction = fraction;
          const now = Date.now();
          if (now - lastEmit < 200 && stage !== 'done') return;
          lastEmit = now;
          this.deps.emit('programme.render.progress', {
            jobId: job.id,
            programmeId: job.programmeId,
            stage,
            fraction,
          });
        },
      });
      if (reportFile) {
        await writeFile(partFile(reportFile), `${JSON.stringify(report, null, 2)}\n`);
        await rename(partFile(reportFile), reportFile);
      }
      job.report = this.deps.renderedFiles.withMedia(report);
      job.state = 'finished';
      job.stage = 'done';
      job.fraction = 1;
      if (job.programmeId) await this.deps.programmes.recordRender(job.programmeId, report, actor);
    } catch (err) {
      const e =
        err instanceof StudioError
          ? err
          : new StudioError('PROGRAMME_RENDER_FAILED', undefined, { cause: String(err) });
      job.state = signal.aborted ? 'cancelled' : 'failed';
      job.error = signal.aborted
        ? { code: 'CANCELLED', message: 'Đã huỷ dựng chương trình theo yêu cầu. Không có tệp nào được ghi.' }
        : e.toShape();
    }
    job.finishedAt = this.now().toISOString();
    this.deps.emit('programme.render.finished', { job: structuredClone(job) });
    return structuredClone(job);
  }

  renderStatus(jobId: string): ProgrammeRenderJob {
    return this.renders.status(jobId);
  }

  cancelRender(jobId: string): ProgrammeRenderJob {
    return this.renders.cancel(jobId);
  }

  /** Resolves when the render is over (finished, failed or cancelled). */
  waitRender(jobId: string): Promise<ProgrammeRenderJob> {
    return this.renders.wait(jobId);
  }

  /** Cancels running renders and waits for them (shutdown). */
  close(): Promise<void> {
    return this.renders.close();
  }
}

function outputFormat(format: ProgrammeRenderFormat, o: RenderOutputs): OutputFormat {
  switch (format) {
    case 'wav':
      return { format: 'wav', bitDepth: o.wavBitDepth };
    case 'mp3':
      return { format: 'mp3', bitrateKbps: o.mp3Kbps };
    case 'opus':
      return { format: 'opus', bitrateKbps: o.opusKbps };
  }
}

function cancelled(): StudioError {
  return new StudioError('CANCELLED', 'Đã huỷ dựng chương trình theo yêu cầu. Không có tệp nào được ghi.');
}

/** The edit engine's errors, reworded for a programme. */
function renderError(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return cancelled();
  if (!(err instanceof StudioError)) return err;
  if (err.code === 'EDIT_RENDER_FAILED') {
    return new StudioError(
      'PROGRAMME_RENDER_FAILED',
      'Không dựng được chương trình. Chương trình không bị ảnh hưởng và không có tệp nào được ghi; ' +
        'hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
      err.details,
      err.technical,
    );
  }
  if (err.code === 'DISK_FULL') {
    return new StudioError(
      'DISK_FULL',
      'Ổ đĩa đã đầy nên không ghi được chương trình đã dựng; không có tệp nào được giữ lại. Hãy giải phóng dung lượng rồi thử lại.',
    );
  }
  return err;
}
