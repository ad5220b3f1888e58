import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NO_SPEECH } from '../../../src-main/contract/languages';
import { languageName, useLanguages } from '../../i18n/languages';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { DateField } from '../../ui/DateField';
import { TextField } from '../../ui/TextField';
import { AssetDetail } from './AssetDetail';
import { AssetTable } from './AssetTable';
import { ImportPanel } from './ImportPanel';
import { NO_FILTERS, useLibraryList, type LibraryFilters } from './useLibraryList';
import { useImport } from './useImport';

/** Audio and video the library accepts from the picker (drops are not filtered: main judges). */
const ACCEPT = 'audio/*,video/mp4,video/x-matroska,.wav,.mp3,.m4a,.aac,.ogg,.opus,.flac,.wma,.amr,.mp4,.mkv';

/** The bar has no room for labels: each text filter is named by its placeholder (and aria-label). */
const TEXT_FILTERS: ReadonlyArray<{ key: 'reporter' | 'subject' | 'tag'; className?: string }> = [
  { key: 'reporter' },
  { key: 'subject' },
  { key: 'tag', className: 'short' },
];
const DATE_FILTERS = ['from', 'to'] as const;

export function LibraryScreen() {
  const { t } = useTranslation();
  const stationList = useLanguages();
  const { settings } = useStudio();
  const lang = settings.uiLanguage;
  const canImport = useMay()('library.write');
  const [filters, setFilters] = useState<LibraryFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const list = useLibraryList(filters);
  const importer = useImport();
  const picker = useRef<HTMLInputElement>(null);
  const search = useRef<HTMLInputElement>(null);

  // Ctrl+F searches the library, Ctrl+O opens the file picker.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey || e.altKey) return;
      if (e.key === 'f') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'o') {
        e.preventDefault();
        picker.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const set = (key: keyof LibraryFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    importer.start([...e.dataTransfer.files], filters.language || undefined);
  };

  const items = list.data?.items ?? [];
  const asset = items.find((a) => a.id === selected) ?? null;
  // The trash is a view, not a filter: an empty trash is not "nothing matches".
  const filtered = JSON.stringify({ ...filters, onlyDeleted: false }) !== JSON.stringify(NO_FILTERS);

  return (
    <section
      className={dragging ? 'screen dropping' : 'screen'}
      aria-labelledby="library-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={onDrop}
    >
      <header className="screen-head">
        <div>
          <h1 id="library-title">{t('library.title')}</h1>
          <p className="muted">{t('library.intro')}</p>
        </div>
        <div className="row">
          <button
            type="button"
            className={filters.onlyDeleted ? 'btn btn-pressed' : 'btn'}
            aria-pressed={filters.onlyDeleted}
            data-testid="library-trash-toggle"
            onClick={() => {
              setSelected(null);
              setFilters((f) => ({ ...f, onlyDeleted: !f.onlyDeleted }));
            }}
          >
            🗑 {t('trash.title')}
          </button>
          {canImport && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => picker.current?.click()}
              title="Ctrl+O"
            >
              {t('library.import')}
            </button>
          )}
        </div>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          data-testid="import-input"
          onChange={(e) => {
            importer.start([...(e.target.files ?? [])], filters.language || undefined);
            e.target.value = '';
          }}
        />
      </header>

      {dragging && <div className="drop-hint">{t('library.dropHere')}</div>}
      <ImportPanel state={importer} />

      <div className="filters" role="search">
        <TextField
          ref={search}
          hideLabel
          label={t('library.search')}
          placeholder={t('library.search')}
          className="grow"
          type="search"
          title="Ctrl+F"
          value={filters.text}
          onChange={set('text')}
        />
        <select
          className="input"
          aria-label={t('library.column.language')}
          value={filters.language}
          onChange={(e) => set('language')(e.target.value)}
        >
          <option value="">{t('library.allLanguages')}</option>
          {stationList.map((l) => (
            <option key={l.code} value={l.code}>
              {l[lang]}
            </option>
          ))}
          <option value={NO_SPEECH}>{languageName(NO_SPEECH, lang)}</option>
        </select>
        {TEXT_FILTERS.map(({ key, className }) => (
          <TextField
            key={key}
            hideLabel
            label={t(`library.${key}`)}
            placeholder={t(`library.${key}`)}
            className={className}
            value={filters[key]}
            onChange={set(key)}
          />
        ))}
        {DATE_FILTERS.map((key) => (
          <DateField
            key={key}
            label={t(`library.${key}`)}
            labelClassName="inline"
            value={filters[key]}
            onChange={set(key)}
            testId={`filter-${key}`}
          />
        ))}
      </div>

      {filters.onlyDeleted && (
        <div className="banner banner-info row spread trash-banner" data-testid="library-trash-banner">
          <span>{t('trash.libraryIntro')}</span>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setSelected(null);
              setFilters((f) => ({ ...f, onlyDeleted: false }));
            }}
          >
            {t('trash.backToLibrary')}
          </button>
        </div>
      )}
      <ErrorMessage error={list.error} />
      <div className={asset ? 'split' : undefined}>
        <div>
          <p className="muted small">{t('library.count', { count: list.data?.total ?? 0 })}</p>
          {items.length > 0 ? (
            <div className="table-wrap">
              <AssetTable items={items} selected={selected} onSelect={setSelected} lang={lang} />
            </div>
          ) : (
            !list.loading && (
              <div className="empty">
                {filters.onlyDeleted && !filtered
                  ? t('trash.libraryEmpty')
                  : filtered
                    ? t('library.noMatch')
                    : t('library.empty')}
              </div>
            )
          )}
        </div>
        {asset && (
          // One per asset: choosing another row closes this one, which saves what was typed in it.
          <AssetDetail key={asset.id} asset={asset} lang={lang} onClose={() => setSelected(null)} />
        )}
      </div>
    </section>
  );
}
