import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditSegment, SegmentType, UiLanguage } from '../../../src-main/contract';
import { languageName, useLanguageChoices } from '../../i18n/languages';
import { SaveStatus } from '../../ui/SaveStatus';
import { TextField } from '../../ui/TextField';
import { useUnsaved } from '../../ui/unsaved';
import { useAutosave } from '../../ui/useAutosave';
import { languageColor, SEGMENT_TYPE_LIST } from './labels';
import { formatTimecode, type SampleRange } from './samples';

interface Draft {
  language: string;
  type: SegmentType;
  title: string;
  script: string;
}

interface Props {
  segments: EditSegment[];
  selection: SampleRange | null;
  disabled: boolean;
  lang: UiLanguage;
  /** The asset's language: a new segment starts in it. */
  defaultLanguage: string;
  active: string | null;
  onActive(id: string | null): void;
  onAdd(d: Draft & SampleRange): Promise<boolean>;
  onUpdate(id: string, d: Partial<Draft & SampleRange>): Promise<boolean>;
  onRemove(id: string): Promise<boolean>;
  onSelectRange(r: SampleRange): void;
}

/**
 * Segments: labelled ranges with a language, a type, a title and an optional script. They are what
 * programmes are assembled from and what the archive finds.
 */
export function SegmentsPanel(p: Props) {
  const { t } = useTranslation();
  const blank = (): Draft => ({ language: p.defaultLanguage, type: 'news', title: '', script: '' });
  const [draft, setDraft] = useState<Draft>(blank);
  const editing = p.segments.find((s) => s.id === p.active) ?? null;

  /** Resolves true when the segment was added (and the form cleared for the next one). */
  const add = async (): Promise<boolean> => {
    if (!p.selection) return false;
    const fields = { ...draft, title: draft.title.trim(), script: draft.script };
    if (!(await p.onAdd({ ...fields, ...p.selection }))) return false;
    setDraft((d) => ({ ...blank(), language: d.language, type: d.type }));
    return true;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add();
  };
  // A new segment is added by its button (it needs a range), so leaving it typed asks first.
  const typed = draft.title.trim() !== '' || draft.script.trim() !== '';
  useUnsaved(
    typed
      ? {
          where: t('editor.segments.newDraft'),
          problem: p.selection ? null : t('editor.segments.newNeedsSelection'),
          save: add,
        }
      : null,
  );

  const typeName = (type: SegmentType) => t(`editor.segments.types.${type}`);

  return (
    <section className="card panel" aria-labelledby="segments-title" data-testid="segments-panel">
      <h2 id="segments-title">{t('editor.segments.title')}</h2>
      {editing ? (
        // One form per segment: picking another segment closes this one, which saves it.
        <SegmentEditForm key={editing.id} segment={editing} panel={p} />
      ) : (
        <form className="segment-form" onSubmit={submit}>
          <SegmentFields
            draft={draft}
            lang={p.lang}
            set={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
          />
          <div className="row wide">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={p.disabled || !p.selection}
              title={p.selection ? undefined : t('editor.tools.needSelection')}
            >
              {t('editor.segments.add')}
            </button>
            {p.selection && (
              <span className="muted small">
                {formatTimecode(p.selection.start)} – {formatTimecode(p.selection.end)}
              </span>
            )}
          </div>
        </form>
      )}

      {p.segments.length === 0 ? (
        <p className="muted small">{t('editor.segments.none')}</p>
      ) : (
        <ul className="segment-list" data-testid="segment-list">
          {p.segments.map((s) => (
            <li
              key={s.id}
              className={s.id === p.active ? 'segment-item active' : 'segment-item'}
              data-language={s.language}
            >
              <span className="swatch" style={{ background: languageColor(s.language) }} aria-hidden="true" />
              <div className="segment-body">
                <div className="segment-head">
                  <strong>{s.title || t('editor.segments.untitled')}</strong>
                  <span className="tag">{languageName(s.language, p.lang)}</span>
                  <span className="tag">{typeName(s.type)}</span>
                </div>
                <div className="muted small timecode">
                  {formatTimecode(s.start)} – {formatTimecode(s.end)} ({formatTimecode(s.end - s.start)})
                </div>
                {s.script && <div className="segment-script">{s.script}</div>}
              </div>
              <div className="segment-actions">
                <button type="button" className="btn small-btn" onClick={() => p.onSelectRange(s)}>
                  {t('editor.segments.select')}
                </button>
                <button type="button" className="btn small-btn" onClick={() => p.onActive(s.id)}>
                  {t('editor.segments.edit')}
                </button>
                <button
                  type="button"
                  className="btn small-btn btn-danger"
                  disabled={p.disabled}
                  onClick={() => void p.onRemove(s.id)}
                  aria-label={`${t('editor.segments.remove')}: ${s.title}`}
                >
                  {t('editor.segments.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The language, type, title and script of a segment, new or being edited. */
function SegmentFields({
  draft,
  lang,
  set,
}: {
  draft: Draft;
  lang: UiLanguage;
  set<K extends keyof Draft>(key: K, value: Draft[K]): void;
}) {
  const { t } = useTranslation();
  const languages = useLanguageChoices(draft.language);
  return (
    <>
      <label>
        {t('editor.segments.language')}
        <select className="input" value={draft.language} onChange={(e) => set('language', e.target.value)}>
          {languages.map((l) => (
            <option key={l.code} value={l.code}>
              {l[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('editor.segments.type')}
        <select
          className="input"
          value={draft.type}
          onChange={(e) => set('type', e.target.value as SegmentType)}
        >
          {SEGMENT_TYPE_LIST.map((x) => (
            <option key={x} value={x}>
              {t(`editor.segments.types.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('editor.segments.titleField')}
        labelClassName="wide"
        value={draft.title}
        maxLength={500}
        placeholder={t('editor.segments.titlePlaceholder')}
        onChange={(v) => set('title', v)}
      />
      <label className="wide">
        {t('editor.segments.script')}
        <textarea
          className="input"
          rows={2}
          value={draft.script}
          onChange={(e) => set('script', e.target.value)}
        />
      </label>
    </>
  );
}

/** What main keeps of a segment's fields: the title trimmed, a blank script as none. */
const sentSegment = (d: Draft) => ({
  ...d,
  title: d.title.trim(),
  script: d.script.trim() === '' ? '' : d.script,
});

/** An existing segment's fields, saved as they are typed (each pause is one step of the history). */
function SegmentEditForm({ segment, panel: p }: { segment: EditSegment; panel: Props }) {
  const { t } = useTranslation();
  const autosave = useAutosave<Draft>(
    { language: segment.language, type: segment.type, title: segment.title, script: segment.script ?? '' },
    (d) => p.onUpdate(segment.id, sentSegment(d)),
    { sent: sentSegment },
  );
  const done = async () => {
    if (await autosave.flush()) p.onActive(null);
  };
  return (
    <form
      className="segment-form"
      data-testid="segment-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void done();
      }}
      onBlur={() => void autosave.flush()}
    >
      <SegmentFields
        draft={autosave.draft}
        lang={p.lang}
        set={(key, value) => autosave.set((d) => ({ ...d, [key]: value }))}
      />
      <div className="row wide">
        <button type="submit" className="btn btn-primary" disabled={p.disabled}>
          {t('editor.segments.save')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={p.disabled || !p.selection}
          title={t('editor.segments.useSelectionHint')}
          onClick={() => p.selection && void p.onUpdate(segment.id, { ...p.selection })}
        >
          {t('editor.segments.useSelection')}
        </button>
        <button type="button" className="btn" onClick={() => void done()}>
          {t('app.close')}
        </button>
        <SaveStatus autosave={autosave} />
      </div>
    </form>
  );
}
