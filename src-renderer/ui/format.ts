/** Display helpers shared by the workspaces. */

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
