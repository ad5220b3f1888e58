import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockStatus } from '../../src-main/contract';
import { useStudio } from '../studio/studio-context';

/** The clock's synchronisation is asked again this often (main asks the OS at most once a minute). */
const ASK_MS = 60_000;

/**
 * The time on this PC and whether it is synchronised (NTP), at the foot of the sidebar: the
 * schedule airs by this clock, so an unsynchronised one shows in warning colours on every screen.
 */
export function ClockStatusLine() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [clock, setClock] = useState<ClockStatus | null>(null);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    let alive = true;
    const ask = () =>
      client.api.monitor
        .state()
        .then((s) => alive && setClock(s.clock))
        // Shown again at the next ask; the Giám sát workspace says what went wrong.
        .catch(() => undefined);
    ask();
    const timer = setInterval(ask, ASK_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client]);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const word = !clock ? null : clock.synchronised === null ? 'unknown' : clock.synchronised ? 'yes' : 'no';
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return (
    <p
      className={`clock-line${word ? ` clock-${word}` : ''}`}
      data-testid="clock-status"
      data-synchronised={word ?? ''}
      title={clock?.message}
    >
      <span className="clock-time">{time}</span>
      {word && <span className="clock-word">{t(`monitor.clock.short.${word}`)}</span>}
    </p>
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
