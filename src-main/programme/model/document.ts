/**
 * A programme document as plain data: a new one, its tracks and items, and the order of the
 * rundown. Pure functions; nothing here rounds (positions are whole samples).
 */
import {
  DEFAULT_DUCKING,
  type ProgrammeDocument,
  type ProgrammeItem,
  type ProgrammeMetadata,
  type ProgrammeTrack,
  type ProgrammeTrackKind,
} from '../../contract';

export const DEFAULT_TITLE = 'Chương trình mới';

export function defaultMetadata(): ProgrammeMetadata {
  return {
    title: DEFAULT_TITLE,
    date: null,
    subject: '',
    priority: 'normal',
    communes: [],
    slots: [],
    authors: [],
    summary: '',
    targetSamples: null,
    loudness: 'broadcast',
    languages: ['vie'],
  };
}

/** Track names as the workspace shows them by default. */
export const TRACK_NAMES: Record<ProgrammeTrackKind, string> = {
  voice: 'Giọng đọc',
  bed: 'Nhạc nền',
  jingle: 'Nhạc hiệu, hiệu ứng',
};

/** Gives out the next id of the document (`t4`, `i12`…); mutates `doc.nextId`. */
export function takeId(doc: ProgrammeDocument, prefix: 't' | 'i'): string {
  const id = `${prefix}${doc.nextId}`;
  doc.nextId += 1;
  return id;
}

/** A new programme: one voice track, the music bed and the jingle track, no items. */
export function emptyProgramme(metadata: Partial<ProgrammeMetadata> = {}): ProgrammeDocument {
  const doc: ProgrammeDocument = {
    metadata: { ...defaultMetadata(), ...metadata },
    ducking: { ...DEFAULT_DUCKING },
    tracks: [],
    items: [],
    nextId: 1,
  };
  for (const kind of ['voice', 'bed', 'jingle'] as const) {
    doc.tracks.push({ id: takeId(doc, 't'), kind, name: TRACK_NAMES[kind], gainDb: 0, muted: false });
  }
  return doc;
}

export function itemLength(item: Pick<ProgrammeItem, 'sourceStart' | 'sourceEnd'>): number {
  return item.sourceEnd - item.sourceStart;
}

export function itemEnd(item: ProgrammeItem): number {
  return item.start + itemLength(item);
}

export function trackOf(doc: ProgrammeDocument, trackId: string): ProgrammeTrack | undefined {
  return doc.tracks.find((t) => t.id === trackId);
}

export function findItem(doc: ProgrammeDocument, itemId: string): ProgrammeItem | undefined {
  return doc.items.find((i) => i.id === itemId);
}

const idNumber = (id: string) => Number(id.slice(1));

/** The rundown: items by start, then by track order, then in the order they were added. */
export function rundownOrder(doc: ProgrammeDocument): ProgrammeItem[] {
  const trackIndex = new Map(doc.tracks.map((t, i) => [t.id, i]));
  return [...doc.items].sort(
    (a, b) =>
      a.start - b.start ||
      (trackIndex.get(a.trackId) ?? 0) - (trackIndex.get(b.trackId) ?? 0) ||
      idNumber(a.id) - idNumber(b.id),
  );
}

/** Each track's items in time order. */
export function itemsByTrack(doc: ProgrammeDocument): Map<string, ProgrammeItem[]> {
  const out = new Map<string, ProgrammeItem[]>(doc.tracks.map((t) => [t.id, []]));
  for (const item of rundownOrder(doc)) out.get(item.trackId)?.push(item);
  return out;
}

/** End of the last item: the programme's length in samples. */
export function programmeLength(doc: ProgrammeDocument): number {
  let n = 0;
  for (const item of doc.items) n = Math.max(n, itemEnd(item));
  return n;
}

/** How much each item overlaps the item before it on its track (the crossfade that plays). */
export function crossfadesIn(doc: ProgrammeDocument): Map<string, number> {
  const out = new Map<string, number>();
  for (const items of itemsByTrack(doc).values()) {
    let prev: ProgrammeItem | null = null;
    for (const item of items) {
      out.set(item.id, prev ? Math.max(0, Math.min(itemEnd(prev) - item.start, itemLength(item))) : 0);
      prev = item;
    }
  }
  return out;
}
