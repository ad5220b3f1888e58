/**
 * Exports of an edit: its current edit list rendered, with its loudness stage, to a WAV or MP3 file
 * the user chose (or a new name in `<data folder>/exports/`), as a job that can be followed and
 * cancelled. A file is written as `.part` and renamed when whole.
 */
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { renderToFile, type OutputFormat } from '../audio';
import {
  EDIT_SAMPLE_RATE,
  StudioError,
  type EditDocument,
  type EditExportFormat,
  type EditExportJob,
  type EditExportPath,
  type EditExportRequest,
  type EventSink,
} from '../contract';
import { JobTable } from '../platform/job-table';
import { safeName } from '../platform/safe-name';
import type { WritablePlaces } from '../platform/user-folders';
import type { EditProjects } from './edit-projects';
import type { EditTimelines } from './edit-timelines';
import { documentLength } from './model';

export interface EditExportsDeps {
  dataDir: string;
  projects: EditProjects;
  timelines: EditTimelines;
  emit: EventSink;
  now: () => Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class EditExports {
  private readonly jobs = new JobTable<EditExportJob, EditExportJob>({
    notFound: 'Không tìm thấy lượt xuất tệp này. Có thể studio đã khởi động lại.',
  });

  constructor(private readonly deps: EditExportsDeps) {}

  private now(): Date {
    return this.deps.now();
  }

  /** `overwrite` (default false): write over a file that is already there, which the user confirmed. */
  /**
   * `places`: where a request may write (the router passes its caller's: a window's chosen
   * folders; the command line, run by the user in their own shell, writes where they say).
   */
  async start(
    req: Omit<EditExportRequest, 'overwrite'> & { overwrite?: boolean },
    places?: WritablePlaces,
  ): Promise<EditExportJob> {
    const { project: stored, doc } = await this.deps.projects.read(req.projectId);
    if (documentLength(doc) === 0) throw new StudioError('EDIT_EMPTY');
    const file =
      req.path === undefined
        ? await this.suggestedExportPath(stored.title, req.format)
        : await this.checkExportPath(req.path, req.format, req.overwrite ?? false, places);
    const job: EditExportJob = {
      id: randomUUID(),
      projectId: req.projectId,
      state: 'running',
      format: req.format,
      file,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      fraction: 0,
      durationSec: documentLength(doc) / EDIT_SAMPLE_RATE,
      loudness: doc.loudness,
      error: null,
    };
    const format: OutputFormat =
      req.format === 'wav'
        ? { format: 'wav', bitDepth: req.bitDepth }
        : { format: 'mp3', bitrateKbps: req.bitrateKbps };
    return this.jobs.start(job, (signal) => this.run(doc, job, format, signal));
  }

  private async run(
    doc: EditDocument,
    job: EditExportJob,
    format: OutputFormat,
    signal: AbortSignal,
  ): Promise<EditExportJob> {
    const part = `${job.file}.part`;
    try {
      const { timelines } = this.deps;
      const normalize = await timelines.normalization(doc, job.projectId, job.id, signal);
      const tl = await timelines.timeline(doc);
      await renderToFile(await timelines.env(), tl, normalize, format, part, {
        signal,
        onProgress: (fraction) => {
          job.fraction = fraction;
          timelines.progress(job.projectId, job.id, 'export', fraction);
        },
      });
      await rename(part, job.file);
      job.state = 'finished';
      job.fraction = 1;
    } catch (err) {
      await rm(part, { force: true });
      const e =
        err instanceof StudioError
          ? err
          : new StudioError('EDIT_RENDER_FAILED', undefined, { cause: String(err) });
      job.state = signal.aborted ? 'cancelled' : 'failed';
      job.error = signal.aborted
        ? { code: 'CANCELLED', message: 'Đã huỷ xuất tệp theo yêu cầu. Không có tệp nào được ghi.' }
        : e.toShape();
    }
    job.finishedAt = this.now().toISOString();
    this.deps.emit('edit.export.finished', { job: { ...job } });
    return { ...job };
  }

  /** Where an export goes when the user does not choose: a new name in `<data folder>/exports/`. */
  async suggestPath(projectId: string, format: EditExportFormat): Promise<EditExportPath> {
    const { project: stored } = await this.deps.projects.read(projectId);
    return { path: await this.suggestedExportPath(stored.title, format) };
  }

  private async suggestedExportPath(title: string, format: EditExportFormat): Promise<string> {
    const ext = `.${format}`;
    const dir = path.join(this.deps.dataDir, 'exports');
    await mkdir(dir, { recursive: true });
    const t = this.now();
    const stamp = `${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}-${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
    const base = `${safeName(title)}-${stamp}`;
    let file = path.join(dir, `${base}${ext}`);
    for (let i = 2; existsSync(file) || existsSync(`${file}.part`) || this.exportingTo(file); i++)
      file = path.join(dir, `${base}-${i}${ext}`);
    return file;
  }

  private exportingTo(file: string): boolean {
    return this.jobs.running().some((job) => job.file === file);
  }

  /**
   * A path the user chose: absolute, in a folder that exists and can be written, with the format's
   * extension (added when the name has none), not a file already there unless `overwrite`.
   */
  private async checkExportPath(
    chosen: string,
    format: EditExportFormat,
    overwrite: boolean,
    places: WritablePlaces | undefined,
  ): Promise<string> {
    const ext = `.${format}`;
    const name = format === 'wav' ? 'WAV' : 'MP3';
    if (!path.isAbsolute(chosen)) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `"${chosen}" chưa phải đường dẫn đầy đủ. Hãy ghi cả thư mục, ví dụ /home/dai/Bản tin sáng${ext}.`,
        { path: chosen, reason: 'relative' },
      );
    }
    if (/[\\/]$/.test(chosen) || path.basename(chosen) === '') {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Đường dẫn "${chosen}" chưa có tên tệp. Hãy thêm tên tệp sau thư mục, ví dụ "Bản tin sáng${ext}".`,
        { path: chosen, reason: 'no-name' },
      );
    }
    const given = path.extname(chosen);
    if (given !== '' && given.toLowerCase() !== ext) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Tệp "${path.basename(chosen)}" có đuôi "${given}" nhưng định dạng xuất là ${name}. ` +
          `Hãy đổi đuôi tệp thành "${ext}" hoặc chọn định dạng khác.`,
        { path: chosen, reason: 'extension' },
      );
    }
    const file = path.normalize(given === '' ? `${chosen}${ext}` : chosen);
    const dir = path.dirname(file);
    const folder = await stat(dir).catch(() => null);
    if (!folder?.isDirectory()) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Thư mục "${dir}" không tồn tại. Hãy chọn một thư mục có sẵn để lưu tệp xuất.`,
        { path: file, reason: 'no-folder' },
      );
    }
    // Before anything about the file itself: a place the user did not choose is not looked into.
    await places?.assertMayWrite(file);
    const writable = await access(dir, fsConstants.W_OK).then(
      () => true,
      () => false,
    );
    if (!writable) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Studio không có quyền ghi vào thư mục "${dir}". Hãy chọn thư mục khác (ví dụ trong thư mục cá nhân).`,
        { path: file, reason: 'not-writable' },
      );
    }
    if (this.exportingTo(file)) {
      throw new StudioError(
        'CONFLICT',
        `Đang có một lượt xuất ghi vào "${file}". Hãy đợi nó xong hoặc chọn tên tệp khác.`,
        { path: file },
      );
    }
    const existing = await stat(file).catch(() => null);
    if (existing?.isDirectory()) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `"${file}" là một thư mục. Hãy thêm tên tệp, ví dụ "${path.join(file, `Bản tin sáng${ext}`)}".`,
        { path: file, reason: 'is-folder' },
      );
    }
    if (existing && !overwrite) {
      throw new StudioError(
        'EDIT_EXPORT_EXISTS',
        `Đã có tệp "${path.basename(file)}" trong thư mục "${dir}". Hãy đặt tên khác, hoặc xác nhận ghi đè lên tệp cũ.`,
        { path: file },
      );
    }
    return file;
  }

  status(jobId: string): EditExportJob {
    return this.jobs.status(jobId);
  }

  cancel(jobId: string): EditExportJob {
    return this.jobs.cancel(jobId);
  }

  /** Resolves when the export is over (the CLI waits with this). */
  wait(jobId: string): Promise<EditExportJob> {
    return this.jobs.wait(jobId);
  }

  /** Cancels running exports and waits for them (shutdown). */
  close(): Promise<void> {
    return this.jobs.close();
  }
}
