import type { ArchiveHit, ArchiveSearchQuery, ArchiveSort } from '../../../src-main/contract';

/** The facets the side panel lists as ticks, in its order (each a list filter of the query). */
export const LIST_FACETS = ['kind', 'language', 'subject', 'reporter', 'station', 'priority'] as const;
export type ListFacet = (typeof LIST_FACETS)[number];

/** Lengths offered as ranges of minutes: staff think "a short news item", not seconds. */
export const LENGTHS = {
  any: {},
  under1: { maxLengthSec: 60 },
  '1to5': { minLengthSec: 60, maxLengthSec: 300 },
  '5to15': { minLengthSec: 300, maxLengthSec: 900 },
  over15: { minLengthSec: 900 },
} as const satisfies Record<string, Pick<ArchiveSearchQuery, 'minLengthSec' | 'maxLengthSec'>>;
export type LengthChoice = keyof typeof LENGTHS;

export const SORTS: readonly ArchiveSort[] = ['relevance', 'newest', 'oldest', 'longest', 'shortest'];

/** What the search tab's controls hold; `toQuery` turns it into the call's request. */
export interface ArchiveFilters {
  text: string;
  ticks: Record<ListFacet, string[]>;
  from: string;
  to: string;
  length: LengthChoice;
  sort: ArchiveSort;
}

export const NO_FILTERS: ArchiveFilters = {
  text: '',
  ticks: { kind: [], language: [], subject: [], reporter: [], station: [], priority: [] },
  from: '',
  to: '',
  length: 'any',
  sort: 'relevance',
};

/** How many hits a search brings back at once: more than anyone reads, few enough to send fast. */
export const PAGE = 100;

export function toQuery(f: ArchiveFilters): ArchiveSearchQuery {
  const query: ArchiveSearchQuery = { text: f.text.trim(), sort: f.sort, limit: PAGE, ...LENGTHS[f.length] };
  for (const facet of LIST_FACETS) {
    const ticked = f.ticks[facet];
    if (ticked.length > 0) Object.assign(query, { [facet]: ticked });
  }
  if (f.from) query.from = f.from;
  if (f.to) query.to = f.to;
  return query;
}

/** Ticks or unticks one value of a facet. */
export function toggled(f: ArchiveFilters, facet: ListFacet, value: string): ArchiveFilters {
  const list = f.ticks[facet];
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return { ...f, ticks: { ...f.ticks, [facet]: next } };
}

export function isFiltered(f: ArchiveFilters): boolean {
  return (
    f.from !== '' ||
    f.to !== '' ||
    f.length !== 'any' ||
    LIST_FACETS.some((facet) => f.ticks[facet].length > 0)
  );
}

/**
 * A facet's values as the panel lists them: the counts main sent, most first, and any ticked value
 * main no longer counts (0), so that a tick can always be taken off.
 */
export function facetValues(
  counts: Record<string, number> | undefined,
  ticked: string[],
): Array<[string, number]> {
  const rows = Object.entries(counts ?? {}).filter(([value]) => value !== '');
  for (const value of ticked) if (!rows.some(([v]) => v === value)) rows.push([value, 0]);
  return rows.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi'));
}

/** The programme a programme or segment hit belongs to (`segment:<programmeId>/<itemId>`). */
export function programmeIdOf(hit: Pick<ArchiveHit, 'id' | 'kind' | 'sourceId'>): string | null {
  if (hit.kind === 'programme') return hit.sourceId;
  if (hit.kind !== 'segment') return null;
  const fromId = /^segment:([^/]+)\//.exec(hit.id)?.[1];
  return fromId ?? hit.sourceId.split('/')[0] ?? null;
}

/** Where "open" takes a hit: its programme in the programme workspace, an asset in the editor. */
export function openTarget(hit: Pick<ArchiveHit, 'id' | 'kind' | 'sourceId'>): string | null {
  if (hit.kind === 'asset') return `editor/${hit.sourceId}`;
  const programme = programmeIdOf(hit);
  return programme ? `programme/${programme}` : null;
}
