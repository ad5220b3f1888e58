import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuckingSettings, ProgrammeState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { NumberField } from './fields';

/** How the bed dips under voice, for the whole programme (an item may set its own). */
export function DuckingPanel({
  ducking,
  disabled,
  onChange,
}: {
  ducking: DuckingSettings;
  disabled: boolean;
  onChange(patch: Partial<DuckingSettings>): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="ducking-title" data-testid="ducking-panel">
      <h2 id="ducking-title">{t('programme.ducking.title')}</h2>
      <p className="muted small">{t('programme.ducking.intro')}</p>
      <div className="segment-form three">
        <NumberField
          label={t('programme.ducking.depth')}
          value={ducking.depthDb}
          min={0}
          max={40}
          suffix="dB"
          disabled={disabled}
          onCommit={(depthDb) => onChange({ depthDb })}
        />
        <NumberField
          label={t('programme.ducking.attack')}
          value={ducking.attackMs}
          min={0}
          max={5000}
          suffix="ms"
          disabled={disabled}
          onCommit={(attackMs) => onChange({ attackMs })}
        />
        <NumberField
          label={t('programme.ducking.release')}
          value={ducking.releaseMs}
          min={0}
          max={10000}
          suffix="ms"
          disabled={disabled}
          onCommit={(releaseMs) => onChange({ releaseMs })}
        />
      </div>
      <p className="muted small">{t('programme.ducking.note')}</p>
    </section>
  );
}

/** Saves the programme's shape as a template, new or in place of one. */
export function TemplatePanel({ state }: { state: ProgrammeState }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const templates = useCall(() => client.api.programme['templates.list']());
  const [name, setName] = useState('');
  const [replace, setReplace] = useState<string>('');
  const [keepVoice, setKeepVoice] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const list = templates.data ?? [];
  const replacing = list.find((x) => x.id === replace);
  const finalName = name.trim() || replacing?.name || state.metadata.title;

  const save = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const saved = await client.api.programme['templates.save']({
        programmeId: state.id,
        name: finalName,
        ...(replace ? { templateId: replace } : {}),
        keepVoice,
      });
      setDone(saved.name);
      templates.reload();
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card panel" aria-labelledby="template-title" data-testid="template-panel">
      <h2 id="template-title">{t('programme.template.title')}</h2>
      <p className="muted small">{t('programme.template.intro')}</p>
      <form
        className="segment-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="wide">
          {t('programme.template.name')}
          <input
            className="input"
            value={name}
            maxLength={200}
            placeholder={replacing?.name ?? state.metadata.title}
            onChange={(e) => setName(e.target.value)}
            data-testid="template-name"
          />
        </label>
        <label className="wide">
          {t('programme.template.saveAs')}
          <select className="input" value={replace} onChange={(e) => setReplace(e.target.value)}>
            <option value="">{t('programme.template.new')}</option>
            {list.map((x) => (
              <option key={x.id} value={x.id}>
                {t('programme.template.replace', { name: x.name })}
              </option>
            ))}
          </select>
        </label>
        <label className="toggle wide">
          <input type="checkbox" checked={keepVoice} onChange={(e) => setKeepVoice(e.target.checked)} />
          {t('programme.template.keepVoice')}
        </label>
        <div className="form-end wide row">
          <button type="submit" className="btn btn-primary" disabled={busy || finalName === ''}>
            {t('programme.template.save')}
          </button>
          {done && (
            <span className="ok-text small" role="status">
              {t('programme.template.saved', { name: done })}
            </span>
          )}
        </div>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
