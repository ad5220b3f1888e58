import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditSegment, SegmentType, UiLanguage } from '../../../src-main/contract';
import { languageName, useLanguageChoices } from '../../i18n/languages';
import { TextField } from '../../ui/TextField';
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
  const languages = useLanguageChoices(draft.language);

  // Editing a segment fills the form with it; leaving it empties the form.
  useEffect(() => {
    if (editing) {
      setDraft({
        language: editing.language,
        type: editing.type,
        title: editing.title,
        script: editing.script ?? '',
      });
    }
    // Only when another segment is picked, not on every change main sends back.
  }, [editing?.id]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = { ...draft, title: draft.title.trim(), script: draft.script };
    if (editing) {
      if (await p.onUpdate(editing.id, fields)) p.onActive(null);
    } else if (p.selection) {
      if (await p.onAdd({ ...fields, ...p.selection }))
        setDraft((d) => ({ ...blank(), language: d.language, type: d.type }));
    }
  };

  const typeName = (type: SegmentType) => t(`editor.segments.types.${type}`);

  return (
    <section className="card panel" aria-labelledby="segments-title" data-testid="segments-panel">
      <h2 id="segments-title">{t('editor.segments.title')}</h2>
      <form className="segment-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('editor.segments.language')}
          <select className="input" value={draft.language} onChange={(e) => set('language')(e.target.value)}>
            {languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l[p.lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.segments.type')}
          <select
            className="input"
            value={draft.type}
            onChange={(e) => set('type')(e.target.value as SegmentType)}
          >
            {SEGMENT_TYPE_LIST.map((x) => (
              <option key={x} value={x}>
                {typeName(x)}
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
          onChange={set('title')}
        />
        <label className="wide">
          {t('editor.segments.script')}
          <textarea
            className="input"
            rows={2}
            value={draft.script}
            onChange={(e) => set('script')(e.target.value)}
          />
        </label>
        <div className="row wide">
          {editing ? (
            <>
              <button type="submit" className="btn btn-primary" disabled={p.disabled}>
                {t('editor.segments.save')}
              </button>
              <button
                type="button"
                className="btn"
                disabled={p.disabled || !p.selection}
                title={t('editor.segments.useSelectionHint')}
                onClick={() => p.selection && void p.onUpdate(editing.id, { ...p.selection })}
              >
                {t('editor.segments.useSelection')}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  p.onActive(null);
                  setDraft(blank());
                }}
              >
                {t('editor.segments.cancel')}
              </button>
            </>
          ) : (
            <button
              type="submit"
              className="btn btn-primary"
              disabled={p.disabled || !p.selection}
              title={p.selection ? undefined : t('editor.tools.needSelection')}
            >
              {t('editor.segments.add')}
            </button>
          )}
          {!editing && p.selection && (
            <span className="muted small">
              {formatTimecode(p.selection.start)} – {formatTimecode(p.selection.end)}
            </span>
          )}
        </div>
      </form>

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
