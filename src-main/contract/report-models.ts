/**
 * Reports (issue 17): airtime from the broadcast log, by language, station (commune), subject or
 * month; the ethnic-language share and its trend; programmes made per reporter.
 */

export const REPORT_GROUPINGS = ['language', 'station', 'subject'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export interface AirtimeRow {
  /** The language code, station code or subject. */
  key: string;
  /** As people read it: "Tiếng Tày", "Xã Na Rì", "Nông nghiệp". */
  label: string;
  /** Seconds aired, summed over the stations that received it. */
  seconds: number;
  /** Broadcast log entries that count in this row. */
  items: number;
}

export interface AirtimeReport {
  /** `YYYY-MM`. */
  month: string;
  by: ReportGrouping;
  rows: AirtimeRow[];
  totalSeconds: number;
  /** Share of airtime in languages other than Vietnamese (0–1). */
  ethnicShare: number;
  /** The ethnic-language share of this month and the eleven before it, oldest first. */
  trend: Array<{ month: string; ethnicShare: number; totalSeconds: number }>;
  /** Programmes made (approved) per reporter in the month. */
  programmesByReporter: Array<{ reporter: string; programmes: number }>;
  /** The audit chain's head when the report was made, so a printed report can be checked later. */
  auditChainHead: string;
  generatedAt: string;
}

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFileFormat = (typeof REPORT_FORMATS)[number];

/** `report.export`: the file written. */
export interface AirtimeReportFile {
  file: string;
  format: ReportFileFormat;
  sizeBytes: number;
}
