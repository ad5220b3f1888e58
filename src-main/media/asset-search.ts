/**
 * The library's full-text index (store/text-search.ts) and what of an asset goes into it: its
 * words (title first, then reporter, subject and tags, then notes and the file's original name),
 * and the facets the list filters on (language, live or in the trash, folded tags, the day).
 *
 * Written in the transaction that writes the asset (library-repository.ts), and filled for the
 * assets already there by the library's steps that created it and numbered it (library-tables.ts).
 */
import type { Asset } from '../contract';
import { foldVietnamese } from '../platform/vietnamese-fold';
import { TextIndex, type Sql } from '../store';

export const assetSearch = new TextIndex({
  name: 'asset_search',
  fields: [
    { name: 'title', weight: 4 },
    { name: 'reporter', weight: 2 },
    { name: 'subject', weight: 2 },
    { name: 'tags', weight: 2 },
    { name: 'notes' },
    { name: 'original_name' },
  ],
  facets: [
    { name: 'language', kind: 'value' },
    { name: 'state', kind: 'value' },
    { name: 'tag', kind: 'value' },
    { name: 'day', kind: 'day' },
  ],
});

/** The `state` facet of an asset in the trash (the others are `live`). */
export const TRASH = 'trash';

/**
 * Indexes (or re-indexes) an asset, in the transaction that writes it; under `number`, its place in
 * import order (library-repository.ts), so that the index lists newest first by itself.
 */
export function indexAsset(sql: Sql, asset: Asset, number?: number): void {
  const day = calendarDay(asset.recordedAt ?? asset.importedAt);
  assetSearch.put(
    sql,
    asset.id,
    {
      title: asset.title,
      reporter: asset.reporter,
      subject: asset.subject,
      tags: asset.tags,
      notes: asset.notes,
      original_name: asset.originalName,
    },
    {
      language: asset.language,
      state: asset.deletedAt ? TRASH : 'live',
      tag: asset.tags.map(foldVietnamese),
      // A date that is no day (never written by the studio) is in no date range.
      day: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
    },
    number,
  );
}

/**
 * The day a moment was on this machine's clock (`YYYY-MM-DD`), as the UI shows it: a take started
 * at 06:30 in Hà Nội (23:30 UTC the day before) is filtered under the day the table shows. A date
 * without a time is that day. It is taken when the asset is written: a station's clock keeps its
 * time zone.
 */
export function calendarDay(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}
