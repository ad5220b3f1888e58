import path from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError, type Asset, type RequestIn } from '../../contract';
import { resolveDataDir } from '../../app/config';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';
import { formatDuration } from './import';

/** One asset as `studio library list --json` prints it (fields may be added, never renamed or removed). */
export interface CliLibraryItem {
  id: string;
  title: string;
  sha256: string;
  durationSec: number;
  language: string;
  /** The stored file's absolute path. */
  file: string;
}

const PAGE = 1000;

/**
 * `studio library list [--json] [--text T] [--language L] [--reporter R] [--subject S] [--tag T]
 * [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--trash | --all] [--data DIR]`: every asset that matches,
 * newest first, with the filters of the library screen. `--json` prints ONE array of
 * `{ "id", "title", "sha256", "durationSec", "language", "file" }`.
 */
export const libraryCommand: CliCommand = {
  name: 'library',
  summary: 'Liệt kê tư liệu trong thư viện, mới nhất trước, với các bộ lọc như màn hình Thư viện',
  usage:
    'studio library list [--json] [--text T] [--language L] [--reporter R] [--subject S] [--tag T] [--from NGÀY] [--to NGÀY] [--trash | --all] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        text: { type: 'string' },
        language: { type: 'string' },
        reporter: { type: 'string' },
        subject: { type: 'string' },
        tag: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        trash: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'list') {
      throw new StudioError('INVALID_REQUEST', `Cách dùng: ${this.usage}`);
    }
    if (values.trash && values.all) {
      throw new StudioError(
        'INVALID_REQUEST',
        'Chỉ chọn một trong hai: --trash (chỉ thùng rác) hoặc --all (tất cả).',
      );
    }
    const dataDir = resolveDataDir(values.data);
    const filters: RequestIn<'library.list'> = {
      text: values.text,
      language: values.language,
      reporter: values.reporter,
      subject: values.subject,
      tag: values.tag,
      from: values.from,
      to: values.to,
      onlyDeleted: values.trash,
      includeDeleted: values.all,
      sort: 'importedAt',
      order: 'desc',
    };
    const session = await openSession(values.data);
    const assets: Asset[] = [];
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = await session.call('library.list', { ...filters, offset, limit: PAGE });
        assets.push(...page.items);
        if (page.items.length < PAGE || assets.length >= page.total) break;
      }
    } finally {
      await session.close();
    }
    const items: CliLibraryItem[] = assets.map((a) => ({
      id: a.id,
      title: a.title,
      sha256: a.sha256,
      durationSec: a.durationSec,
      language: a.language,
      file: path.join(dataDir, ...a.file.split('/')),
    }));
    if (values.json) {
      io.out(JSON.stringify(items));
    } else {
      for (const i of items)
        io.out(`${i.id}  ${formatDuration(i.durationSec).padStart(8)}  ${i.language.padEnd(4)} ${i.title}`);
      io.out(`${items.length} tư liệu.`);
    }
    return 0;
  },
};
