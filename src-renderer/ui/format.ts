/** Display helpers shared by the workspaces. */
import type { UiLanguage } from '../../src-main/contract';
import { formatBytes } from '../i18n';

/** 3725.4 → "1:02:05"; 65 → "1:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function formatNumber(n: number | null, digits: number, lang: 'vi' | 'en'): string {
  if (n === null) return '—';
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A file's size: "2,4 GB", "12,5 MB", "340 KB" (a rendered programme, a backup). */
export function formatSize(bytes: number, lang: UiLanguage): string {
  if (bytes >= 1024 ** 3) return formatBytes(bytes, lang);
  const mb = bytes / 1024 ** 2;
  if (mb >= 0.1) return `${formatNumber(mb, 1, lang)} MB`;
  return `${formatNumber(bytes / 1024, 0, lang)} KB`;
}
