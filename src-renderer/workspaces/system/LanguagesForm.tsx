import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationLanguage } from '../../../src-main/contract';
import { useLanguages } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/TextField';
import { useUnsaved } from '../../ui/unsaved';

/** A row of the form: a language with a key of its own, since its code can be edited. */
interface Row extends StationLanguage {
  key: number;
}

/** A row's texts, each a column headed by its name; the placeholders are examples. */
const COLUMNS = [
  { field: 'code', className: 'code-input', maxLength: 3, spellCheck: false, placeholder: 'tyz' },
  { field: 'vi', maxLength: 60, placeholder: 'Tày' },
  { field: 'en', maxLength: 60, placeholder: 'Tay' },
  { field: 'short', maxLength: 16, placeholder: 'Tày' },
] as const;

/**
 * The station's broadcast languages: add, rename, reorder and remove, then save. Main checks the
 * list (codes, names, no duplicates, Vietnamese kept) and says what is wrong; the editor and the
 * programmes offer the saved list, in its order.
 */
export function LanguagesForm() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const saved = useLanguages();
  const nextKey = useRef(0);
  const rowsOf = (list: readonly StationLanguage[]): Row[] =>
    list.map((l) => ({ code: l.code, vi: l.vi, en: l.en, short: l.short, key: nextKey.current++ }));
  const [rows, setRows] = useState<Row[]>(() => rowsOf(saved));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [done, setDone] = useState(false);
  const lang = settings.uiLanguage;

  // A list saved elsewhere (or just now) shows here unless there are changes not yet saved.
  useEffect(() => {
    if (!dirty) setRows(rowsOf(saved));
    // Only when main's list changes.
  }, [saved]);

  const edit = (next: Row[]) => {
    setRows(next);
    setDirty(true);
    setDone(false);
  };
  const setField = (key: number, field: keyof StationLanguage, value: string) =>
    edit(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row!);
    edit(next);
  };

  /** Throws main's reason (also shown here) when the list was not taken. */
  const save = async () => {
    setDone(false);
    try {
      const next = await client.api.settings.update({
        languages: rows.map(({ code, vi, en, short }) => ({ code, vi, en, short })),
      });
      // The list as main keeps it (tidied, empty short names filled in), whatever the event's timing.
      setRows(rowsOf(next.languages));
      setError(null);
      setDirty(false);
      setDone(true);
    } catch (err) {
      setError(toStudioCallError(err));
      throw err;
    }
  };
  // Main checks the whole list, so it is saved by the button: leaving with changes asks first.
  useUnsaved(dirty ? { where: t('languages.title'), save } : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // save() shows its error in the form; it rethrows only for the leave dialog.
    save().catch(() => undefined);
  };

  const nameOf = (r: Row) => (lang === 'vi' ? r.vi : r.en) || r.code || t('languages.unnamed');

  return (
    <form
      className="card settings languages-form"
      onSubmit={submit}
      aria-labelledby="languages-title"
      data-testid="languages-form"
    >
      <h2 id="languages-title">{t('languages.title')}</h2>
      <p className="muted small">{t('languages.intro')}</p>
      <table className="table languages-table">
        <thead>
          <tr>
            <th>#</th>
            {COLUMNS.map(({ field }) => (
              <th key={field}>{t(`languages.${field}`)}</th>
            ))}
            <th>{t('languages.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key} data-code={r.code}>
              <td className="muted">{i + 1}</td>
              {COLUMNS.map(({ field, ...input }) => (
                <td key={field}>
                  <TextField
                    hideLabel
                    label={t(`languages.${field}Of`, { row: i + 1 })}
                    {...input}
                    value={r[field]}
                    onChange={(value) => setField(r.key, field, value)}
                  />
                </td>
              ))}
              <td>
                <div className="row languages-actions">
                  <button
                    type="button"
                    className="btn small-btn"
                    disabled={i === 0}
                    aria-label={t('languages.up', { name: nameOf(r) })}
                    title={t('languages.up', { name: nameOf(r) })}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn small-btn"
                    disabled={i === rows.length - 1}
                    aria-label={t('languages.down', { name: nameOf(r) })}
                    title={t('languages.down', { name: nameOf(r) })}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn small-btn btn-danger"
                    aria-label={t('languages.remove', { name: nameOf(r) })}
                    onClick={() => edit(rows.filter((x) => x.key !== r.key))}
                  >
                    {t('languages.removeShort')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row wrap languages-buttons">
        <button
          type="button"
          className="btn"
          onClick={() => edit([...rows, { code: '', vi: '', en: '', short: '', key: nextKey.current++ }])}
        >
          {t('languages.add')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!dirty}>
          {t('languages.save')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!dirty}
          onClick={() => {
            setRows(rowsOf(saved));
            setDirty(false);
            setError(null);
          }}
        >
          {t('languages.revert')}
        </button>
      </div>
      <p className="muted small">{t('languages.hint')}</p>
      <ErrorMessage error={error} />
      {done && (
        <p className="ok-text" role="status">
          {t('languages.saved')}
        </p>
      )}
    </form>
  );
}
