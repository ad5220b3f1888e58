import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../src-main/contract';
import { elapsed, targetWords } from './live-words';

const GLYPH: Record<LiveState['mode'], string> = { off: '■', live: '●', emergency: '⚠' };

/**
 * The sign no operator can misread: TẮT / ĐANG PHÁT / KHẨN CẤP in letters as tall as the
 * screen allows, each with its own colour and glyph (grey square, green dot, red warning with
 * stripes), so a colour-blind operator and one glancing from across the room read the same thing.
 * Under it: to whom, since when, by whom; in an emergency, which stations hear it.
 */
export function OnAirSign({ state }: { state: LiveState | null }) {
  const { t } = useTranslation();
  const mode = state?.mode ?? 'off';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (mode === 'off') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [mode]);

  const listening = state?.stations.filter((s) => s.targeted && s.link === 'listening').length ?? 0;
  const targeted = state?.stations.filter((s) => s.targeted).length ?? 0;
  const emergency = state?.emergency ?? null;
  return (
    <div
      className={`on-air-sign on-air-${mode}`}
      role="status"
      aria-live="assertive"
      data-testid="on-air"
      data-mode={mode}
    >
      <div className="on-air-word">
        <span className="on-air-glyph" aria-hidden="true">
          {GLYPH[mode]}
        </span>
        <span data-testid="on-air-word">{t(`live.mode.${mode}`)}</span>
      </div>
      <div className="on-air-facts">
        {mode === 'off' && <span>{t('live.mode.offHint')}</span>}
        {mode !== 'off' && state && (
          <>
            <span className="on-air-clock" data-testid="on-air-clock">
              {elapsed(emergency?.startedAt ?? state.startedAt, now)}
            </span>
            {emergency ? (
              <span>
                {t('live.emergencyTo', { count: emergency.codes.length })}
                {emergency.startedBy && ` · ${t('live.by', { name: emergency.startedBy })}`}
              </span>
            ) : (
              <span>
                {t('live.liveTo', { target: targetWords(t, state.target) })}
                {state.startedBy && ` · ${t('live.by', { name: state.startedBy })}`}
              </span>
            )}
            <span data-testid="on-air-listening">{t('live.listening', { listening, targeted })}</span>
          </>
        )}
      </div>
    </div>
  );
}
