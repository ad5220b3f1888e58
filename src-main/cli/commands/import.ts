import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  languageCodeSchema,
  StudioError,
  type Asset,
  type EventName,
  type ImportFileDoneEvent,
  type ImportFileResult,
  type ImportFinishedEvent,
  type ImportMetadata,
  type ImportProgressEvent,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';

/**
 * `studio import FILE... --json` prints ONE JSON array, one object per input file in input order
 * (scripts and other tools rely on this shape; keep it exactly):
 *   { "file": <path as given>, "ok": true, "asset": { "id", "durationSec", "sampleRate", "channels",
 *     "loudness": { "integratedLufs", "lraLu", "peakDbfs" } } }            (+ "duplicate": true)
 *   { "file": <path as given>, "ok": false, "error": { "code", "message" } }
 * Exit status 0 when every file was imported (duplicates count), 1 when any failed.
 */
export function cliResult(r: ImportFileResult): unknown {
  if (!r.ok) {
    const { code, message, technical } = r.error;
    return { file: r.file, ok: false, error: technical ? { code, message, technical } : { code, message } };
  }
  const a = r.asset;
  const asset = {
    id: a.id,
    durationSec: a.durationSec,
    sampleRate: a.sampleRate,
    channels: a.channels,
    loudness: {
      integratedLufs: a.loudness.integratedLufs,
      lraLu: a.loudness.lraLu,
      peakDbfs: a.loudness.peakDbfs,
    },
  };
  return r.duplicate ? { file: r.file, ok: true, asset, duplicate: true } : { file: r.file, ok: true, asset };
}

const vnNumber = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');

export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

function describe(a: Asset): string {
  const ch = a.channels === 1 ? 'mono' : a.channels === 2 ? 'stereo' : `${a.channels} kênh`;
  const lufs =
    a.loudness.integratedLufs === null ? 'quá nhỏ để đo' : `${vnNumber(a.loudness.integratedLufs)} LUFS`;
  return `"${a.title}" — ${formatDuration(a.durationSec)}, ${vnNumber(a.sampleRate / 1000)} kHz, ${ch}, độ lớn ${lufs}`;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Nhập tệp âm thanh/video vào thư viện (đo độ lớn, tạo dạng sóng)',
  usage: 'studio import FILE... [--json] [--data DIR] [--language CODE] [--reporter NAME]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        language: { type: 'string' },
        reporter: { type: 'string' },
        subject: { type: 'string' },
        tag: { type: 'string', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) {
      throw new StudioError('INVALID_REQUEST', `Chưa có tệp nào để nhập. Cách dùng: ${this.usage}`);
    }
    const metadata: ImportMetadata = {};
    if (values.language !== undefined) {
      if (!languageCodeSchema.safeParse(values.language).success) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Mã ngôn ngữ "${values.language}" không hợp lệ: hãy dùng mã ISO 639-3 gồm 3 chữ thường, ví dụ vie, tyz, hnj.`,
        );
      }
      metadata.language = values.language;
    }
    if (values.reporter !== undefined) metadata.reporter = values.reporter;
    if (values.subject !== undefined) metadata.subject = values.subject;
    if (values.tag !== undefined) metadata.tags = values.tag;

    const session = await openSession(values.data);
    const total = positionals.length;
    const live = !values.json && process.stderr.isTTY === true;
    let liveShown = false;
    const clearLive = () => {
      if (liveShown) process.stderr.write('\r\x1b[K');
      liveShown = false;
    };

    const done: Array<ImportFileResult | undefined> = new Array(total);
    let printed = 0;
    const printLine = (index: number, result: ImportFileResult) => {
      const tag = `[${index + 1}/${total}]`;
      if (result.ok) {
        const what = result.duplicate ? 'Đã có trong thư viện (không nhập lại)' : 'Đã nhập';
        io.out(`${tag} ${what}: ${path.basename(result.file)} → ${describe(result.asset)}`);
        if (result.asset.warning && !result.duplicate) io.out(`        Chú ý: ${result.asset.warning}`);
      } else {
        io.out(`${tag} Lỗi: ${result.error.message}`);
        // On the command line the technician is the reader: what the program said comes too.
        if (result.error.technical) io.out(`        Chi tiết kỹ thuật: ${result.error.technical}`);
      }
    };
    // This import's events, by job id: those that come before its id is known wait in `early`.
    let jobId: string | null = null;
    const early: Array<[EventName, unknown]> = [];
    let settle: (finished: ImportFinishedEvent) => void = () => undefined;
    const onEvent = (event: EventName, payload: unknown) => {
      if ((payload as { jobId?: string }).jobId !== jobId) return;
      if (event === 'import.finished') settle(payload as ImportFinishedEvent);
      if (values.json) return;
      if (event === 'import.progress' && live) {
        const p = payload as ImportProgressEvent;
        process.stderr.write(`\r\x1b[KĐang nhập… ${Math.floor(p.jobFraction * 100)}%`);
        liveShown = true;
      } else if (event === 'import.fileDone') {
        // Lines come out in input order: a finished file waits for the ones before it.
        const { index, result } = payload as ImportFileDoneEvent;
        done[index] = result;
        clearLive();
        for (let next = done[printed]; next; next = done[printed]) {
          printLine(printed, next);
          printed++;
        }
      }
    };
    const unsubscribe = session.connection.subscribe((event, payload) => {
      if (jobId === null) early.push([event, payload]);
      else onEvent(event, payload);
    });

    let finished: ImportFinishedEvent;
    try {
      const over = new Promise<ImportFinishedEvent>((resolve) => (settle = resolve));
      const job = await session.call('library.import', { paths: positionals, metadata });
      jobId = job.id;
      for (const [event, payload] of early.splice(0)) onEvent(event, payload);
      // The answer does not matter: the import's end comes as its event, cancelled or not.
      const onSigint = () => void session.connection.call('library.cancelImport', { jobId: job.id });
      process.once('SIGINT', onSigint);
      try {
        finished = await over;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    } finally {
      unsubscribe();
      clearLive();
      await session.close();
    }
    const failed = finished.results.filter((r) => !r.ok).length;
    if (values.json) {
      io.out(JSON.stringify(finished.results.map(cliResult), null, 2));
    } else {
      const dup = finished.results.filter((r) => r.ok && r.duplicate).length;
      const imported = total - failed - dup;
      io.out(
        `Xong: ${imported} tệp đã nhập${dup ? `, ${dup} tệp đã có sẵn` : ''}${failed ? `, ${failed} tệp lỗi` : ''}. ` +
          `Thư viện: ${path.join(session.studio.config.dataDir, 'library')}`,
      );
    }
    return failed > 0 ? 1 : 0;
  },
};
