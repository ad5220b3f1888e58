import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AirtimeReport } from '../../../src-main/contract';

const FONT = '12px "Be Vietnam Pro", sans-serif';

/** A uPlot chart in a div, made again when its data changes, removed with the component. */
function useChart(make: (el: HTMLDivElement, width: number) => uPlot, deps: unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = make(el, Math.max(320, el.clientWidth));
    return () => chart.destroy();
  }, deps);
  return ref;
}

const hours = (seconds: number) => seconds / 3600;
const hoursLabel = (h: number) => (h >= 10 ? `${Math.round(h)} h` : `${h.toFixed(1).replace('.', ',')} h`);

/** The month's rows as bars (hours), largest first, labelled under each bar. */
export function AirtimeBars({ report, title }: { report: AirtimeReport; title: string }) {
  const rows = report.rows.slice(0, 12);
  const ref = useChart(
    (el, width) =>
      new uPlot(
        {
          title,
          width,
          height: 240,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            x: { time: false, range: [-0.6, rows.length - 0.4] },
            y: { range: (_u, _min, max) => [0, max * 1.1 || 1] },
          },
          axes: [
            {
              font: FONT,
              splits: () => rows.map((_, i) => i),
              values: (_u, splits) => splits.map((i) => rows[i]?.label ?? ''),
              grid: { show: false },
            },
            { font: FONT, values: (_u, splits) => splits.map(hoursLabel), size: 56 },
          ],
          series: [
            {},
            {
              label: title,
              fill: '#2f6f9fcc',
              stroke: '#2f6f9f',
              paths: uPlot.paths.bars?.({ size: [0.6, 80] }),
              points: { show: false },
            },
          ],
        },
        [rows.map((_, i) => i), rows.map((r) => hours(r.seconds))],
        el,
      ),
    [report, title],
  );
  return <div ref={ref} className="report-chart" data-testid="report-bars" />;
}

/** The ethnic-language share of the twelve months, this month last. */
export function ShareTrend({ report, title }: { report: AirtimeReport; title: string }) {
  const ref = useChart(
    (el, width) =>
      new uPlot(
        {
          title,
          width,
          height: 200,
          legend: { show: false },
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.2)] } },
          axes: [
            {
              font: FONT,
              splits: () => report.trend.map((_, i) => i),
              values: (_u, splits) => splits.map((i) => report.trend[i]?.month.slice(5) ?? ''),
              grid: { show: false },
            },
            { font: FONT, values: (_u, splits) => splits.map((v) => `${v}%`), size: 48 },
          ],
          series: [
            {},
            {
              label: title,
              stroke: '#c0572b',
              width: 2,
              fill: '#c0572b22',
              points: { show: true, size: 6, fill: '#c0572b' },
            },
          ],
        },
        [report.trend.map((_, i) => i), report.trend.map((m) => Math.round(m.ethnicShare * 1000) / 10)],
        el,
      ),
    [report, title],
  );
  return <div ref={ref} className="report-chart" data-testid="report-trend" />;
}
