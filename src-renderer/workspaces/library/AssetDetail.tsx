import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, UiLanguage } from '../../../src-main/contract';
import { useLanguageChoices } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { DateField } from '../../ui/DateField';
import { formatDateTime, localDay } from '../../ui/dates';
import { formatNumber } from '../../ui/format';
import { SaveStatus } from '../../ui/SaveStatus';
import { fileFormat, Term } from '../../ui/terms';
import { TextField } from '../../ui/TextField';
import { useAutosave } from '../../ui/useAutosave';
import { AssetTrashActions } from './AssetTrashActions';
import { WaveformPreview } from './WaveformPreview';

interface Draft {
  title: string;
  language: string;
  reporter: string;
  subject: string;
  tags: string;
  notes: string;
  recordedAt: string;
}

function draftOf(a: Asset): Draft {
  return {
    title: a.title,
    language: a.language,
    reporter: a.reporter,
    subject: a.subject,
    tags: a.tags.join(', '),
    notes: a.notes,
    recordedAt: a.recordedAt ? (localDay(a.recordedAt) ?? '') : '',
  };
}

/** The draft as main keeps it: trimmed, the tags split at commas. */
function fieldsOf(d: Draft) {
  return {
    title: d.title.trim(),
    language: d.language,
    reporter: d.reporter.trim(),
    subject: d.subject.trim(),
    tags: d.tags
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    notes: d.notes,
  };
}

export function AssetDetail({ asset, lang, onClose }: { asset: Asset; lang: UiLanguage; onClose(): void }) {
  const { t } = useTranslation();
  const languages = useLanguageChoices(asset.language);
  const { client } = useStudio();
  const original = draftOf(asset);
  // Typed details save themselves; the library shows each asset in its own AssetDetail (keyed by
  // id), so choosing another row saves this one's first.
  const autosave = useAutosave(
    original,
    (d: Draft) =>
      client.api.library.update({
        id: asset.id,
        patch: {
          ...fieldsOf(d),
          // Unchanged, a take's recorded moment keeps its time (the field shows its day only).
          ...(d.recordedAt !== original.recordedAt
            ? { recordedAt: d.recordedAt === '' ? null : d.recordedAt }
            : {}),
        },
      }),
    { valid: (d) => d.title.trim() !== '', sent: (d) => ({ ...fieldsOf(d), recordedAt: d.recordedAt }) },
  );
  const draft = autosave.draft;

  const set = (key: keyof Draft, value: string) => autosave.set((d) => ({ ...d, [key]: value }));
  const text = (key: keyof Draft) => ({ value: draft[key], onChange: (value: string) => set(key, value) });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void autosave.flush();
  };

  const l = asset.loudness;
  const format = fileFormat(asset.codec, asset.format);
  return (
    <aside className="card detail" aria-label={asset.title} data-testid="asset-detail">
      <div className="row detail-head">
        <h2>{asset.title}</h2>
        <button type="button" className="btn" onClick={onClose} aria-label={t('library.detail.close')}>
          ✕
        </button>
        {/* The asset's actions first: on a laptop's screen the form and the facts run below the fold. */}
        <div className="row wrap detail-actions">
          {!asset.deletedAt && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="open-editor"
              onClick={() => (location.hash = `editor/${asset.id}`)}
            >
              ✂ {t('library.detail.edit')}
            </button>
          )}
          <AssetTrashActions asset={asset} />
        </div>
      </div>
      {asset.warning && <div className="banner banner-warning">{asset.warning}</div>}
      <WaveformPreview assetId={asset.id} />

      <form className="form-grid" onSubmit={save} onBlur={() => void autosave.flush()}>
        <TextField label={t('library.detail.title')} {...text('title')} required />
        <label>
          {t('library.detail.language')}
          <select className="input" value={draft.language} onChange={(e) => set('language', e.target.value)}>
            {languages.map((x) => (
              <option key={x.code} value={x.code}>
                {x[lang]}
              </option>
            ))}
          </select>
        </label>
        <TextField label={t('library.detail.reporter')} {...text('reporter')} />
        <TextField label={t('library.detail.subject')} {...text('subject')} />
        <DateField label={t('library.detail.recordedAt')} testId="detail-recorded" {...text('recordedAt')} />
        <TextField label={t('library.detail.tags')} {...text('tags')} />
        <label className="wide">
          {t('library.detail.notes')}
          <textarea
            className="input"
            rows={3}
            value={draft.notes}
            onChange={(e) => set('notes', e.target.value)}
          />
        </label>
        <div className="row wrap wide">
          <button type="submit" className="btn btn-primary">
            {t('library.detail.save')}
          </button>
          <SaveStatus autosave={autosave} savedText={t('library.detail.saved')} />
        </div>
      </form>

      <h3>{t('library.detail.facts')}</h3>
      <dl className="facts">
        <dt>{t('library.detail.format')}</dt>
        <dd title={`${asset.codec} (${asset.format})`}>
          {t('library.detail.formatValue', {
            name: format.name,
            compression: t(`formats.compression.${format.compression}`),
          })}
        </dd>
        <dt>{t('library.detail.sampleRate')}</dt>
        <dd>{asset.sampleRate.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} Hz</dd>
        <dt>{t('library.detail.channels')}</dt>
        <dd>{asset.channels}</dd>
        <dt>
          <Term term="loudness" />
        </dt>
        <dd>
          {l.integratedLufs === null
            ? t('library.detail.noLoudness')
            : `${formatNumber(l.integratedLufs, 1, lang)} LUFS`}
        </dd>
        <dt>
          <Term term="range" />
        </dt>
        <dd>{l.lraLu === null ? '—' : `${formatNumber(l.lraLu, 1, lang)} LU`}</dd>
        <dt>
          <Term term="samplePeak" />
        </dt>
        <dd>{l.peakDbfs === null ? '—' : `${formatNumber(l.peakDbfs, 1, lang)} dBFS`}</dd>
        <dt>{t('library.detail.original')}</dt>
        <dd>{asset.originalName}</dd>
        <dt>{t('library.detail.importedAt')}</dt>
        <dd>{formatDateTime(asset.importedAt, lang)}</dd>
      </dl>
    </aside>
  );
}
