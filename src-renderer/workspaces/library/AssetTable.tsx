import { useTranslation } from 'react-i18next';
import type { Asset, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { formatDate } from '../../ui/dates';
import { formatDuration, formatNumber } from '../../ui/format';
import { Term } from '../../ui/terms';

interface Props {
  items: Asset[];
  selected: string | null;
  onSelect(id: string): void;
  lang: UiLanguage;
}

export function AssetTable({ items, selected, onSelect, lang }: Props) {
  const { t } = useTranslation();
  return (
    <table className="table selectable" data-testid="asset-table">
      <thead>
        <tr>
          <th>{t('library.column.title')}</th>
          <th>{t('library.column.language')}</th>
          <th>{t('library.column.reporter')}</th>
          <th className="num">{t('library.column.duration')}</th>
          <th className="num">
            <Term term="loudness" />
          </th>
          <th>{t('library.column.date')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr
            key={a.id}
            className={a.id === selected ? 'selected' : undefined}
            aria-selected={a.id === selected}
            tabIndex={0}
            onClick={() => onSelect(a.id)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(a.id)}
            data-asset={a.id}
          >
            <td>
              <div className="asset-title">{a.title}</div>
              <div className="badges">
                {a.recovered && <span className="tag tag-warn">{t('library.recovered')}</span>}
                {a.warning && <span className="tag tag-warn">{t('library.damaged')}</span>}
                {a.deletedAt && <span className="tag">{t('library.inTrash')}</span>}
              </div>
            </td>
            <td>{languageName(a.language, lang)}</td>
            <td>{a.reporter || '—'}</td>
            <td className="num">{formatDuration(a.durationSec)}</td>
            <td className="num">
              {a.loudness.integratedLufs === null
                ? '—'
                : `${formatNumber(a.loudness.integratedLufs, 1, lang)} LUFS`}
            </td>
            <td>{formatDate(a.recordedAt ?? a.importedAt, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
