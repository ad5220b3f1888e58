/**
 * Templates: a programme's shape ("Bản tin sáng": jingle, Vietnamese news, Tày news, music, outro,
 * 15 minutes), and a new day's programme made from it.
 */
import type { ProgrammeDocument, ProgrammeMetadata } from '../../contract';
import { itemLength } from './document';

/**
 * The shape of a programme: no date; bed and jingle items keep their audio (the station's jingle
 * and music recur every day); voice items become placeholders (ô trống) of the same length,
 * language, title, version link and ducking, unless `keepVoice`.
 */
export function templateDocument(
  doc: ProgrammeDocument,
  name: string,
  keepVoice: boolean,
): ProgrammeDocument {
  const shape = structuredClone(doc);
  shape.metadata.date = null;
  shape.metadata.title = name;
  const voice = new Set(shape.tracks.filter((t) => t.kind === 'voice').map((t) => t.id));
  if (!keepVoice) {
    for (const item of shape.items) {
      if (!voice.has(item.trackId) || item.source === null) continue;
      const length = itemLength(item);
      item.source = null;
      item.sourceStart = 0;
      item.sourceEnd = length;
    }
  }
  return shape;
}

/** `2026-11-22` → `22/11/2026`. */
export function formatDateVi(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** A new programme from a template: its shape, dated, titled "<template> ngày 22/11/2026" unless told. */
export function programmeFromTemplate(
  template: { name: string; document: ProgrammeDocument },
  metadata: Partial<ProgrammeMetadata>,
): ProgrammeDocument {
  const doc = structuredClone(template.document);
  const date = metadata.date ?? null;
  doc.metadata = {
    ...doc.metadata,
    ...metadata,
    title: metadata.title ?? (date ? `${template.name} ngày ${formatDateVi(date)}` : template.name),
    date,
  };
  return doc;
}
