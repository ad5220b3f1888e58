import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MP3_KBPS,
  DEFAULT_OPUS_KBPS,
  DEFAULT_WAV_BIT_DEPTH,
  isStudioErrorShape,
  StudioError,
  type RenderOutputs,
  type ProgrammeRenderFormat,
  type ProgrammeRenderProgressEvent,
  type ProgrammeRenderReport,
  type ProgrammeRenderStage,
  type StudioErrorShape,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';
import { formatDuration } from './import';

/**
 * `studio render PROGRAMME --out FILE [--json] [--data DIR]`
 *
 * PROGRAMME is a programme id of the data folder (32 hex characters) or an exported programme file
 * (`programme.export`, JSON). The extension of `--out` decides what is written, all from ONE render
 * (one graph, one loudness measurement, the same audio in every file):
 *   `.wav`           the broadcast set: FILE is the WAV master (48 kHz, 24-bit), and beside it the
 *                    same name with `.mp3` (192 kb/s) and `.opus` (Ogg Opus, 64 kb/s);
 *   `.mp3`, `.opus`  only that encode (to feed a stream or an upload; no master is written).
 * Files are written as `.part` and renamed when every one is written and verified.
 *
 * `--json` prints ONE object (scripts rely on this shape: fields may be added, never renamed or removed):
 *   { "ok": true, "file", "durationSec", "integratedLufs", "truePeakDbtp",
 *     "secondsByLanguage": { "vie": …, "tyz": … },
 *     "files": [{ "format", "file", "integratedLufs", "truePeakDbtp", "attenuationDb" }, …] }
 *   { "ok": false, "error": { "code", "message" } }
 * `file` is FILE (absolute); `integratedLufs` and `truePeakDbtp` are the master's (the mix as
 * normalised); `files` gives what each written file carries, measured on the file (an MP3 or Opus
 * file decoded), and how much quieter it was encoded to keep its true peak under the ceiling. Exit status 0 when rendered, 1 when the render failed (bad programme,
 * missing audio, loudness not met, cancelled…), 2 for a wrong command line.
 */
export function cliRenderResult(file: string, r: ProgrammeRenderReport): unknown {
  return {
    ok: true,
    file,
    durationSec: r.durationSec,
    integratedLufs: r.integratedLufs,
    truePeakDbtp: r.truePeakDbtp,
    secondsByLanguage: r.secondsByLanguage,
    files: r.files.map((f) => ({
      format: f.format,
      file: f.file,
      integratedLufs: f.integratedLufs ?? null,
      truePeakDbtp: f.truePeakDbtp ?? null,
      attenuationDb: f.attenuationDb ?? 0,
    })),
  };
}

const FORMAT_OF: Record<string, ProgrammeRenderFormat> = { '.wav': 'wav', '.mp3': 'mp3', '.opus': 'opus' };

/** The files a `--out` asks for (see above). */
export function outputsFor(out: string): RenderOutputs {
  const ext = path.extname(out).toLowerCase();
  const format = FORMAT_OF[ext];
  if (!format) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Không biết ghi tệp "${path.basename(out)}": --out phải kết thúc bằng .wav (bản gốc, kèm .mp3 và .opus bên cạnh), .mp3 hoặc .opus.`,
    );
  }
  const stem = out.slice(0, out.length - ext.length);
  const formats: ProgrammeRenderFormat[] = format === 'wav' ? ['wav', 'mp3', 'opus'] : [format];
  return {
    files: formats.map((f) => ({ format: f, file: f === format ? out : `${stem}.${f}` })),
    mp3Kbps: DEFAULT_MP3_KBPS,
    opusKbps: DEFAULT_OPUS_KBPS,
    wavBitDepth: DEFAULT_WAV_BIT_DEPTH,
  };
}

const STAGE_LABEL: Record<ProgrammeRenderStage, string> = {
  preparing: 'Chuẩn bị âm thanh',
  measuring: 'Đo độ lớn',
  rendering: 'Dựng và ghi tệp',
  verifying: 'Kiểm tra độ lớn',
  done: 'Xong',
};

const vn = (n: number) => n.toFixed(1).replace('.', ',').replace('-', '−');

export const renderCommand: CliCommand = {
  name: 'render',
  summary:
    'Dựng chương trình, chuẩn hoá độ lớn. --out X.wav: bản gốc WAV kèm X.mp3 và X.opus bên cạnh; X.mp3 hoặc X.opus: chỉ tệp đó',
  usage: 'studio render PROGRAMME --out FILE [--json] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, out: { type: 'string', short: 'o' } },
      allowPositionals: true,
      strict: true,
    });
    const [programme, ...extra] = positionals;
    if (!programme || extra.length > 0 || values.out === undefined) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Cần một chương trình (mã hoặc tệp) và --out. Cách dùng: ${this.usage}`,
      );
    }
    const out = path.resolve(values.out);
    const outputs = outputsFor(out);

    let session;
    try {
      session = await openSession(values.data);
    } catch (err) {
      return fail(err, values.json, io);
    }
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    const live = !values.json && process.stderr.isTTY === true;
    let shown = false;
    const asFile = !/^[0-9a-f]{32}$/.test(programme) || existsSync(programme);
    const programmeId = asFile ? null : programme;
    // Progress of this render: the one of this programme (a file's has none) while the call runs.
    const unsubscribe = session.connection.subscribe((event, payload) => {
      if (!live || event !== 'programme.render.progress') return;
      const p = payload as ProgrammeRenderProgressEvent;
      if (p.programmeId !== programmeId) return;
      process.stderr.write(`\r\x1b[K${STAGE_LABEL[p.stage]}… ${Math.floor(p.fraction * 100)}%`);
      shown = true;
    });
    try {
      const report = await session.call(
        'programme.renderFiles',
        {
          programme: asFile ? { file: path.resolve(programme) } : { id: programme },
          // The bit rates and depth are the contract's defaults, as outputsFor gives them.
          files: outputs.files,
        },
        controller.signal,
      );
      unsubscribe();
      if (shown) process.stderr.write('\r\x1b[K');
      if (values.json) {
        io.out(JSON.stringify(cliRenderResult(out, report)));
      } else {
        const langs = Object.entries(report.secondsByLanguage)
          .map(([l, s]) => `${l} ${formatDuration(s)}`)
          .join(', ');
        io.out(
          `Đã dựng "${report.title}": ${formatDuration(report.durationSec)}, ${vn(report.integratedLufs)} LUFS, ` +
            `đỉnh thực ${vn(report.truePeakDbtp)} dBTP (${report.presetLabel}).`,
        );
        if (langs) io.out(`  Thời lượng theo ngôn ngữ: ${langs}`);
        for (const f of report.files) {
          const tp =
            f.truePeakDbtp === null || f.truePeakDbtp === undefined
              ? ''
              : `đỉnh thực ${vn(f.truePeakDbtp)} dBTP`;
          const quieter = f.attenuationDb
            ? `, nhỏ hơn bản gốc ${vn(f.attenuationDb)} dB để không vượt trần`
            : '';
          io.out(`  ${f.file}${tp ? ` (${tp}${quieter})` : ''}`);
        }
      }
      return 0;
    } catch (err) {
      unsubscribe();
      if (shown) process.stderr.write('\r\x1b[K');
      return fail(err, values.json, io);
    } finally {
      process.removeListener('SIGINT', onSigint);
      await session.close();
    }
  },
};

/** A render that failed: the error as JSON (or its message), exit status 1. */
function fail(err: unknown, json: boolean, io: { out(t: string): void; err(t: string): void }): number {
  const shape: StudioErrorShape =
    err instanceof StudioError
      ? err.toShape()
      : isStudioErrorShape(err)
        ? err
        : { code: 'INTERNAL', message: `Lỗi không mong muốn: ${(err as Error)?.message ?? String(err)}` };
  if (json) io.out(JSON.stringify({ ok: false, error: { code: shape.code, message: shape.message } }));
  else io.err(shape.message);
  return 1;
}
