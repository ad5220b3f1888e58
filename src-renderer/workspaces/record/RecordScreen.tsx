import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  RecordingWarningEvent,
  RecordingInputCheck,
  RecordingLevelEvent,
  RecordingStatus,
  RecordingTake,
} from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../ui/format';
import { TextField } from '../../ui/TextField';
import { useSessionText } from '../../ui/useSessionText';
import { useCall } from '../../ui/useCall';
import { LevelMeter } from './LevelMeter';

/** A take is open (recording or paused): the controls change from "set up" to "running". */
const OPEN = new Set(['starting', 'recording', 'paused', 'stopping']);

export function RecordScreen() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const canRecord = useMay()('recording.use');
  const devices = useCall(() => client.api.recording.devices());
  const recovered = useCall(() => client.api.recording.recovered());
  const [status, setStatus] = useState<RecordingStatus | null>(null);
  const [level, setLevel] = useState<RecordingLevelEvent | null>(null);
  const [device, setDevice] = useState('');
  const [channels, setChannels] = useState<1 | 2>(1);
  // Typed before recording, kept when the studio goes to another workspace and back.
  const [title, setTitle] = useSessionText('record.takeTitle');
  const [error, setError] = useState<StudioCallError | null>(null);
  const [warning, setWarning] = useState<RecordingWarningEvent | null>(null);
  const [saved, setSaved] = useState<RecordingTake | null>(null);
  const [check, setCheck] = useState<RecordingInputCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const checkSeq = useRef(0);

  useEffect(() => {
    void client.api.recording.status().then(setStatus);
    const offs = [
      client.api.on('recording.state', setStatus),
      client.api.on('recording.level', setLevel),
      client.api.on('recording.warning', setWarning),
      client.api.on('recording.saved', (e) => setSaved(e.take)),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  const run = useCallback(async (action: () => Promise<unknown>) => {
    try {
      setError(null);
      await action();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  }, []);

  const state = status?.state ?? 'idle';
  const open = OPEN.has(state);

  /** Main opens the chosen input and listens for a moment: is there a microphone that works? */
  const checkInput = useCallback(async (): Promise<RecordingInputCheck | null> => {
    const mine = ++checkSeq.current;
    setChecking(true);
    try {
      const result = await client.api.recording.checkInput(device ? { device } : {});
      if (mine === checkSeq.current) setCheck(result);
      return result;
    } catch (err) {
      if (mine === checkSeq.current) setError(toStudioCallError(err));
      return null;
    } finally {
      if (mine === checkSeq.current) setChecking(false);
    }
  }, [client, device]);
  useEffect(() => {
    void checkInput();
  }, [checkInput]);
  const recheck = () => {
    devices.reload();
    void checkInput();
  };

  const start = useCallback(
    () =>
      run(async () => {
        setSaved(null);
        setWarning(null);
        setLevel(null);
        // No working microphone at the last check: look again (it may be plugged in by now) rather
        // than open an input that is known to fail.
        if (!check || check.status === 'unavailable') {
          const again = await checkInput();
          if (!again || again.status === 'unavailable') return;
        }
        setStatus(
          await client.api.recording.start({
            channels,
            ...(device ? { device } : {}),
            ...(title.trim() ? { title: title.trim() } : {}),
          }),
        );
      }),
    [client, run, channels, device, title, check, checkInput],
  );
  const stop = useCallback(() => run(async () => setSaved(await client.api.recording.stop())), [client, run]);
  const pauseResume = useCallback(
    () =>
      run(async () =>
        setStatus(
          state === 'paused' ? await client.api.recording.resume() : await client.api.recording.pause(),
        ),
      ),
    [client, run, state],
  );
  const mark = useCallback(() => run(() => client.api.recording.marker({})), [client, run]);

  // R start/stop, Space pause/resume, M marker: not while typing in a field. The handler is
  // replaced on every render rather than in an effect, so a key pressed right after the screen shows
  // "paused" already acts on "paused" (an effect runs only after the paint).
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.altKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const key = e.key.toLowerCase();
    if (key === 'r') void (open ? stop() : start());
    else if (key === ' ' && open) void pauseResume();
    else if (key === 'm' && open) void mark();
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const list = devices.data;
  const markers = status?.markers ?? [];
  const micProblem = check && check.status !== 'ok' && !open ? check : null;
  const shownState =
    state !== 'idle'
      ? state
      : checking && !check
        ? 'checking'
        : micProblem?.status === 'unavailable'
          ? 'noMic'
          : 'idle';
  return (
    <section className="screen" aria-labelledby="record-title">
      <header className="screen-head">
        <div>
          <h1 id="record-title">{t('record.title')}</h1>
          <p className="muted">{t('record.intro')}</p>
        </div>
      </header>

      {recovered.data && recovered.data.length > 0 && (
        <div className="banner banner-warning" role="status">
          {t('record.recovered', { count: recovered.data.length })}
        </div>
      )}
      {micProblem && (
        <div
          className={micProblem.status === 'silent' ? 'banner banner-warning' : 'banner banner-error'}
          role="alert"
          data-testid="mic-problem"
          data-status={micProblem.status}
        >
          <div className="row spread">
            <strong>
              {micProblem.status === 'silent' ? t('record.micSilent') : t('record.micUnavailable')}
            </strong>
            <button type="button" className="btn small-btn" onClick={recheck} disabled={checking}>
              {checking ? t('record.state.checking') : t('record.recheck')}
            </button>
          </div>
          {/* Main's words are Vietnamese and name the input; English gets the general advice. */}
          <p>
            {settings.uiLanguage === 'vi' ? micProblem.problem : t(`record.micAdvice.${micProblem.status}`)}
          </p>
        </div>
      )}
      <ErrorMessage error={error ?? devices.error} />
      <ErrorMessage error={warning} tone="warning" />

      <div className="card record-setup">
        <label>
          {t('record.device')}
          <select
            className="input"
            value={device}
            onChange={(e) => setDevice(e.target.value)}
            disabled={open}
          >
            <option value="">
              {t('record.defaultDevice')}
              {list?.defaultDeviceId
                ? ` (${list.devices.find((d) => d.id === list.defaultDeviceId)?.label ?? list.defaultDeviceId})`
                : ''}
            </option>
            {list?.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
                {d.kind === 'monitor' ? ` — ${t('record.monitor')}` : ''}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented" disabled={open}>
          <legend>{t('record.channels')}</legend>
          {([1, 2] as const).map((n) => (
            <label key={n} className={channels === n ? 'active' : undefined}>
              <input type="radio" name="channels" checked={channels === n} onChange={() => setChannels(n)} />
              {n === 1 ? t('record.mono') : t('record.stereo')}
            </label>
          ))}
        </fieldset>
        <TextField
          label={t('record.takeTitle')}
          labelClassName="grow"
          value={title}
          placeholder={t('record.takeTitlePlaceholder')}
          onChange={setTitle}
          disabled={open}
        />
      </div>

      <div className={`card recorder state-${state}`} data-testid="recorder" data-state={state}>
        <div className="recorder-head">
          <span className="rec-dot" aria-hidden="true" />
          <span className="rec-state" data-testid="recorder-state">
            {t(`record.state.${shownState}`)}
          </span>
          <span className="rec-time" data-testid="elapsed">
            {formatDuration(level?.elapsedSec ?? status?.elapsedSec ?? 0)}
          </span>
          {status?.remainingSec != null && (
            <span className="muted small">
              {t('record.remaining', { time: formatDuration(status.remainingSec) })}
            </span>
          )}
        </div>
        <LevelMeter level={open ? level : null} labels={{ peak: t('record.peak'), rms: t('record.rms') }} />
        {open && level?.clipping && (
          <div className="clip-warning" role="alert">
            {t('record.clipping')}
          </div>
        )}
        {open && (status?.clipCount ?? 0) > 0 && !level?.clipping && (
          <div className="muted small">{t('record.clipCount', { count: status?.clipCount })}</div>
        )}
        <div className="row recorder-buttons">
          {!open ? (
            canRecord && (
              <button
                type="button"
                className="btn btn-record"
                onClick={() => void start()}
                disabled={checking}
              >
                ● {t('record.start')}
              </button>
            )
          ) : (
            <>
              <button
                type="button"
                className="btn btn-record"
                onClick={() => void stop()}
                disabled={state === 'stopping'}
              >
                ■ {t('record.stop')}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => void pauseResume()}
                disabled={state !== 'recording' && state !== 'paused'}
              >
                {state === 'paused' ? `● ${t('record.resume')}` : `❚❚ ${t('record.pause')}`}
              </button>
              <button type="button" className="btn" onClick={() => void mark()}>
                ⚑ {t('record.marker')}
              </button>
            </>
          )}
        </div>
        <p className="muted small">{t('record.keys')}</p>
      </div>

      {saved && (
        <div className="banner banner-ok" role="status" data-testid="saved-take">
          {t('record.saved', { title: saved.title, duration: formatDuration(saved.durationSec) })}{' '}
          <a href="#library">{t('record.openLibrary')}</a>
        </div>
      )}

      <div className="card">
        <h2>{t('record.markers')}</h2>
        {markers.length === 0 ? (
          <p className="muted">{t('record.noMarkers')}</p>
        ) : (
          <ol className="markers" data-testid="markers">
            {markers.map((m) => (
              <li key={m.id}>
                <strong>{formatDuration(m.atSec)}</strong> {m.label}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
