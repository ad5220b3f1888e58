import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  LoudnessPresetId,
  ProgrammeMetadata,
  ProgrammeMetadataPatch,
  ProgrammePriority,
  UiLanguage,
} from '../../../src-main/contract';
import { languageName, useLanguages } from '../../i18n/languages';
import { DateField } from '../../ui/DateField';
import { TextField } from '../../ui/TextField';
import { formatTimecode, parseTimecode } from '../editor/samples';
import { LanguageChip } from './labels';
import { LOUDNESS_PRESET_LIST, normaliseSlot, PRIORITIES, samplesOf, splitList } from './model';

interface Draft {
  title: string;
  date: string;
  subject: string;
  priority: ProgrammePriority;
  communes: string;
  slots: string;
  authors: string;
  summary: string;
  target: string;
  loudness: LoudnessPresetId;
  languages: string[];
}

function draftOf(m: ProgrammeMetadata): Draft {
  return {
    title: m.title,
    date: m.date ?? '',
    subject: m.subject,
    priority: m.priority,
    communes: m.communes.join(', '),
    slots: m.slots.join(', '),
    authors: m.authors.join(', '),
    summary: m.summary,
    target: m.targetSamples === null ? '' : formatTimecode(m.targetSamples).replace(/\.000$/, ''),
    loudness: m.loudness,
    languages: [...m.languages],
  };
}

/** The draft's free-text fields (not its choices), so one binding serves every text input. */
type TextKey = { [K in keyof Draft]: string extends Draft[K] ? K : never }[keyof Draft];

const SLOT = /^([01]\d|2[0-3]):[0-5]\d$/;
const COMMUNE = /^[0-9A-Za-z._-]{1,20}$/;

/** The programme's metadata (Circular 39 priority, communes, slots…), saved as one change. */
export function MetadataForm({
  metadata,
  lang,
  disabled,
  onSave,
}: {
  metadata: ProgrammeMetadata;
  lang: UiLanguage;
  disabled: boolean;
  onSave(patch: ProgrammeMetadataPatch): Promise<boolean>;
}) {
  const { t } = useTranslation();
  const stationList = useLanguages();
  const [draft, setDraft] = useState(() => draftOf(metadata));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(draftOf(metadata));
  }, [metadata, dirty]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDirty(true);
    setSaved(false);
  };
  const text = (key: TextKey) => ({ value: draft[key], onChange: (value: string) => set(key, value) });

  const slots = splitList(draft.slots).map(normaliseSlot);
  const communes = splitList(draft.communes);
  const targetSec = draft.target.trim() === '' ? null : parseTimecode(draft.target);
  const badSlots = slots.filter((s) => !SLOT.test(s));
  const badCommunes = communes.filter((c) => !COMMUNE.test(c));
  const badTarget = draft.target.trim() !== '' && (targetSec === null || targetSec <= 0);
  const invalid =
    draft.title.trim() === '' ||
    badSlots.length > 0 ||
    badCommunes.length > 0 ||
    badTarget ||
    draft.languages.length === 0;

  const toggleLanguage = (code: string, on: boolean) => {
    const set_ = new Set(draft.languages);
    if (on) set_.add(code);
    else set_.delete(code);
    // The station's order, whatever order they were ticked in.
    set('languages', [
      ...stationList.map((l) => l.code).filter((c) => set_.has(c)),
      ...draft.languages.filter((c) => set_.has(c) && !stationList.some((l) => l.code === c)),
    ]);
  };

  const save = async () => {
    if (invalid) return;
    const ok = await onSave({
      title: draft.title.trim(),
      date: draft.date || null,
      subject: draft.subject.trim(),
      priority: draft.priority,
      communes,
      slots: [...new Set(slots)].sort(),
      authors: splitList(draft.authors),
      summary: draft.summary.trim(),
      targetSamples: targetSec === null ? null : samplesOf(targetSec),
      loudness: draft.loudness,
      languages: draft.languages,
    });
    if (ok) {
      setDirty(false);
      setSaved(true);
    }
  };

  return (
    <form
      className="card panel metadata-form"
      data-testid="metadata-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('programme.meta.title')}</h2>
      <div className="segment-form">
        <TextField
          label={t('programme.meta.name')}
          labelClassName="wide"
          required
          maxLength={500}
          {...text('title')}
        />
        <DateField label={t('programme.meta.date')} testId="meta-date" {...text('date')} />
        <TextField
          label={t('programme.meta.subject')}
          maxLength={200}
          placeholder={t('programme.meta.subjectHint')}
          {...text('subject')}
        />
        <fieldset className="wide priority-field">
          <legend>{t('programme.meta.priority')}</legend>
          <div className="segmented priority-choice">
            {PRIORITIES.map((p) => (
              <label key={p} className={`${draft.priority === p ? 'active' : ''} choice-${p}`}>
                <input
                  type="radio"
                  name="priority"
                  value={p}
                  checked={draft.priority === p}
                  onChange={() => set('priority', p)}
                />
                {p === 'emergency' && <span aria-hidden="true">⚠ </span>}
                {t(`programme.priority.${p}`)}
              </label>
            ))}
          </div>
          <span
            className={
              draft.priority === 'emergency' ? 'small priority-note emergency' : 'muted small priority-note'
            }
          >
            {t(`programme.priorityHint.${draft.priority}`)}
          </span>
        </fieldset>
        <fieldset className="wide">
          <legend>{t('programme.meta.languages')}</legend>
          <div className="language-checks">
            {stationList.map((l) => (
              <label key={l.code} className="toggle">
                <input
                  type="checkbox"
                  checked={draft.languages.includes(l.code)}
                  onChange={(e) => toggleLanguage(l.code, e.target.checked)}
                />
                {l[lang]}
              </label>
            ))}
          </div>
          <div className="row wrap">
            {draft.languages.map((c) => (
              <LanguageChip key={c} code={c} ui={lang} />
            ))}
            {draft.languages.length === 0 && (
              <span className="small bad-text">{t('programme.meta.needLanguage')}</span>
            )}
          </div>
        </fieldset>
        <TextField
          label={t('programme.meta.target')}
          className="timecode"
          placeholder="15:00"
          aria-invalid={badTarget || undefined}
          data-testid="meta-target"
          {...text('target')}
        />
        <TextField
          label={t('programme.meta.slots')}
          placeholder="06:00, 17:30"
          aria-invalid={badSlots.length > 0 || undefined}
          {...text('slots')}
        />
        <fieldset className="wide">
          <legend>{t('programme.meta.loudness')}</legend>
          <div className="loudness-choice">
            {LOUDNESS_PRESET_LIST.map((p) => (
              <label key={p.id} className="toggle">
                <input
                  type="radio"
                  name="loudness"
                  value={p.id}
                  checked={draft.loudness === p.id}
                  onChange={() => set('loudness', p.id)}
                />
                {t(`programme.loudness.${p.id}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label={t('programme.meta.communes')}
          labelClassName="wide"
          placeholder={t('programme.meta.communesHint')}
          aria-invalid={badCommunes.length > 0 || undefined}
          {...text('communes')}
        />
        <TextField
          label={t('programme.meta.authors')}
          labelClassName="wide"
          placeholder={t('programme.meta.authorsHint')}
          {...text('authors')}
        />
        <label className="wide">
          {t('programme.meta.summary')}
          <textarea
            className="input"
            rows={3}
            value={draft.summary}
            onChange={(e) => set('summary', e.target.value)}
          />
        </label>
      </div>
      {badSlots.length > 0 && (
        <p className="small bad-text">{t('programme.meta.badSlots', { slots: badSlots.join(', ') })}</p>
      )}
      {badCommunes.length > 0 && (
        <p className="small bad-text">{t('programme.meta.badCommunes', { codes: badCommunes.join(', ') })}</p>
      )}
      {badTarget && <p className="small bad-text">{t('programme.meta.badTarget')}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={disabled || invalid || !dirty}>
          {t('programme.meta.save')}
        </button>
        {dirty && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDraft(draftOf(metadata));
              setDirty(false);
            }}
          >
            {t('programme.meta.discard')}
          </button>
        )}
        {saved && !dirty && (
          <span className="ok-text small" role="status">
            {t('programme.meta.saved')}
          </span>
        )}
        {!saved && !dirty && metadata.languages.length > 0 && (
          <span className="muted small">
            {metadata.languages.map((c) => languageName(c, lang)).join(' · ')}
          </span>
        )}
      </div>
    </form>
  );
}
