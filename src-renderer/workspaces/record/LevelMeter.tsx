import type { RecordingLevelEvent } from '../../../src-main/contract';

/** The meter's scale: −60 dBFS (left edge) to 0 dBFS (right edge). */
const FLOOR = -60;

function fractionOf(dbfs: number): number {
  return Math.max(0, Math.min(1, (dbfs - FLOOR) / -FLOOR));
}

function widthOf(dbfs: number): string {
  return `${fractionOf(dbfs) * 100}%`;
}

/** The lit part of the bar: the full-width zone gradient, clipped at the level, so colours stay on the scale. */
function clipAt(dbfs: number): string {
  return `inset(0 ${(1 - fractionOf(dbfs)) * 100}% 0 0)`;
}

const TICKS = [-60, -48, -36, -24, -18, -12, -6, -3, 0];

/** Peak and RMS bars per channel, in dBFS, with the broadcast zones (green, amber above −18, red above −6). */
export function LevelMeter({
  level,
  labels,
}: {
  level: RecordingLevelEvent | null;
  labels: { peak: string; rms: string };
}) {
  const channels = level?.channels ?? [{ peakDbfs: -100, rmsDbfs: -100 }];
  return (
    <div className="meter" data-testid="level-meter">
      {channels.map((c, i) => (
        <div className="meter-row" key={i}>
          <span className="meter-ch">{channels.length > 1 ? (i === 0 ? 'L' : 'R') : ''}</span>
          <div
            className="meter-bar"
            role="meter"
            aria-valuemin={FLOOR}
            aria-valuemax={0}
            aria-valuenow={Math.round(c.peakDbfs)}
            aria-label={labels.peak}
          >
            <div className="meter-rms" style={{ clipPath: clipAt(c.rmsDbfs) }} />
            <div className="meter-peak" style={{ left: widthOf(c.peakDbfs) }} />
          </div>
        </div>
      ))}
      <div className="meter-scale" aria-hidden="true">
        {TICKS.map((t) => (
          <span key={t} style={{ left: widthOf(t) }}>
            {t}
          </span>
        ))}
      </div>
      <div className="meter-values">
        <span>
          {labels.peak}: <strong data-testid="peak-value">{level ? level.peakDbfs.toFixed(1) : '—'}</strong>{' '}
          dBFS
        </span>
        <span>
          {labels.rms}: <strong data-testid="rms-value">{level ? level.rmsDbfs.toFixed(1) : '—'}</strong> dBFS
        </span>
      </div>
    </div>
  );
}
