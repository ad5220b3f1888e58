/** The scale: −60 dBFS (left) to 0 dBFS (right); below −60 is silence. */
const FLOOR = -60;
const TICKS = [-60, -48, -36, -24, -18, -12, -6, 0];

function fraction(db: number): number {
  return Math.max(0, Math.min(1, (db - FLOOR) / -FLOOR));
}

/**
 * One level bar in dBFS with the broadcast zones (green, amber above −18, red above −6): the RMS
 * lit, the peak a white line. `peakDb` null: nothing measured (off the air).
 */
export function LiveMeter({
  peakDb,
  rmsDb,
  label,
  big = false,
  testId,
}: {
  peakDb: number | null;
  rmsDb: number | null;
  label: string;
  big?: boolean;
  testId?: string;
}) {
  const peak = peakDb ?? -120;
  const rms = rmsDb ?? -120;
  return (
    <div className={big ? 'live-meter live-meter-big' : 'live-meter'} data-testid={testId}>
      <div
        className="live-meter-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={FLOOR}
        aria-valuemax={0}
        aria-valuenow={Math.round(Math.max(FLOOR, peak))}
        aria-valuetext={peakDb === null ? '—' : `${peak.toFixed(1)} dBFS`}
      >
        <div className="live-meter-rms" style={{ clipPath: `inset(0 ${(1 - fraction(rms)) * 100}% 0 0)` }} />
        <div className="live-meter-peak" style={{ left: `${fraction(peak) * 100}%` }} />
      </div>
      {big && (
        <div className="live-meter-scale" aria-hidden="true">
          {TICKS.map((tick) => (
            <span key={tick} style={{ left: `${fraction(tick) * 100}%` }}>
              {tick}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
