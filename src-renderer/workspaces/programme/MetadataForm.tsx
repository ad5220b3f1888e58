import type { TFunction } from 'i18next';
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
import { SaveStatus } from '../../ui/SaveStatus';
import { TextField } from '../../ui/TextField';
import { useAutosave } from '../../ui/useAutosave';
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

/** What the draft says, read: the slots, communes and target as main takes them, and what is wrong. */
function checked(d: Draft) {
  const slots = splitList(d.slots).map(normaliseSlot);
  const communes = splitList(d.communes);
  const targetSec = d.target.trim() === '' ? null : parseTimecode(d.target);
  return {
    slots,
    communes,
    targetSec,
    badSlots: slots.filter((s) => !SLOT.test(s)),
    badCommunes: communes.filter((c) => !COMMUNE.test(c)),
    badTarget: d.target.trim() !== '' && (targetSec === null || targetSec <= 0),
  };
}

/** Why the draft cannot be saved as it is (each is said beside its field), empty when it can. */
function problemsOf(d: Draft): string[] {
  const c = checked(d);
  return [
    ...(d.title.trim() === '' ? ['title'] : []),
    ...(c.badSlots.length > 0 ? ['slots'] : []),
    ...(c.badCommunes.length > 0 ? ['communes'] : []),
    ...(c.badTarget ? ['target'] : []),
    ...(d.languages.length === 0 ? ['languages'] : []),
  ];
}

/** What is wrong, in the words said beside the fields, for the question before leaving. */
function problemText(d: Draft, t: TFunction): string {
  const c = checked(d);
  const say: Record<string, string> = {
    title: t('programme.meta.needName'),
    slots: t('programme.meta.badSlots', { slots: c.badSlots.join(', ') }),
    communes: t('programme.meta.badCommunes', { codes: c.badCommunes.join(', ') }),
    target: t('programme.meta.badTarget'),
    languages: t('programme.meta.needLanguage'),
  };
  return problemsOf(d)
    .map((p) => say[p])
    .join(' ');
}

function patchOf(d: Draft): ProgrammeMetadataPatch {
  const c = checked(d);
  return {
    title: d.title.trim(),
    date: d.date || null,
    subject: d.subject.trim(),
    priority: d.priority,
    communes: c.communes,
    slots: [...new Set(c.slots)].sort(),
    authors: splitList(d.authors),
    summary: d.summary.trim(),
    targetSamples: c.targetSec === null ? null : samplesOf(c.targetSec),
    loudness: d.loudness,
    languages: d.languages,
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
  // Typed metadata saves itself (one change in the programme's history per pause or field left).
  const autosave = useAutosave(draftOf(metadata), (d: Draft) => onSave(patchOf(d)), {
    valid: (d) => problemsOf(d).length === 0,
    sent: patchOf,
    where: t('programme.meta.title'),
    problem: (d) => problemText(d, t),
  });
  const draft = autosave.draft;
  const dirty = autosave.state === 'pending' || autosave.state === 'invalid' || autosave.state === 'error';

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    autosave.set((d) => ({ ...d, [key]: value }));
  const text = (key: TextKey) => ({ value: draft[key], onChange: (value: string) => set(key, value) });

  const { badSlots, badCommunes, badTarget } = checked(draft);
  const invalid = problemsOf(draft).length > 0;

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

  const save = () => void autosave.flush();

  return (
    <form
      className="card panel metadata-form"
      data-testid="metadata-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onBlur={save}
    >
      <h2>{t('programme.meta.title')}</h2>
      {/* Disabled as a whole (in the trash, or for who may not change it): nothing to type, nothing saved. */}
      <fieldset className="plain-fieldset" disabled={disabled}>
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
          <p className="small bad-text">
            {t('programme.meta.badCommunes', { codes: badCommunes.join(', ') })}
          </p>
        )}
        {badTarget && <p className="small bad-text">{t('programme.meta.badTarget')}</p>}
      </fieldset>
      <div className="row">
        {/* Enabled when nothing is left to save too (as in the library): pressing it out of habit after
            the form saved itself just confirms it. */}
        <button type="submit" className="btn btn-primary" disabled={disabled || invalid}>
          {t('programme.meta.save')}
        </button>
        {dirty && (
          <button type="button" className="btn" onClick={autosave.reset}>
            {t('programme.meta.discard')}
          </button>
        )}
        <SaveStatus autosave={autosave} savedText={t('programme.meta.saved')} />
        {(autosave.state === 'idle' || autosave.state === 'saved') && metadata.languages.length > 0 && (
          <span className="muted small">
            {metadata.languages.map((c) => languageName(c, lang)).join(' · ')}
          </span>
        )}
      </div>
    </form>
  );
}
