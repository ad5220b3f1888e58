import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditExportJob, UiLanguage } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName, SaveAsDialog } from '../../ui/SaveAsDialog';
import { useCall } from '../../ui/useCall';
import { signedNumber } from './labels';

type Choice = 'wav16' | 'wav24' | 'mp3-128' | 'mp3-192';

const FORMATS: Record<Choice, { format: 'wav' | 'mp3'; bitDepth?: 16 | 24; bitrateKbps?: 128 | 192 }> = {
  wav16: { format: 'wav', bitDepth: 16 },
  wav24: { format: 'wav', bitDepth: 24 },
  'mp3-128': { format: 'mp3', bitrateKbps: 128 },
  'mp3-192': { format: 'mp3', bitrateKbps: 192 },
};

/** The path with the format's extension in place of a `.wav` or `.mp3` one. */
function withExtension(file: string, format: 'wav' | 'mp3'): string {
  return /\.(wav|mp3)$/i.test(file) ? file.replace(/\.(wav|mp3)$/i, `.${format}`) : file;
}

/** Export through the render engine the programme mixer uses: WAV or MP3, with progress and cancel. */
export function ExportPanel({
  projectId,
  disabled,
  lang,
}: {
  projectId: string | null;
  disabled: boolean;
  lang: UiLanguage;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [choice, setChoice] = useState<Choice>('wav16');
  const [job, setJob] = useState<EditExportJob | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  /** Where the file goes: main's suggestion until the user types or chooses another. */
  const [file, setFile] = useState('');
  const [ownPath, setOwnPath] = useState(false);
  /** The path the user agreed to write over (in the OS's window, or with the button). */
  const [overwrite, setOverwrite] = useState<string | null>(null);
  const [exists, setExists] = useState<StudioCallError | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const info = useCall(() => client.api.system.info());
  const canChoose = info.data?.capabilities.saveDialog === true;
  const format = FORMATS[choice].format;
  const jobId = useRef<string | null>(null);
  /** Jobs that finished before their id came back (a short edit exports in an instant). */
  const early = useRef(new Map<string, EditExportJob>());

  useEffect(() => {
    const offs = [
      client.api.on('edit.render.progress', (e) => {
        if (e.purpose !== 'export' || !e.jobId || e.jobId !== jobId.current) return;
        setJob((j) => (j && j.id === e.jobId && j.state === 'running' ? { ...j, fraction: e.fraction } : j));
      }),
      client.api.on('edit.export.finished', ({ job: done }) => {
        if (done.projectId !== projectId) return;
        if (done.id === jobId.current) setJob(done);
        else early.current.set(done.id, done);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, projectId]);

  /** Main's suggestion: a new name in the exports folder (again after each export). */
  const suggest = useCallback(() => {
    if (!projectId) return;
    client.api.edit
      .exportPath({ projectId, format })
      .then((s) => setFile(s.path))
      .catch((err: unknown) => setError(toStudioCallError(err)));
  }, [client, projectId, format]);
  useEffect(() => {
    if (!ownPath) suggest();
  }, [ownPath, suggest, job?.state]);

  const changeFile = (next: string) => {
    setFile(next);
    setOwnPath(true);
    setExists(null);
  };

  /** The OS's window in the Electron app; the studio's own (the user's folders only) elsewhere. */
  const choose = async () => {
    setError(null);
    if (!canChoose) {
      setBrowsing(true);
      return;
    }
    try {
      const picked = await client.api.system.chooseSaveFile({
        defaultPath: file,
        title: t('editor.export.chooseTitle'),
        filters: [{ name: format.toUpperCase(), extensions: [format] }],
      });
      if (!picked.path) return;
      changeFile(picked.path);
      // The OS's window has already asked whether to replace the file.
      setOverwrite(picked.exists ? picked.path : null);
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const start = async (confirmed = false) => {
    if (!projectId) return;
    setError(null);
    setExists(null);
    const target = file.trim();
    try {
      const started = await client.api.edit.export({
        projectId,
        ...FORMATS[choice],
        ...(target ? { path: target, overwrite: confirmed || overwrite === target } : {}),
      });
      jobId.current = started.id;
      setJob(early.current.get(started.id) ?? started);
      early.current.delete(started.id);
      setOverwrite(null);
    } catch (err) {
      const e = toStudioCallError(err);
      if (e.code === 'EDIT_EXPORT_EXISTS') setExists(e);
      else setError(e);
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      await client.api.edit.cancelExport({ jobId: job.id });
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const running = job?.state === 'running';
  const percent = Math.round((job?.fraction ?? 0) * 100);
  return (
    <section className="card panel" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">{t('editor.export.title')}</h2>
      <label className="export-file">
        {t('editor.export.file')}
        <span className="row">
          {/*
           * Chosen, not typed: main writes only where the user chose (or the exports folder). Two
           * wrapping lines, so that a long folder still shows the file name at its end.
           */}
          <textarea
            className="input path"
            rows={2}
            value={file}
            readOnly
            spellCheck={false}
            data-testid="export-file"
          />
          <button
            ref={chooseButton}
            type="button"
            className="btn"
            disabled={running || !projectId}
            onClick={() => void choose()}
          >
            {t('editor.export.choose')}
          </button>
        </span>
      </label>
      {browsing && (
        <SaveAsDialog
          title={t('editor.export.chooseTitle')}
          initialName={baseName(file)}
          ext={format}
          onChoose={(picked, replace) => {
            setBrowsing(false);
            changeFile(picked);
            // The dialog has asked whether to replace the file that is there.
            setOverwrite(replace ? picked : null);
            chooseButton.current?.focus();
          }}
          onClose={() => {
            setBrowsing(false);
            chooseButton.current?.focus();
          }}
        />
      )}
      <p className="muted small">{t('editor.export.fileHint')}</p>
      <div className="row wrap export-row">
        <select
          className="input"
          value={choice}
          aria-label={t('editor.export.format')}
          disabled={running}
          onChange={(e) => {
            const next = e.target.value as Choice;
            setChoice(next);
            setFile((f) => withExtension(f, FORMATS[next].format));
          }}
        >
          <option value="wav16">{t('editor.export.wav16')}</option>
          <option value="wav24">{t('editor.export.wav24')}</option>
          <option value="mp3-128">{t('editor.export.mp3128')}</option>
          <option value="mp3-192">{t('editor.export.mp3192')}</option>
        </select>
        {running ? (
          <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
            {t('editor.export.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={disabled || !projectId || file.trim() === ''}
            onClick={() => void start()}
          >
            {t('editor.export.start')}
          </button>
        )}
      </div>
      {exists && (
        <div
          className="banner banner-warning"
          role="alert"
          data-code={exists.code}
          data-testid="export-exists"
        >
          <div>{exists.message}</div>
          <div className="row wrap">
            <button type="button" className="btn btn-danger" onClick={() => void start(true)}>
              {t('editor.export.overwrite')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setExists(null);
                void choose();
              }}
            >
              {t('editor.export.rename')}
            </button>
          </div>
        </div>
      )}
      {running && (
        <div role="status">
          <progress className="progress" max={100} value={percent} />
          <span className="muted small">{t('editor.export.running', { percent })}</span>
        </div>
      )}
      {job?.state === 'finished' && (
        <div className="banner banner-ok export-result" role="status" data-testid="export-result">
          <div>{t('editor.export.finished')}</div>
          <code className="path" data-testid="export-path">
            {job.file}
          </code>
          {job.loudness && (
            <div className="small">
              {t('editor.export.loudness', { lufs: signedNumber(job.loudness.targetLufs, 0, lang) })}
            </div>
          )}
        </div>
      )}
      {job?.state === 'cancelled' && (
        <div className="banner banner-warning" role="status">
          {job.error?.message ?? t('editor.export.cancelled')}
        </div>
      )}
      {job?.state === 'failed' && (
        <ErrorMessage error={job.error ?? { code: 'INTERNAL', message: t('editor.export.failed') }} />
      )}
      <ErrorMessage error={error} />
      <p className="muted small">{t('editor.export.hint')}</p>
    </section>
  );
}
