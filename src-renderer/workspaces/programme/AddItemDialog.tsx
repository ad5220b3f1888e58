import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  EditProjectState,
  ProgrammeItemView,
  ProgrammeSource,
  ProgrammeState,
  UiLanguage,
} from '../../../src-main/contract';
import { languageName, useLanguages } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDate } from '../../ui/dates';
import { formatDuration } from '../../ui/format';
import { TextField } from '../../ui/TextField';
import { useCall } from '../../ui/useCall';
import { AssetChooser } from '../editor/AssetPicker';
import { languageColor } from '../editor/labels';
import { formatTimecode, parseTimecode } from '../editor/samples';
import { Modal } from '../../ui/Modal';
import { samplesOf, sec } from './model';

export interface Chosen {
  trackId: string;
  /** `null`: a placeholder of `sourceEnd` samples. */
  source: ProgrammeSource | null;
  title?: string;
  /** Voice items: the language, when it is not the source's own. */
  language?: string;
  sourceEnd?: number;
}

type Tab = 'library' | 'edit' | 'placeholder';

/**
 * Where an item's audio comes from: a library asset, an editor project (one of its segments or
 * the whole edit), or nothing yet (a placeholder of a planned length). Adds an item to a track, or
 * fills/replaces the audio of an existing one (`filling`).
 */
export function AddItemDialog({
  state,
  lang,
  trackId: initialTrack,
  filling,
  onChoose,
  onClose,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  trackId: string;
  filling: ProgrammeItemView | null;
  onChoose(c: Chosen): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const stationList = useLanguages();
  const [tab, setTab] = useState<Tab>('library');
  const [trackId, setTrackId] = useState(filling?.trackId ?? initialTrack);
  const kind = state.tracks.find((tr) => tr.id === trackId)?.kind ?? 'voice';
  const [language, setLanguage] = useState<string>('');
  const [title, setTitle] = useState('');
  const [length, setLength] = useState('1:00');
  const lengthSec = parseTimecode(length);

  const base = (): Pick<Chosen, 'trackId' | 'language'> => ({
    trackId,
    ...(kind === 'voice' && language && !filling ? { language } : {}),
  });

  const tabs: Tab[] = filling ? ['library', 'edit'] : ['library', 'edit', 'placeholder'];
  const heading = filling ? t('programme.add.fillTitle', { title: filling.title }) : t('programme.add.title');
  return (
    <Modal title={heading} onClose={onClose} testId="add-item-dialog" wide>
      <div className="add-head row wrap">
        {!filling && (
          <label className="inline">
            {t('programme.add.track')}
            <select
              className="input"
              value={trackId}
              onChange={(e) => setTrackId(e.target.value)}
              data-testid="add-track"
            >
              {state.tracks.map((tr) => (
                <option key={tr.id} value={tr.id}>
                  {tr.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'voice' && !filling && (
          <label className="inline">
            {t('programme.add.language')}
            <select
              className="input"
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              data-testid="add-language"
            >
              <option value="">{t('programme.add.languageOfSource')}</option>
              {stationList.map((l) => (
                <option key={l.code} value={l.code}>
                  {l[lang]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={tab === x}
            className={tab === x ? 'tab active' : 'tab'}
            onClick={() => setTab(x)}
          >
            {t(`programme.add.tab.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'library' && (
        <AssetChooser
          actionLabel={filling ? t('programme.add.use') : t('programme.add.add')}
          onChoose={(a) => onChoose({ ...base(), source: { kind: 'asset', assetId: a.id } })}
        />
      )}
      {tab === 'edit' && (
        <EditChooser
          lang={lang}
          actionLabel={filling ? t('programme.add.use') : t('programme.add.add')}
          onChoose={(source) => onChoose({ ...base(), source })}
        />
      )}
      {tab === 'placeholder' && (
        <form
          className="segment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (lengthSec === null || lengthSec <= 0) return;
            onChoose({
              ...base(),
              source: null,
              title: title.trim() || t('programme.rundown.placeholder'),
              sourceEnd: samplesOf(lengthSec),
            });
          }}
        >
          <p className="muted small wide">{t('programme.add.placeholderIntro')}</p>
          <TextField
            label={t('programme.inspector.title')}
            labelClassName="wide"
            value={title}
            onChange={setTitle}
            placeholder={t('programme.add.placeholderTitle')}
            data-testid="placeholder-title"
          />
          <TextField
            label={t('programme.inspector.plannedLength')}
            className="timecode"
            value={length}
            onChange={setLength}
            aria-invalid={lengthSec === null || lengthSec <= 0 || undefined}
            data-testid="placeholder-length"
          />
          <div className="form-end">
            <button type="submit" className="btn btn-primary" disabled={lengthSec === null || lengthSec <= 0}>
              {t('programme.add.addPlaceholder')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

/** Editor projects, newest first; open one to pick a segment (or the whole edit). */
function EditChooser({
  lang,
  actionLabel,
  onChoose,
}: {
  lang: UiLanguage;
  actionLabel: string;
  onChoose(source: ProgrammeSource): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const projects = useCall(() => client.api.edit.list({}));
  const [open, setOpen] = useState<EditProjectState | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [loading, setLoading] = useState(false);

  const show = async (projectId: string) => {
    setLoading(true);
    setError(null);
    try {
      setOpen(await client.api.edit.open({ projectId }));
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setLoading(false);
    }
  };

  if (open) {
    const segments = open.document.segments;
    return (
      <div>
        <div className="row spread">
          <strong>{open.title}</strong>
          <button type="button" className="btn small-btn" onClick={() => setOpen(null)}>
            ← {t('programme.add.otherEdit')}
          </button>
        </div>
        <ul className="pick-list" data-testid="segment-chooser">
          {segments.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="pick-item"
                onClick={() => onChoose({ kind: 'edit', projectId: open.id, segmentId: s.id })}
              >
                <span className="pick-title">
                  <span className="swatch-dot" style={{ background: languageColor(s.language) }} />
                  {s.title || t(`editor.segments.types.${s.type}`)}
                </span>
                <span className="muted small">
                  {languageName(s.language, lang)} · {t(`editor.segments.types.${s.type}`)} ·{' '}
                  {formatTimecode(s.end - s.start)}
                </span>
                <span className="pick-action">{actionLabel}</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="pick-item"
              onClick={() => onChoose({ kind: 'edit', projectId: open.id, segmentId: null })}
            >
              <span className="pick-title">{t('programme.add.wholeEdit')}</span>
              <span className="muted small">{formatDuration(sec(open.durationSamples))}</span>
              <span className="pick-action">{actionLabel}</span>
            </button>
          </li>
        </ul>
        {segments.length === 0 && <p className="muted small">{t('programme.add.noSegments')}</p>}
      </div>
    );
  }

  const list = projects.data ?? [];
  return (
    <div>
      <ErrorMessage error={error ?? projects.error} />
      {list.length === 0 && !projects.loading ? (
        <div className="empty">{t('programme.add.noEdits')}</div>
      ) : (
        <ul className="pick-list" data-testid="edit-chooser">
          {list.map((p) => (
            <li key={p.id}>
              <button type="button" className="pick-item" disabled={loading} onClick={() => void show(p.id)}>
                <span className="pick-title">{p.title}</span>
                <span className="muted small">
                  {formatDuration(sec(p.durationSamples))} · {formatDate(p.updatedAt, lang)}
                </span>
                <span className="pick-action">{t('programme.add.segments')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
