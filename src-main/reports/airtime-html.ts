/**
 * The airtime report as one self-contained HTML page for printing (A4): the Be Vietnam Pro font
 * embedded as data URLs (Vietnamese and Latin subsets, so every diacritic prints in it), the bars
 * and the trend drawn as inline SVG, nothing fetched.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AirtimeReport } from '../contract';
import { clock, GROUP_TITLES, localStamp, monthLabel, percent } from './airtime-format';

/** The subsets as @fontsource ships them, with Google Fonts' ranges (each glyph from the face that has it). */
const SUBSETS = [
  {
    name: 'vietnamese',
    range:
      'U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB',
  },
  {
    name: 'latin',
    range:
      'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
  },
];
const WEIGHTS = [400, 600];

/** The font's faces as CSS with the files inlined; empty when the package is not there (system fonts then). */
export async function embeddedFontCss(): Promise<string> {
  const require = createRequire(import.meta.url);
  const faces: string[] = [];
  for (const weight of WEIGHTS) {
    for (const subset of SUBSETS) {
      let file: string;
      try {
        file = require.resolve(
          `@fontsource/be-vietnam-pro/files/be-vietnam-pro-${subset.name}-${weight}-normal.woff2`,
        );
      } catch {
        return '';
      }
      const data = (await readFile(file)).toString('base64');
      faces.push(
        `@font-face{font-family:'Be Vietnam Pro';font-style:normal;font-weight:${weight};font-display:block;` +
          `src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${subset.range};}`,
      );
    }
  }
  return faces.join('\n');
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function barsSvg(report: AirtimeReport): string {
  const rows = report.rows.slice(0, 14);
  if (rows.length === 0) return '';
  const max = Math.max(...rows.map((r) => r.seconds), 1);
  const rowH = 22;
  const labelW = 190;
  const barW = 420;
  const parts = rows.map((r, i) => {
    const y = i * rowH;
    const w = Math.max(1, (r.seconds / max) * barW);
    return (
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escape(r.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 7}" rx="2" fill="#2f6f9f"/>` +
      `<text x="${labelW + w + 6}" y="${y + 15}">${clock(r.seconds)}</text>`
    );
  });
  return `<svg class="chart" width="700" height="${rows.length * rowH}" viewBox="0 0 700 ${rows.length * rowH}">${parts.join('')}</svg>`;
}

function trendSvg(report: AirtimeReport): string {
  const w = 680;
  const h = 140;
  const step = w / report.trend.length;
  const parts = report.trend.map((t, i) => {
    const bh = Math.round(t.ethnicShare * (h - 34));
    const x = i * step + 8;
    return (
      `<rect x="${x.toFixed(1)}" y="${h - 18 - bh}" width="${(step - 16).toFixed(1)}" height="${bh}" fill="${t.month === report.month ? '#c0572b' : '#d9a17f'}"/>` +
      `<text x="${(x + (step - 16) / 2).toFixed(1)}" y="${h - 22 - bh}" text-anchor="middle" class="small">${percent(t.ethnicShare)}</text>` +
      `<text x="${(x + (step - 16) / 2).toFixed(1)}" y="${h - 4}" text-anchor="middle" class="small">${monthLabel(t.month).replace('/20', '/')}</text>`
    );
  });
  return `<svg class="chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

export function airtimeHtml(report: AirtimeReport, fontCss: string): string {
  const rows = report.rows
    .map(
      (r) =>
        `<tr><td>${escape(r.label)}</td><td class="num">${clock(r.seconds)}</td><td class="num">${r.seconds.toLocaleString('vi-VN')}</td>` +
        `<td class="num">${percent(report.totalSeconds > 0 ? r.seconds / report.totalSeconds : 0)}</td><td class="num">${r.items}</td></tr>`,
    )
    .join('');
  const reporters = report.programmesByReporter
    .map((p) => `<tr><td>${escape(p.reporter)}</td><td class="num">${p.programmes}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo thời lượng phát sóng ${monthLabel(report.month)}</title>
<style>
${fontCss}
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'Be Vietnam Pro', sans-serif; font-size: 10.5pt; color: #1d2430; }
h1 { font-size: 17pt; font-weight: 600; margin: 0 0 2mm; }
h2 { font-size: 12pt; font-weight: 600; margin: 7mm 0 2mm; }
.meta { color: #4b5563; margin: 0 0 4mm; }
.figures { display: flex; gap: 10mm; margin: 3mm 0; }
.figure b { display: block; font-size: 15pt; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d5dbe3; padding: 1.6mm 2mm; text-align: left; }
th { font-weight: 600; background: #eef2f6; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart text { font-family: 'Be Vietnam Pro', sans-serif; font-size: 9pt; fill: #1d2430; }
svg.chart text.small { font-size: 7.5pt; }
.head { font-family: monospace; font-size: 8.5pt; word-break: break-all; }
</style></head>
<body>
<h1>Báo cáo thời lượng phát sóng tháng ${monthLabel(report.month)}</h1>
<p class="meta">Theo ${GROUP_TITLES[report.by].toLowerCase()} · lập lúc ${localStamp(report.generatedAt)}</p>
<div class="figures">
  <div class="figure">Tổng thời lượng<b>${clock(report.totalSeconds)}</b></div>
  <div class="figure">Tỉ lệ tiếng dân tộc<b>${percent(report.ethnicShare)}</b></div>
</div>
${barsSvg(report)}
<table><thead><tr><th>${GROUP_TITLES[report.by]}</th><th class="num">Thời lượng</th><th class="num">Giây</th><th class="num">Tỉ lệ</th><th class="num">Lượt phát</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">Không có gì phát trong tháng.</td></tr>'}</tbody>
<tfoot><tr><th>Tổng cộng</th><th class="num">${clock(report.totalSeconds)}</th><th class="num">${report.totalSeconds.toLocaleString('vi-VN')}</th><th class="num">100%</th><th></th></tr></tfoot></table>
<h2>Tỉ lệ tiếng dân tộc 12 tháng</h2>
${trendSvg(report)}
<h2>Chương trình được duyệt theo phóng viên</h2>
<table><thead><tr><th>Phóng viên</th><th class="num">Chương trình</th></tr></thead>
<tbody>${reporters || '<tr><td colspan="2">Không có chương trình nào được duyệt trong tháng.</td></tr>'}</tbody></table>
<h2>Mã băm đầu chuỗi nhật ký kiểm tra</h2>
<p class="head">${escape(report.auditChainHead)}</p>
</body></html>
`;
}
