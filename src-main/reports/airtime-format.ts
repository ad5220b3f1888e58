/** How the report's figures read in the workbook and the PDF (Vietnamese conventions). */
import type { ReportGrouping } from '../contract';

export const GROUP_TITLES: Record<ReportGrouping, string> = {
  language: 'Ngôn ngữ',
  station: 'Cụm thu',
  subject: 'Lĩnh vực',
};

/** Seconds as airtime reads: `12:05:09` (hours may pass 24). */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** A share as a Vietnamese percentage: `37,5%`. */
export const percent = (share: number): string => `${(share * 100).toFixed(1).replace('.', ',')}%`;

/** `2026-11` → `11/2026`. */
export const monthLabel = (month: string): string => `${month.slice(5)}/${month.slice(0, 4)}`;

/** An instant in this machine's time: `07/12/2026 18:05`. */
export function localStamp(at: string): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
