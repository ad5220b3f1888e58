/**
 * The reports (issue 17): the month's airtime from the broadcast log and the programmes that
 * aired, grouped as asked, and the same report as an Excel workbook or a PDF.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import {
  StudioError,
  type AirtimeReport,
  type AirtimeReportFile,
  type BroadcastLogEntry,
  type ReportFileFormat,
  type ReportGrouping,
  type StationLanguage,
} from '../contract';
import { printHtmlToPdf } from '../platform/chromium';
import type { BroadcastLog } from '../broadcast-log/broadcast-log';
import type { BroadcastLogRepository } from '../broadcast-log/broadcast-log-repository';
import type { ProgrammeService } from '../programme/programme-service';
import { airtimeHtml, embeddedFontCss } from './airtime-html';
import { writeAirtimeXlsx } from './airtime-xlsx';
import { computeAirtime, localMonthRange, twelveMonthsTo, type ProgrammeFacts } from './airtime';

export interface ReportsDeps {
  log: BroadcastLog;
  programmes: ProgrammeService;
  /** The station's broadcast languages, in its order (the settings). */
  languages: () => readonly StationLanguage[];
  stationName: (code: string) => string | null;
  /** The audit chain's head (the SHA-256 the next entry will chain to). */
  auditChainHead: () => string;
  now?: () => Date;
  /** What Chromium (the PDF's printer) sees: its PATH, `CHROMIUM_BIN`. */
  env?: NodeJS.ProcessEnv;
}

/** Entries read from the database at a time: a year of a district's log is never held whole. */
const CHUNK = 1_000;

/** Entries that began in `month` and the eleven months before it, oldest first. */
export function* entriesOfYearTo(repo: BroadcastLogRepository, month: string): Generator<BroadcastLogEntry> {
  const from = localMonthRange(twelveMonthsTo(month)[0] as string).from;
  const to = localMonthRange(month).to;
  for (let offset = 0; ; offset += CHUNK) {
    const chunk = repo.list({ from, to, station: null }, offset, CHUNK);
    // One still on air at `from` began before it: it counts in an older month.
    for (const entry of chunk) if (entry.actualStart >= from) yield entry;
    if (chunk.length < CHUNK) return;
  }
}

/** Who made a programme when it names nobody. */
export const NO_AUTHOR = 'Không ghi tác giả';

export class ReportsService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReportsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async airtime(month: string, by: ReportGrouping): Promise<AirtimeReport> {
    const programmes = await this.programmes();
    return computeAirtime({
      month,
      by,
      entries: entriesOfYearTo(this.deps.log.repo, month),
      programme: (id) => programmes.get(id)?.facts ?? null,
      languages: this.deps.languages(),
      stationName: this.deps.stationName,
      programmesByReporter: byReporter([...programmes.values()], month),
      auditChainHead: this.deps.auditChainHead(),
      generatedAt: this.now().toISOString(),
    });
  }

  /** Writes the report to `file` (through a `.part` renamed at the end; a file there only if `overwrite`). */
  async export(
    req: { month: string; by: ReportGrouping; format: ReportFileFormat; file: string },
    overwrite: boolean,
  ): Promise<AirtimeReportFile> {
    const exists = await stat(req.file).then(
      () => true,
      () => false,
    );
    if (exists && !overwrite)
      throw new StudioError(
        'CONFLICT',
        'Đã có một tệp trùng tên ở đó. Hãy đặt tên khác, hoặc xác nhận ghi đè.',
      );
    const report = await this.airtime(req.month, req.by);
    const part = `${req.file}.${randomUUID().slice(0, 8)}.part`;
    try {
      if (req.format === 'xlsx') await writeAirtimeXlsx(report, part);
      else {
        const html = `${part}.html`;
        try {
          await writeFile(html, airtimeHtml(report, await embeddedFontCss()));
          await printHtmlToPdf(html, part, { env: this.deps.env ?? process.env });
        } finally {
          await rm(html, { force: true });
        }
      }
      await rename(part, req.file);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
    return { file: req.file, format: req.format, sizeBytes: (await stat(req.file)).size };
  }

  /**
   * Every programme (in the trash too: it aired all the same) with its languages as its last render
   * measured them (what the master carries), else as its document has them now; its authors and
   * its first approval.
   */
  private async programmes(): Promise<Map<string, ProgrammeRecord>> {
    const all = new Map<string, ProgrammeRecord>();
    for (const summary of [...this.deps.programmes.list(false), ...this.deps.programmes.list(true)]) {
      const p = await this.deps.programmes.get(summary.id).catch(() => null);
      if (!p) continue;
      const measured = p.lastRender ?? p.analysis;
      all.set(p.id, {
        facts: {
          subject: p.metadata.subject,
          secondsByLanguage: measured.secondsByLanguage,
          durationSec: measured.durationSec,
        },
        authors: p.metadata.authors,
        approvedAt: p.approval.history.find((step) => step.state === 'approved')?.at ?? null,
      });
    }
    return all;
  }
}

interface ProgrammeRecord {
  facts: ProgrammeFacts;
  authors: string[];
  approvedAt: string | null;
}

/** Programmes first approved in the month, counted once for each of their authors. */
function byReporter(programmes: ProgrammeRecord[], month: string): AirtimeReport['programmesByReporter'] {
  const { from, to } = localMonthRange(month);
  const [start, end] = [Date.parse(from), Date.parse(to)];
  const counts = new Map<string, number>();
  for (const p of programmes) {
    if (p.approvedAt === null) continue;
    const at = Date.parse(p.approvedAt);
    if (at < start || at >= end) continue;
    const authors = [...new Set(p.authors.map((a) => a.trim()).filter(Boolean))];
    for (const author of authors.length > 0 ? authors : [NO_AUTHOR])
      counts.set(author, (counts.get(author) ?? 0) + 1);
  }
  return [...counts]
    .map(([reporter, programmes]) => ({ reporter, programmes }))
    .sort((a, b) => b.programmes - a.programmes || a.reporter.localeCompare(b.reporter, 'vi'));
}
