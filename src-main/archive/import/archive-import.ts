/**
 * The bulk import of an old archive (issue 17): a folder, walked to its bottom, each audio file
 * put into the library through the media import (stored once: the same bytes again are reported as
 * a duplicate) with the title, date and language its name gives. What was not taken is said with
 * its reason: not audio, no date in the name, or what the import found wrong with it.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  StudioError,
  type ArchiveImportProgress,
  type ArchiveImportSkip,
  type ArchiveImportSummary,
  type ArchiveImportTaken,
} from '../../contract';
import type { ImportService } from '../../media/import-service';
import { compilePattern, parseArchiveName, type ArchivePattern } from './archive-names';

/** The extensions taken as audio (ffmpeg decodes them all; the media import says when one is broken). */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3',
  'mp2',
  'wav',
  'wave',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'mp4',
  'aac',
  'wma',
  'amr',
  'aif',
  'aiff',
  'aifc',
  'ac3',
  'mka',
  'webm',
  '3gp',
  'caf',
  'au',
]);

/** Files imported at once: the media import decodes each, and the machine has few cores. */
const CONCURRENCY = 2;

export interface ArchiveImportDeps {
  importer: Pick<ImportService, 'importOne'>;
  emit: (progress: ArchiveImportProgress) => void;
  now?: () => number;
}

export interface ArchiveImportRequest {
  dir: string;
  pattern?: string | undefined;
}

export class ArchiveImporter {
  private running: string | null = null;

  constructor(private readonly deps: ArchiveImportDeps) {}

  /** One import at a time: two over the same disk would only slow each other. */
  async run(request: ArchiveImportRequest, signal: AbortSignal): Promise<ArchiveImportSummary> {
    if (this.running !== null)
      throw new StudioError(
        'BUSY',
        `Đang nhập kho cũ từ thư mục ${this.running}. Hãy đợi lượt nhập đó xong rồi thử lại.`,
      );
    let pattern: ArchivePattern | null = null;
    if (request.pattern) {
      try {
        pattern = compilePattern(request.pattern);
      } catch (err) {
        throw new StudioError('INVALID_REQUEST', (err as Error).message);
      }
    }
    const dir = path.resolve(request.dir);
    this.running = dir;
    try {
      return await this.importFolder(dir, pattern, signal);
    } finally {
      this.running = null;
    }
  }

  private async importFolder(
    dir: string,
    pattern: ArchivePattern | null,
    signal: AbortSignal,
  ): Promise<ArchiveImportSummary> {
    const now = this.deps.now ?? Date.now;
    const started = now();
    const files = await walk(dir);
    const total = files.length;
    const taken: Array<ArchiveImportTaken | undefined> = new Array(total);
    const skipped: Array<ArchiveImportSkip | undefined> = new Array(total);
    let done = 0;
    const progress = (file: string) =>
      this.deps.emit({
        dir,
        total,
        done,
        file,
        taken: taken.filter(Boolean).length,
        skipped: skipped.filter(Boolean).length,
      });
    progress('');

    let next = 0;
    const worker = async () => {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        const file = files[index] as string;
        const outcome = await this.importOne(dir, file, pattern, signal);
        if ('assetId' in outcome) taken[index] = outcome;
        else skipped[index] = outcome;
        done++;
        progress(file);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, total) }, worker));
    const takenList = taken.filter((t): t is ArchiveImportTaken => !!t);
    return {
      dir,
      taken: takenList,
      skipped: skipped.filter((s): s is ArchiveImportSkip => !!s),
      seconds: Math.round(now() - started) / 1000,
      audioSeconds: Math.round(takenList.reduce((sum, t) => sum + t.durationSec, 0) * 1000) / 1000,
      cancelled: signal.aborted,
    };
  }

  private async importOne(
    dir: string,
    file: string,
    pattern: ArchivePattern | null,
    signal: AbortSignal,
  ): Promise<ArchiveImportTaken | ArchiveImportSkip> {
    const relative = path.relative(dir, file);
    const ext = path.extname(file).slice(1).toLowerCase();
    if (!AUDIO_EXTENSIONS.has(ext))
      return {
        file: relative,
        reasonCode: 'not-audio',
        reason: ext
          ? `Không phải tệp âm thanh (đuôi .${ext}).`
          : 'Không phải tệp âm thanh (tên tệp không có đuôi).',
      };
    const name = parseArchiveName(path.basename(file), pattern);
    if (!name.date)
      return {
        file: relative,
        reasonCode: 'no-date',
        reason: pattern
          ? `Tên tệp không khớp mẫu “${pattern.source}” và không có ngày ở dạng quen thuộc (2021-03-14, 20210314, 14-03-2021).`
          : 'Tên tệp không có ngày (ví dụ 2021-03-14, 20210314 hoặc 14-03-2021). Với tên kiểu khác, hãy cho mẫu tên tệp (--pattern).',
      };
    if (signal.aborted)
      return { file: relative, reasonCode: 'cancelled', reason: 'Đã dừng trước khi nhập tệp này.' };
    const result = await this.deps.importer.importOne(file, {
      metadata: {
        title: name.title,
        recordedAt: name.date,
        ...(name.language ? { language: name.language } : {}),
        notes: `Nhập từ kho cũ: ${relative.normalize('NFC')}`,
      },
      signal,
    });
    if (!result.ok)
      return {
        file: relative,
        reasonCode: result.error.code === 'CANCELLED' ? 'cancelled' : 'unreadable',
        reason: result.error.message,
      };
    return {
      file: relative,
      assetId: result.asset.id,
      title: result.asset.title,
      date: name.date,
      language: result.asset.language,
      durationSec: result.asset.durationSec,
      duplicate: result.duplicate,
    };
  }
}

/** Every file under `dir`, in name order, folders first walked in turn; a folder that is not there is said so. */
async function walk(dir: string): Promise<string[]> {
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw new StudioError('INVALID_REQUEST', `“${dir}” không phải là một thư mục.`);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError(
      'NOT_FOUND',
      `Không mở được thư mục “${dir}”: thư mục không có hoặc không đọc được.`,
    );
  }
  const out: string[] = [];
  const visit = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  await visit(dir);
  return out;
}
