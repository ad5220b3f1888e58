/**
 * What the archive keeps of each owner's record: an asset of the library, a programme, and each
 * voice item of a programme as a `segment` (its language, its source's title, where it sits in the
 * programme, so that a hit opens at it). Plain functions of the owners' records: the same records
 * always make the same archive records, so a rebuild finds the same ids.
 */
import { NO_SPEECH, type ArchiveRecord, type Asset, type ProgrammeState } from '../contract';

const SAMPLE_RATE = 48_000;

/** Where a record aired, from the broadcast log: days `YYYY-MM-DD` and station codes. */
export interface Airings {
  days: string[];
  stations: string[];
}

export const NEVER_AIRED: Airings = { days: [], stations: [] };

export function assetRecordId(assetId: string): string {
  return `asset:${assetId}`;
}

export function programmeRecordId(programmeId: string): string {
  return `programme:${programmeId}`;
}

export function segmentRecordId(programmeId: string, itemId: string): string {
  return `segment:${programmeId}/${itemId}`;
}

const present = (values: ReadonlyArray<string | null | undefined>): string[] => [
  ...new Set(values.map((v) => (v ?? '').trim()).filter((v) => v !== '')),
];

const spoken = (codes: ReadonlyArray<string | null | undefined>): string[] =>
  present(codes).filter((c) => c !== NO_SPEECH);

export function assetRecord(asset: Asset, aired: Airings = NEVER_AIRED): ArchiveRecord {
  return {
    id: assetRecordId(asset.id),
    kind: 'asset',
    sourceId: asset.id,
    title: asset.title,
    summary: asset.notes,
    text: asset.originalName,
    languages: spoken([asset.language]),
    reporters: present([asset.reporter]),
    subjects: present([asset.subject]),
    tags: present(asset.tags),
    priority: null,
    madeAt: asset.recordedAt ?? asset.importedAt,
    approvedAt: null,
    airedOn: [...aired.days].sort(),
    stations: [...aired.stations].sort(),
    lengthSec: asset.durationSec,
    startSec: 0,
    endSec: asset.durationSec,
    updatedAt: asset.updatedAt,
  };
}

/** The last time it was approved (the approval of the master that airs), or null. */
function approvedAt(p: ProgrammeState): string | null {
  const steps = p.approval.history.filter((s) => s.state === 'approved');
  return steps[steps.length - 1]?.at ?? null;
}

/**
 * A programme and its voice items. `reporterOf` names who made an item's asset (the library's
 * reporter), so a reporter's segment is found by their name inside someone else's programme.
 */
export function programmeRecords(
  p: ProgrammeState,
  aired: Airings = NEVER_AIRED,
  reporterOf: (assetId: string) => string | null = () => null,
): ArchiveRecord[] {
  const m = p.metadata;
  const voice = p.items.filter((i) => i.trackKind === 'voice' && i.source !== null);
  const madeAt = m.date ?? p.createdAt;
  const common = {
    sourceId: p.id,
    subjects: present([m.subject]),
    priority: m.priority,
    madeAt,
    approvedAt: approvedAt(p),
    airedOn: [...aired.days].sort(),
    stations: [...aired.stations].sort(),
    updatedAt: p.updatedAt,
  };
  const itemReporter = (i: (typeof voice)[number]) =>
    i.source?.kind === 'asset' ? reporterOf(i.source.assetId) : null;
  const programme: ArchiveRecord = {
    ...common,
    id: programmeRecordId(p.id),
    kind: 'programme',
    title: m.title,
    summary: m.summary,
    // The rundown's titles, so that a programme is found by what it carries.
    text: voice.map((i) => [i.title, i.sourceTitle].filter((t) => t && t !== i.title).join(' ')).join('\n'),
    languages: spoken([...m.languages, ...voice.map((i) => i.language)]),
    reporters: present([...m.authors, ...voice.map(itemReporter)]),
    lengthSec: p.analysis.durationSec,
    startSec: 0,
    endSec: p.analysis.durationSec,
  };
  const segments = voice.map((i): ArchiveRecord => ({
    ...common,
    id: segmentRecordId(p.id, i.id),
    kind: 'segment',
    title: i.title,
    summary: m.title,
    text: i.sourceTitle && i.sourceTitle !== i.title ? i.sourceTitle : '',
    languages: spoken([i.language ?? m.languages[0]]),
    reporters: present([itemReporter(i), ...m.authors]),
    lengthSec: i.length / SAMPLE_RATE,
    startSec: i.start / SAMPLE_RATE,
    endSec: i.end / SAMPLE_RATE,
  }));
  return [programme, ...segments];
}
