/**
 * What a render of a programme depends on, as one SHA-256: the parts of the document that decide
 * its audio and its report (the loudness preset, the ducking, the unmuted tracks and their items,
 * each item's language for the airtime per language), and the audio each item's source plays. A
 * render records the key of what it rendered; when the programme's key is no longer the same, the
 * render is out of date. The title, the date, notes and the like do not change the audio and do
 * not make a render old; an undo back to what was rendered makes it current again.
 */
import { createHash } from 'node:crypto';
import type { ProgrammeDocument } from '../../contract';
import { RENDER_VERSION } from '../../audio';
import type { SourceInfoMap } from '../model';

/** Bump when the mixer changes what a programme sounds like: cached loudness plans stop matching. */
export const PROGRAMME_RENDER_VERSION = 1;

export function documentKey(doc: ProgrammeDocument, sources: SourceInfoMap): string {
  const tracks = doc.tracks.filter((t) => !t.muted);
  const audible = new Set(tracks.map((t) => t.id));
  const items = doc.items
    .filter((i) => audible.has(i.trackId))
    // Not the item's id, title or "version of": they change nothing the render makes.
    .map(({ id, title: _title, versionOf: _versionOf, ...item }) =>
      JSON.stringify({ ...item, audio: item.source ? (sources.get(id)?.audio ?? null) : null }),
    )
    // The document keeps its items in no particular order.
    .sort();
  return createHash('sha256')
    .update(
      JSON.stringify({
        v: [PROGRAMME_RENDER_VERSION, RENDER_VERSION],
        loudness: doc.metadata.loudness,
        ducking: doc.ducking,
        tracks: tracks.map((t) => [t.id, t.kind, t.gainDb]),
        items,
      }),
    )
    .digest('hex');
}
