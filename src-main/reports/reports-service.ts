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
  type ReportFileFormat,
  type ReportGrouping,
  type StationLanguage,
} from '../contract';
import { printHtmlToPdf } from '../platform/chromium';
import type { BroadcastLog } from '../broadcast-log/broadcast-log';
import type { ProgrammeService } from '../programme/programme-service';
import { airtimeHtml, embeddedFontCss } from './airtime-html';
import { writeAirtimeXlsx } from './airtime-xlsx';
import {
  computeAirtime,
  localMonthRange,
  programmeIdOf,
  twelveMonthsTo,
  type ProgrammeFacts,
} from './airtime';

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

/** Who made a programme when it names nobody. */
export const NO_AUTHOR = 'Không ghi tác giả';

export class ReportsService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReportsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async airtime(month: string, by: ReportGrouping): Promise<AirtimeReport> {
    const months = twelveMonthsTo(month);
    const from = localMonthRange(months[0] as string).from;
    const to = localMonthRange(month).to;
    // Entries that began in the twelve months; one still on air at `from` began before it.
    const entries = this.deps.log.repo
      .list({ from, to, station: null }, 0, Number.MAX_SAFE_INTEGER)
      .filter((e) => e.actualStart >= from);
    const facts = new Map<string, ProgrammeFacts | null>();
    for (const entry of entries) {
      const id = programmeIdOf(entry);
      if (id !== null && !facts.has(id)) facts.set(id, await this.programmeFacts(id));
    }
    return computeAirtime({
      month,
      by,
      entries,
      programme: (id) => facts.get(id) ?? null,
      languages: this.deps.languages(),
      stationName: this.deps.stationName,
      programmesByReporter: await this.programmesByReporter(month),
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
   * The programme's languages as its last render measured them (what the master carries), else as
   * its document has them now; null when it is gone.
   */
  private async programmeFacts(id: string): Promise<ProgrammeFacts | null> {
    try {
      const p = await this.deps.programmes.get(id);
      const measured = p.lastRender ?? p.analysis;
      return {
        subject: p.metadata.subject,
        secondsByLanguage: measured.secondsByLanguage,
        durationSec: measured.durationSec,
      };
    } catch {
      return null;
    }
  }

  /** Programmes approved in the month (a first approval there), counted once for each of their authors. */
  private async programmesByReporter(month: string): Promise<AirtimeReport['programmesByReporter']> {
    const { from, to } = localMonthRange(month);
    const [start, end] = [Date.parse(from), Date.parse(to)];
    const counts = new Map<string, number>();
    const summaries = [...this.deps.programmes.list(false), ...this.deps.programmes.list(true)];
    for (const summary of summaries) {
      const p = await this.deps.programmes.get(summary.id).catch(() => null);
      const approved = p?.approval.history.find((step) => step.state === 'approved');
      if (!p || !approved) continue;
      const at = Date.parse(approved.at);
      if (at < start || at >= end) continue;
      const authors = [...new Set(p.metadata.authors.map((a) => a.trim()).filter(Boolean))];
      for (const author of authors.length > 0 ? authors : [NO_AUTHOR])
        counts.set(author, (counts.get(author) ?? 0) + 1);
    }
    return [...counts]
      .map(([reporter, programmes]) => ({ reporter, programmes }))
      .sort((a, b) => b.programmes - a.programmes || a.reporter.localeCompare(b.reporter, 'vi'));
  }
}
