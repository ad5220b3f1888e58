/**
 * The archive's full-text index (store/text-search.ts) and what of a record goes into it: its words
 * (title first, then people and subjects, then the summary, tags and text) and the facets the
 * search filters on (kind, language, subject, reporter, station, priority, and the record's days).
 *
 * Written in the transaction that writes the record (archive-repository.ts). The index is derived:
 * the repository rebuilds it from the records, and the records from their owners, when it is lost.
 */
import type { ArchiveRecord } from '../contract';
import { calendarDay } from '../media/asset-search';
import { TextIndex, type Sql } from '../store';

export const archiveSearch = new TextIndex({
  name: 'archive_search',
  fields: [
    { name: 'title', weight: 4 },
    { name: 'people', weight: 2 },
    { name: 'subject', weight: 2 },
    { name: 'summary', weight: 1.5 },
    { name: 'tags', weight: 1.5 },
    { name: 'body' },
  ],
  facets: [
    { name: 'kind', kind: 'value' },
    { name: 'language', kind: 'value' },
    { name: 'subject', kind: 'value' },
    { name: 'reporter', kind: 'value' },
    { name: 'station', kind: 'value' },
    { name: 'priority', kind: 'value' },
    { name: 'day', kind: 'day' },
  ],
});

/** The record's date as a hit shows it: the first day it aired, else the day it was made. */
export function recordDay(r: ArchiveRecord): string {
  const aired = [...r.airedOn].sort()[0];
  return aired ?? calendarDay(r.madeAt);
}

/**
 * The days a date filter matches a record on: every day it aired, else the day it was made ("what
 * aired in March" finds a programme aired on the 2nd and the 30th).
 */
export function recordDays(r: ArchiveRecord): string[] {
  const days = r.airedOn.length > 0 ? r.airedOn : [calendarDay(r.madeAt)];
  return days.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
}

export function indexRecord(sql: Sql, r: ArchiveRecord): void {
  archiveSearch.put(
    sql,
    r.id,
    {
      title: r.title,
      people: r.reporters,
      subject: r.subjects,
      summary: r.summary,
      tags: r.tags ?? [],
      body: r.text,
    },
    {
      kind: r.kind,
      language: r.languages,
      subject: r.subjects,
      reporter: r.reporters,
      station: r.stations,
      priority: r.priority,
      day: recordDays(r),
    },
  );
}
