import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  StudioError,
  type EditExportFinishedEvent,
  type EditExportJob,
  type EditRenderProgressEvent,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';

/**
 * `studio export EDIT --json` prints ONE JSON object:
 *   { "ok": true, "file", "format", "durationSec", "projectId", "loudness": { "targetLufs", "truePeakDbtp" } | null }
 *   { "ok": false, "error": { "code", "message" } }
 * EDIT is an edit project id (32 hex), or an asset id (64 hex): its latest edit, or the asset as it
 * is when it has none (which starts an edit project for it). `--out` refuses a file that is already
 * there unless `--overwrite` is given. Exit status 0 when the file was written, 1 otherwise (Ctrl+C
 * cancels and writes nothing), 2 for bad arguments.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Xuất bản biên tập ra WAV hoặc MP3 (cùng bộ dựng với bản nghe thử)',
  usage:
    'studio export EDIT [--format wav|mp3] [--out FILE [--overwrite]] [--bitrate 128|192] [--bits 16|24] [--json] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        format: { type: 'string', default: 'wav' },
        out: { type: 'string' },
        overwrite: { type: 'boolean', default: false },
        bitrate: { type: 'string', default: '192' },
        bits: { type: 'string', default: '16' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [target] = positionals;
    if (!target || positionals.length > 1) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Hãy cho biết một bản biên tập cần xuất. Cách dùng: ${this.usage}`,
      );
    }
    const format = values.format;
    if (format !== 'wav' && format !== 'mp3') {
      throw new StudioError('INVALID_REQUEST', `Định dạng "${format}" không hỗ trợ: hãy dùng wav hoặc mp3.`);
    }
    const bitrate = Number(values.bitrate);
    const bits = Number(values.bits);
    if (bitrate !== 128 && bitrate !== 192) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Tốc độ bit "${values.bitrate}" không hỗ trợ: hãy dùng 128 hoặc 192.`,
      );
    }
    if (bits !== 16 && bits !== 24) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Độ sâu bit "${values.bits}" không hỗ trợ: hãy dùng 16 hoặc 24.`,
      );
    }
    let projectId: string;
    if (!/^[0-9a-f]{32}$/.test(target) && !/^[0-9a-f]{64}$/.test(target)) {
      throw new StudioError(
        'INVALID_REQUEST',
        `"${target}" không phải mã bản biên tập (32 ký tự) hay mã tệp trong thư viện (64 ký tự).`,
      );
    }
    const session = await openSession(values.data);
    const live = !values.json && process.stderr.isTTY === true;
    // The export's end, by job id: events that come before its id is known wait in `finished`.
    const finished = new Map<string, EditExportJob>();
    let jobId: string | null = null;
    let settle: (job: EditExportJob) => void = () => undefined;
    const unsubscribe = session.connection.subscribe((event, payload) => {
      if (event === 'edit.export.finished') {
        const { job } = payload as EditExportFinishedEvent;
        finished.set(job.id, job);
        if (job.id === jobId) settle(job);
      }
      if (!live || event !== 'edit.render.progress') return;
      const p = payload as EditRenderProgressEvent;
      if (p.projectId !== projectId) return;
      const what = p.purpose === 'analysis' ? 'Đang đo độ lớn…' : 'Đang xuất…';
      process.stderr.write(`\r\x1b[K${what} ${Math.floor(p.fraction * 100)}%`);
    });
    let done: EditExportJob;
    try {
      projectId = target.length === 32 ? target : (await session.call('edit.open', { assetId: target })).id;
      const job = await session.call('edit.export', {
        projectId,
        format,
        bitrateKbps: bitrate,
        bitDepth: bits,
        ...(values.out ? { path: path.resolve(values.out), overwrite: values.overwrite } : {}),
      });
      jobId = job.id;
      const over = new Promise<EditExportJob>((resolve) => (settle = resolve));
      const early = finished.get(job.id);
      if (early) settle(early);
      // The answer does not matter: the export's end comes as its event, cancelled or not.
      const onSigint = () => void session.connection.call('edit.cancelExport', { jobId: job.id });
      process.once('SIGINT', onSigint);
      try {
        done = await over;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    } finally {
      unsubscribe();
      if (live) process.stderr.write('\r\x1b[K');
      await session.close();
    }
    if (done.state !== 'finished' || done.error) {
      throw new StudioError(done.error?.code ?? 'EDIT_RENDER_FAILED', done.error?.message);
    }
    if (values.json) {
      io.out(
        JSON.stringify({
          ok: true,
          file: done.file,
          format: done.format,
          durationSec: done.durationSec,
          projectId,
          loudness: done.loudness,
        }),
      );
    } else {
      const loud = done.loudness
        ? `, chuẩn hoá ${String(done.loudness.targetLufs).replace('-', '−')} LUFS`
        : '';
      io.out(`Đã xuất ${done.durationSec.toFixed(1).replace('.', ',')} giây${loud}: ${done.file}`);
    }
    return 0;
  },
};
