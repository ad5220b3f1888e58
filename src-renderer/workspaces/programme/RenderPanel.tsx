import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ProgrammeRenderFormat,
  ProgrammeRenderJob,
  ProgrammeRenderReport,
  ProgrammeState,
  UiLanguage,
} from '../../../src-main/contract';
import { NO_SPEECH } from '../../../src-main/contract/languages';
import { formatBytes } from '../../i18n';
import { languageName, useLanguages } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDateTime } from '../../ui/dates';
import { formatDuration, formatNumber } from '../../ui/format';
import { FormatName, Term } from '../../ui/terms';
import { languageColor, signedNumber } from '../editor/labels';

const FORMATS: ProgrammeRenderFormat[] = ['wav', 'mp3', 'opus'];

/**
 * Render: one ffmpeg graph of the whole programme, normalised to its loudness preset, WAV master
 * plus MP3 and Opus, with progress and cancel; then the report of what was made and measured.
 */
export function RenderPanel({
  state,
  lang,
  onRendered,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  onRendered(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [formats, setFormats] = useState<ProgrammeRenderFormat[]>(FORMATS);
  const [mp3Kbps, setMp3Kbps] = useState<128 | 192>(192);
  const [job, setJob] = useState<ProgrammeRenderJob | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const jobId = useRef<string | null>(null);
  /** Jobs that finished before their id came back. */
  const early = useRef(new Map<string, ProgrammeRenderJob>());
  const renderedRef = useRef(onRendered);
  renderedRef.current = onRendered;

  useEffect(() => {
    const offs = [
      client.api.on('programme.render.progress', (e) => {
        if (e.jobId !== jobId.current) return;
        setJob((j) =>
          j && j.id === e.jobId && j.state === 'running' ? { ...j, stage: e.stage, fraction: e.fraction } : j,
        );
      }),
      client.api.on('programme.render.finished', ({ job: done }) => {
        if (done.programmeId !== state.id) return;
        if (done.id === jobId.current) {
          setJob(done);
          if (done.state === 'finished') renderedRef.current();
        } else early.current.set(done.id, done);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, state.id]);

  const start = async () => {
    setError(null);
    try {
      const started = await client.api.programme.render({
        id: state.id,
        formats,
        ...(formats.includes('mp3') ? { mp3Kbps } : {}),
      });
      jobId.current = started.id;
      const finished = early.current.get(started.id);
      early.current.delete(started.id);
      setJob(finished ?? started);
      if (finished?.state === 'finished') onRendered();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      const reply = await client.api.programme.cancelRender({ jobId: job.id });
      // The `finished` event may have come first: never go back to "running".
      setJob((j) => (j && j.id === reply.id && j.state !== 'running' ? j : reply));
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const toggle = (f: ProgrammeRenderFormat, on: boolean) =>
    setFormats((list) => FORMATS.filter((x) => (x === f ? on : list.includes(x))));

  const running = job?.state === 'running';
  const percent = Math.round((job?.fraction ?? 0) * 100);
  const problems = state.analysis.problems;
  const report = job?.state === 'finished' ? job.report : (state.lastRender ?? null);
  const canStart = problems.length === 0 && !running;
  return (
    <section className="card panel render-panel" aria-labelledby="render-title" data-testid="render-panel">
      <h2 id="render-title">{t('programme.render.title')}</h2>
      <p className="muted small">
        {t('programme.render.intro', { preset: t(`programme.loudness.${state.metadata.loudness}`) })}
      </p>
      <div className="row wrap render-options">
        {FORMATS.map((f) => (
          <label key={f} className="toggle">
            <input
              type="checkbox"
              checked={formats.includes(f)}
              disabled={running || (formats.length === 1 && formats.includes(f))}
              onChange={(e) => toggle(f, e.target.checked)}
            />
            <FormatName format={f} />
          </label>
        ))}
        {formats.includes('mp3') && (
          <select
            className="input render-kbps"
            value={mp3Kbps}
            disabled={running}
            aria-label={t('programme.render.mp3Kbps')}
            title={t('programme.render.mp3Kbps')}
            onChange={(e) => setMp3Kbps(Number(e.target.value) as 128 | 192)}
          >
            <option value={192}>{t('programme.render.mp3Quality.high')}</option>
            <option value={128}>{t('programme.render.mp3Quality.small')}</option>
          </select>
        )}
      </div>
      <div className="row">
        {running ? (
          <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
            {t('programme.render.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={problems.length > 0}
            onClick={() => void start()}
          >
            {t('programme.render.start')}
          </button>
        )}
        {problems.length > 0 && !running && (
          <span className="small bad-text">{t('programme.render.blocked', { count: problems.length })}</span>
        )}
      </div>
      {running && (
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
      <ErrorMessage error={error} />
      {report && (
        <RenderReport
          report={report}
          lang={lang}
          fresh={job?.state === 'finished'}
          stale={isOutOfDate(report, state)}
          onRenderAgain={canStart ? () => void start() : null}
        />
      )}
    </section>
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
  /** `null` while a render cannot start (running, or the programme has problems). */
  onRenderAgain: (() => void) | null;
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
          {onRenderAgain ? (
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

function formatSize(bytes: number, lang: UiLanguage): string {
  if (bytes >= 1024 ** 3) return formatBytes(bytes, lang);
  const mb = bytes / 1024 ** 2;
  if (mb >= 0.1) return `${formatNumber(mb, 1, lang)} MB`;
  return `${formatNumber(bytes / 1024, 0, lang)} KB`;
}
