import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguages } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { AssetDetail } from './AssetDetail';
import { AssetTable } from './AssetTable';
import { ImportPanel } from './ImportPanel';
import { NO_FILTERS, useLibraryList, type LibraryFilters } from './useLibraryList';
import { useImport } from './useImport';

/** Audio and video the library accepts from the picker (drops are not filtered: main judges). */
const ACCEPT = 'audio/*,video/mp4,video/x-matroska,.wav,.mp3,.m4a,.aac,.ogg,.opus,.flac,.wma,.amr,.mp4,.mkv';

export function LibraryScreen() {
  const { t } = useTranslation();
  const stationList = useLanguages();
  const { settings } = useStudio();
  const lang = settings.uiLanguage;
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

  const set = (key: keyof LibraryFilters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    importer.start([...e.dataTransfer.files], filters.language || 'vie');
  };

  const items = list.data?.items ?? [];
  const asset = items.find((a) => a.id === selected) ?? null;
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

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
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => picker.current?.click()}
          title="Ctrl+O"
        >
          {t('library.import')}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          data-testid="import-input"
          onChange={(e) => {
            importer.start([...(e.target.files ?? [])], filters.language || 'vie');
            e.target.value = '';
          }}
        />
      </header>

      {dragging && <div className="drop-hint">{t('library.dropHere')}</div>}
      <ImportPanel state={importer} />

      <div className="filters" role="search">
        <input
          ref={search}
          className="input grow"
          type="search"
          placeholder={t('library.search')}
          aria-label={t('library.search')}
          title="Ctrl+F"
          {...{ value: filters.text, onChange: set('text') }}
        />
        <select
          className="input"
          aria-label={t('library.column.language')}
          value={filters.language}
          onChange={set('language')}
        >
          <option value="">{t('library.allLanguages')}</option>
          {stationList.map((l) => (
            <option key={l.code} value={l.code}>
              {l[lang]}
            </option>
          ))}
        </select>
        <input
          className="input"
          placeholder={t('library.reporter')}
          aria-label={t('library.reporter')}
          value={filters.reporter}
          onChange={set('reporter')}
        />
        <input
          className="input"
          placeholder={t('library.subject')}
          aria-label={t('library.subject')}
          value={filters.subject}
          onChange={set('subject')}
        />
        <input
          className="input short"
          placeholder={t('library.tag')}
          aria-label={t('library.tag')}
          value={filters.tag}
          onChange={set('tag')}
        />
        <label className="inline">
          {t('library.from')}
          <input className="input" type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label className="inline">
          {t('library.to')}
          <input className="input" type="date" value={filters.to} onChange={set('to')} />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={filters.onlyDeleted}
            onChange={(e) => setFilters((f) => ({ ...f, onlyDeleted: e.target.checked }))}
          />
          {t('library.trash')}
        </label>
      </div>

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
              <div className="empty">{filtered ? t('library.noMatch') : t('library.empty')}</div>
            )
          )}
        </div>
        {asset && <AssetDetail asset={asset} lang={lang} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}
