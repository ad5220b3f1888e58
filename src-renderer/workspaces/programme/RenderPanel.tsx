import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeRenderReport, ProgrammeState, UiLanguage } from '../../../src-main/contract';
import { NO_SPEECH } from '../../../src-main/contract/languages';
import { languageName, useLanguages } from '../../i18n/languages';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDateTime } from '../../ui/dates';
import { formatDuration, formatNumber, formatSize } from '../../ui/format';
import { FormatName, Term } from '../../ui/terms';
import { languageColor, signedNumber } from '../editor/labels';
import { type ProgrammeRender, RENDER_FORMATS } from './useProgrammeRender';

/**
 * Render: one ffmpeg graph of the whole programme, normalised to its loudness preset, WAV master
 * plus MP3 and Opus. The tab holds the formats, the progress in full and the report of what was
 * made and measured; the button that starts it is the header's (`RenderAction`), always in view.
 */
export function RenderPanel({
  state,
  lang,
  render,
  readOnly = false,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  render: ProgrammeRender;
  /** The user may not change this programme (nor render it): the report only, no render options. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { job, running, percent, formats, report } = render;
  const problems = state.analysis.problems;
  return (
    <section className="card panel render-panel" aria-labelledby="render-title" data-testid="render-panel">
      <h2 id="render-title">{t('programme.render.title')}</h2>
      <p className="muted small">
        {t('programme.render.intro', { preset: t(`programme.loudness.${state.metadata.loudness}`) })}
      </p>
      {/* Rendering is whoever makes the programme's: a read-only viewer sees the report only. */}
      {!readOnly && (
        <>
          <div className="row wrap render-options">
            {RENDER_FORMATS.map((f) => (
              <label key={f} className="toggle">
                <input
                  type="checkbox"
                  checked={formats.includes(f)}
                  disabled={running || (formats.length === 1 && formats.includes(f))}
                  onChange={(e) => render.toggleFormat(f, e.target.checked)}
                />
                <FormatName format={f} />
              </label>
            ))}
            {formats.includes('mp3') && (
              <select
                className="input render-kbps"
                value={render.mp3Kbps}
                disabled={running}
                aria-label={t('programme.render.mp3Kbps')}
                title={t('programme.render.mp3Kbps')}
                onChange={(e) => render.setMp3Kbps(Number(e.target.value) as 128 | 192)}
              >
                <option value={192}>{t('programme.render.mp3Quality.high')}</option>
                <option value={128}>{t('programme.render.mp3Quality.small')}</option>
              </select>
            )}
          </div>
          {problems.length > 0 && !running ? (
            <p className="small bad-text">{t('programme.render.blocked', { count: problems.length })}</p>
          ) : (
            !running && <p className="muted small">{t('programme.render.startHint')}</p>
          )}
        </>
      )}
      {job?.state === 'running' && (
        <div role="status" data-testid="render-progress">
          <progress className="progress" max={100} value={percent} />
          <span className="muted small">
            {t(`programme.render.stage.${job.stage}`)} · {percent}%
          </span>
        </div>
      )}
      {job?.state === 'cancelled' && (
        <div className="banner banner-warning" role="status" data-testid="render-cancelled">
          {job.error?.message ?? t('programme.render.cancelled')}
        </div>
      )}
      {job?.state === 'failed' && (
        <ErrorMessage error={job.error ?? { code: 'INTERNAL', message: t('programme.render.failed') }} />
      )}
      <ErrorMessage error={render.error} />
      {report && (
        <RenderReport
          report={report}
          lang={lang}
          fresh={job?.state === 'finished'}
          stale={isOutOfDate(report, state)}
          onRenderAgain={readOnly ? 'maker' : render.canStart ? () => void render.start() : null}
        />
      )}
    </section>
  );
}

/**
 * The render's outcome in one line, for the programme's header: on a laptop the render tab is below
 * the fold, so the progress, the outcome and "out of date" show here, with "Xem báo cáo" leading to
 * the report in the tab.
 */
export function RenderStatus({
  state,
  lang,
  render,
  onShowReport,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  render: ProgrammeRender;
  onShowReport(): void;
}) {
  const { t } = useTranslation();
  const { job, running, percent, report } = render;
  const problems = state.analysis.problems.length;
  let outcome: ReactNode;
  if (running) {
    outcome = (
      <>
        <progress className="progress" max={100} value={percent} aria-label={t('programme.render.title')} />
        {t('programme.render.status.running', { percent })}
      </>
    );
  } else if (job?.state === 'failed') {
    outcome = <span className="bad-text">{t('programme.render.failed')}</span>;
  } else if (problems > 0) {
    outcome = <span className="bad-text">{t('programme.render.status.blocked', { count: problems })}</span>;
  } else if (job?.state === 'cancelled') {
    outcome = t('programme.render.status.cancelled');
  } else if (report) {
    outcome = (
      <>
        {isOutOfDate(report, state) && <span className="tag tag-warn">{t('renderAge.tag')}</span>}
        {t('programme.render.status.done', { time: formatDateTime(report.renderedAt, lang) })}
      </>
    );
  } else {
    outcome = t('programme.render.status.never');
  }
  const showable = report !== null || job?.state === 'failed' || job?.state === 'cancelled';
  return (
    <span className="render-status muted small" role="status" data-testid="render-status">
      {outcome}
      {showable && !running && (
        <button type="button" className="link-btn" onClick={onShowReport}>
          {t('programme.render.status.show')}
        </button>
      )}
    </span>
  );
}

/** "Dựng chương trình", or "Huỷ dựng" while it runs: the header's, so always in view. */
export function RenderButton({ state, render }: { state: ProgrammeState; render: ProgrammeRender }) {
  const { t } = useTranslation();
  const problems = state.analysis.problems.length;
  return render.running ? (
    <button type="button" className="btn btn-danger render-btn" onClick={() => void render.cancel()}>
      {t('programme.render.cancel')}
    </button>
  ) : (
    <button
      type="button"
      className="btn btn-primary render-btn"
      disabled={problems > 0}
      title={problems > 0 ? t('programme.render.blocked', { count: problems }) : undefined}
      onClick={() => void render.start()}
    >
      {t('programme.render.start')}
    </button>
  );
}

/**
 * Whether a render is of an older programme than the one open: its recorded document key differs
 * (main computes both). A report from before keys were recorded is old when the programme was
 * changed after it was made.
 */
export function isOutOfDate(report: ProgrammeRenderReport, state: ProgrammeState): boolean {
  return report.documentKey !== undefined
    ? report.documentKey !== state.documentKey
    : state.updatedAt > report.renderedAt;
}

export function RenderReport({
  report,
  lang,
  fresh,
  stale,
  onRenderAgain,
}: {
  report: ProgrammeRenderReport;
  lang: UiLanguage;
  fresh: boolean;
  /** The programme has changed since this render: say so, and offer to render again. */
  stale: boolean;
  /**
   * `null` while a render cannot start (running, or the programme has problems); `'maker'` when
   * this user may not render it (whoever makes the programme must).
   */
  onRenderAgain: (() => void) | null | 'maker';
}) {
  const { t } = useTranslation();
  const stationList = useLanguages();
  // In the station's order (Vietnamese first), not the report's alphabetical one.
  const rank = (code: string) => {
    const k = stationList.findIndex((l) => l.code === code);
    return k < 0 ? stationList.length : k;
  };
  const languages = Object.entries(report.secondsByLanguage).sort(([a], [b]) => rank(a) - rank(b));
  const noSpeech = report.secondsWithoutSpeech ?? 0;
  const lufsOff = Math.abs(report.integratedLufs - report.targetLufs) > 1;
  const peakOver = report.truePeakDbtp > report.truePeakCeilingDbtp + 0.05;
  return (
    <div
      className={stale ? 'render-report stale' : 'render-report'}
      data-testid="render-report"
      data-stale={stale}
    >
      <h3>
        {fresh && !stale ? t('programme.report.fresh') : t('programme.report.last')}{' '}
        <span className="muted small">{formatDateTime(report.renderedAt, lang)}</span>
        {stale && <span className="tag tag-warn">{t('renderAge.tag')}</span>}
      </h3>
      {stale && (
        <div className="banner banner-warning render-stale" role="status" data-testid="render-stale">
          <p>
            <strong>{t('renderAge.title')}</strong>{' '}
            {t('renderAge.body', { time: formatDateTime(report.renderedAt, lang) })}
          </p>
          {onRenderAgain === 'maker' ? (
            <p className="small">{t('renderAge.maker')}</p>
          ) : onRenderAgain ? (
            <button type="button" className="btn btn-primary" onClick={onRenderAgain}>
              {t('renderAge.again')}
            </button>
          ) : (
            <p className="small">{t('renderAge.cannot')}</p>
          )}
        </div>
      )}
      <dl className="facts report-facts">
        <dt>{t('programme.report.duration')}</dt>
        <dd data-testid="report-duration" className="timecode">
          {formatDuration(report.durationSec)}{' '}
          <span className="muted small">({formatNumber(report.durationSec, 3, lang)} s)</span>
        </dd>
        <dt>
          <Term term="loudness" />
        </dt>
        <dd data-testid="report-lufs" className={lufsOff ? 'bad-text' : undefined}>
          {signedNumber(report.integratedLufs, 1, lang)} LUFS{' '}
          <span className="muted small">
            ({t('programme.report.targetLufs', { lufs: signedNumber(report.targetLufs, 0, lang) })})
          </span>
        </dd>
        <dt>
          <Term term="truePeak" />
        </dt>
        <dd data-testid="report-peak" className={peakOver ? 'bad-text' : undefined}>
          {signedNumber(report.truePeakDbtp, 1, lang)} dBTP{' '}
          <span className="muted small">
            ({t('programme.report.ceiling', { db: signedNumber(report.truePeakCeilingDbtp, 0, lang) })})
          </span>
        </dd>
        <dt>{t('programme.report.preset')}</dt>
        <dd data-testid="report-preset">{t(`programme.loudness.${report.preset}`)}</dd>
        <dt>{t('programme.report.gain')}</dt>
        <dd>
          {signedNumber(report.gainDb, 1, lang, true)} dB
          {report.limiter && <span className="tag">{t('programme.report.limiter')}</span>}
        </dd>
        <dt>{t('programme.report.format')}</dt>
        <dd>
          {t('programme.report.formatValue', {
            rate: formatNumber(report.sampleRate / 1000, 0, lang),
            channels: t(report.channels === 2 ? 'programme.report.stereo' : 'programme.report.mono'),
          })}
        </dd>
      </dl>
      <h3>{t('programme.report.byLanguage')}</h3>
      {languages.length === 0 && noSpeech === 0 ? (
        <p className="muted small">—</p>
      ) : (
        <ul className="plain-list" data-testid="report-languages">
          {languages.map(([code, seconds]) => (
            <li key={code} data-lang={code}>
              <span>
                <span className="swatch-dot" style={{ background: languageColor(code) }} />
                {languageName(code, lang)}
              </span>
              <span className="timecode" data-testid={`report-seconds-${code}`}>
                {formatNumber(seconds, 1, lang)} s · {formatDuration(seconds)}
              </span>
            </li>
          ))}
          {noSpeech > 0 && (
            <li className="muted" data-lang={NO_SPEECH} data-testid="report-no-speech">
              <span>
                {languageName(NO_SPEECH, lang)}{' '}
                <span className="small">({t('programme.report.noSpeech')})</span>
              </span>
              <span className="timecode">
                {formatNumber(noSpeech, 1, lang)} s · {formatDuration(noSpeech)}
              </span>
            </li>
          )}
        </ul>
      )}
      <ReportPlayer report={report} stale={stale} />
      <h3>{t('programme.report.files')}</h3>
      <ul className="plain-list report-files" data-testid="report-files">
        {report.files.map((f) => (
          <li key={f.file}>
            <span className="report-file">
              <strong>
                <FormatName format={f.format} short />
              </strong>{' '}
              <span className="muted small">
                {f.bitrateKbps ? `${f.bitrateKbps} kb/s` : f.bitDepth ? `${f.bitDepth}-bit` : ''} ·{' '}
                {formatSize(f.bytes, lang)}
                {typeof f.truePeakDbtp === 'number' && (
                  <>
                    {' · '}
                    <span data-testid={`report-file-peak-${f.format}`}>
                      {signedNumber(f.truePeakDbtp, 1, lang)} dBTP
                    </span>
                  </>
                )}
                {typeof f.integratedLufs === 'number' && (
                  <> · {signedNumber(f.integratedLufs, 1, lang)} LUFS</>
                )}
              </span>
              {(f.attenuationDb ?? 0) > 0 && (
                <span className="tag" title={t('programme.report.attenuatedHint')}>
                  {t('programme.report.attenuated', { db: formatNumber(f.attenuationDb ?? 0, 1, lang) })}
                </span>
              )}
              <code className="path">{f.file}</code>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The rendered master (or the only file written) played from the report, through the media route. */
function ReportPlayer({ report, stale }: { report: ProgrammeRenderReport; stale: boolean }) {
  const { t } = useTranslation();
  const master = report.files.find((f) => f.format === 'wav') ?? report.files[0];
  const [failed, setFailed] = useState<string | null>(null);
  if (!master?.mediaId) return null;
  return (
    <div className="report-player">
      <h3 id="report-player-title">
        {t('programme.report.listen')}{' '}
        <span className="muted small">
          <FormatName format={master.format} short />
        </span>
        {stale && <span className="tag tag-warn">{t('renderAge.playerTag')}</span>}
      </h3>
      <audio
        key={master.mediaId}
        controls
        preload="metadata"
        src={`media/${master.mediaId}`}
        aria-labelledby="report-player-title"
        data-testid="report-player"
        onError={() => setFailed(master.mediaId ?? null)}
      />
      {failed === master.mediaId && (
        <p className="small bad-text" role="alert">
          {t('programme.report.playerFailed')}
        </p>
      )}
    </div>
  );
}
