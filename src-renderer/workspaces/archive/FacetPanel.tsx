import { useTranslation } from 'react-i18next';
import type { ArchiveFacets, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { DateField } from '../../ui/DateField';
import { formatNumber } from '../../ui/format';
import {
  type ArchiveFilters,
  facetValues,
  LENGTHS,
  type LengthChoice,
  LIST_FACETS,
  type ListFacet,
  NO_FILTERS,
  isFiltered,
  toggled,
} from './archive-filters';

/** Long lists (reporters, communes) show this many values until "more" is asked. */
const SHORT_LIST = 8;

/**
 * The filters beside the hits: each facet's values ticked on and off, with how many of the
 * matching records carry each (main's facet counts); the dates, the length; and a way back to none.
 */
export function FacetPanel({
  filters,
  facets,
  lang,
  onChange,
  expanded,
  onExpand,
}: {
  filters: ArchiveFilters;
  facets: ArchiveFacets | null;
  lang: UiLanguage;
  onChange(f: ArchiveFilters): void;
  expanded: ReadonlySet<ListFacet>;
  onExpand(facet: ListFacet): void;
}) {
  const { t } = useTranslation();
  const name = (facet: ListFacet, value: string): string => {
    if (facet === 'language') return languageName(value, lang);
    if (facet === 'kind' || facet === 'priority')
      return t(`archive.${facet}.${value}`, { defaultValue: value });
    return value;
  };
  const years = Object.entries(facets?.year ?? {}).sort((a, b) => b[0].localeCompare(a[0]));
  const setYear = (year: string) => onChange({ ...filters, from: `${year}-01-01`, to: `${year}-12-31` });

  return (
    <aside
      className="card archive-facets"
      aria-label={t('archive.filters.title')}
      data-testid="archive-facets"
    >
      <div className="row spread">
        <h2>{t('archive.filters.title')}</h2>
        {isFiltered(filters) && (
          <button
            type="button"
            className="btn small-btn"
            data-testid="archive-clear-filters"
            onClick={() => onChange({ ...NO_FILTERS, text: filters.text, sort: filters.sort })}
          >
            {t('archive.filters.clear')}
          </button>
        )}
      </div>
      <fieldset className="archive-facet">
        <legend>{t('archive.filters.dates')}</legend>
        <DateField
          label={t('archive.filters.from')}
          labelClassName="inline"
          value={filters.from}
          onChange={(from) => onChange({ ...filters, from })}
          testId="archive-from"
        />
        <DateField
          label={t('archive.filters.to')}
          labelClassName="inline"
          value={filters.to}
          onChange={(to) => onChange({ ...filters, to })}
          testId="archive-to"
        />
        {years.length > 0 && (
          <div className="row wrap archive-years" aria-label={t('archive.filters.years')}>
            {years.map(([year, count]) => (
              <button
                key={year}
                type="button"
                className={
                  filters.from === `${year}-01-01` && filters.to === `${year}-12-31` ? 'chip active' : 'chip'
                }
                onClick={() => setYear(year)}
              >
                {year} <span className="facet-count">{formatNumber(count, 0, lang)}</span>
              </button>
            ))}
          </div>
        )}
      </fieldset>
      <label className="archive-facet">
        {t('archive.filters.length')}
        <select
          className="input"
          value={filters.length}
          data-testid="archive-length"
          onChange={(e) => onChange({ ...filters, length: e.target.value as LengthChoice })}
        >
          {(Object.keys(LENGTHS) as LengthChoice[]).map((l) => (
            <option key={l} value={l}>
              {t(`archive.length.${l}`)}
            </option>
          ))}
        </select>
      </label>
      {LIST_FACETS.map((facet) => {
        const values = facetValues(facets?.[facet], filters.ticks[facet]);
        if (values.length === 0) return null;
        const shown = expanded.has(facet) ? values : values.slice(0, SHORT_LIST);
        return (
          <fieldset key={facet} className="archive-facet" data-testid={`facet-${facet}`}>
            <legend>{t(`archive.facet.${facet}`)}</legend>
            {shown.map(([value, count]) => (
              <label key={value} className="facet-value">
                <input
                  type="checkbox"
                  checked={filters.ticks[facet].includes(value)}
                  onChange={() => onChange(toggled(filters, facet, value))}
                />
                <span className="facet-name">{name(facet, value)}</span>
                <span className="facet-count">{formatNumber(count, 0, lang)}</span>
              </label>
            ))}
            {shown.length < values.length && (
              <button type="button" className="link-btn small" onClick={() => onExpand(facet)}>
                {t('archive.filters.more', { count: values.length - shown.length })}
              </button>
            )}
          </fieldset>
        );
      })}
    </aside>
  );
}
