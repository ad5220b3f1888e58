import { useTranslation } from 'react-i18next';
import type { ProgrammeState, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { formatDuration } from '../../ui/format';
import { languageColor } from '../editor/labels';
import { airtimeByLanguage, sec } from './model';

/** Length against the target (over/under plainly said) and airtime per language. */
export function LengthBar({ state, lang }: { state: ProgrammeState; lang: UiLanguage }) {
  const { t } = useTranslation();
  const a = state.analysis;
  const length = a.lengthSamples;
  const target = a.targetSamples;
  const status = a.lengthStatus;
  const airtime = airtimeByLanguage(state);
  const fill = target ? Math.min(100, (length / target) * 100) : 0;
  const amount = formatDuration(Math.abs(sec(a.overSamples ?? 0)));
  return (
    <div className={`length-bar card status-${status}`} data-testid="length-bar" data-status={status}>
      <div className="length-main">
        <div className="readout">
          <span className="readout-label">{t('programme.length.total')}</span>
          <span className="length-value timecode" data-testid="programme-length">
            {formatDuration(a.durationSec)}
          </span>
        </div>
        <div className="readout">
          <span className="readout-label">{t('programme.length.target')}</span>
          <span className="length-value timecode muted">{target ? formatDuration(sec(target)) : '—'}</span>
        </div>
        <div className="length-status" data-testid="length-status">
          {status === 'over' && (
            <strong className="bad-text">▲ {t('programme.length.over', { amount })}</strong>
          )}
          {status === 'under' && (
            <strong className="warn-text">▼ {t('programme.length.under', { amount })}</strong>
          )}
          {status === 'onTarget' && <strong className="ok-text">✓ {t('programme.length.onTarget')}</strong>}
          {status === 'noTarget' && <span className="muted small">{t('programme.length.noTarget')}</span>}
        </div>
        {target !== null && (
          <div className="length-meter" aria-hidden="true">
            <div className="length-fill" style={{ width: `${fill}%` }} />
          </div>
        )}
      </div>
      <div className="airtime" data-testid="airtime">
        <span className="readout-label">{t('programme.length.byLanguage')}</span>
        <div className="row wrap">
          {airtime.length === 0 && <span className="muted small">—</span>}
          {airtime.map(({ code, seconds }) => (
            <span
              key={code}
              className={seconds === 0 ? 'airtime-chip none' : 'airtime-chip'}
              data-lang={code}
              style={{ borderColor: languageColor(code) }}
            >
              <span className="swatch-dot" style={{ background: languageColor(code) }} />
              {languageName(code, lang)} <span className="timecode">{formatDuration(seconds)}</span>
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}
