/**
 * A programme change request made ready to apply: the sources it names are described (their length,
 * title, language, segment type) and its trims and track kinds checked, so that `applyChange`
 * works without the outside world.
 */
import { EDIT_SAMPLE_RATE, StudioError, type ProgrammeDocument, type ProgrammeOpRequest } from '../contract';
import {
  checkTrackKind,
  findItem,
  itemEnd,
  itemLength,
  itemNotFound,
  trackOf,
  type ItemFields,
  type ProgrammeChange,
} from './model';
import type { ProgrammeSources } from './sources';

/** Turns a request into a change that applies without the outside world (sources described). */
export async function resolveChange(
  sources: ProgrammeSources,
  doc: ProgrammeDocument,
  op: ProgrammeOpRequest,
): Promise<ProgrammeChange> {
  switch (op.type) {
    case 'add': {
      const input = op.item;
      const track = trackOf(doc, input.trackId);
      const desc = input.source ? await sources.describe(input.source) : null;
      if (!desc && input.sourceEnd === undefined) {
        throw new StudioError(
          'INVALID_REQUEST',
          'Ô trống (mục chưa có âm thanh) cần độ dài dự kiến: hãy gửi sourceEnd (số mẫu ở 48 kHz).',
        );
      }
      const sourceStart = desc ? (input.sourceStart ?? 0) : 0;
      const sourceEnd = input.sourceEnd ?? (desc as { frames: number }).frames;
      if (desc) checkTrim(sourceStart, sourceEnd, desc.frames, input.title ?? desc.title);
      if (desc && track) checkTrackKind(track, desc.segmentType, input.title ?? desc.title);
      const crossfade = input.crossfade ?? 0;
      const trackEnd = Math.max(
        0,
        ...doc.items.filter((i) => i.trackId === input.trackId).map((i) => itemEnd(i)),
      );
      const item: ItemFields = {
        trackId: input.trackId,
        title: input.title ?? desc?.title ?? 'Ô trống',
        source: input.source,
        start: input.start ?? Math.max(0, trackEnd - crossfade),
        sourceStart,
        sourceEnd,
        gainDb: input.gainDb ?? 0,
        fadeIn: input.fadeIn ?? 0,
        fadeOut: input.fadeOut ?? 0,
        fadeCurve: input.fadeCurve ?? 'scurve',
        crossfade,
        language:
          track?.kind === 'voice'
            ? (input.language ?? desc?.language ?? doc.metadata.languages[0] ?? 'vie')
            : null,
        versionOf: input.versionOf ?? null,
        duck: input.duck ?? null,
      };
      return { type: 'add', item, ripple: op.ripple ?? false };
    }
    case 'update': {
      const item = findItem(doc, op.itemId);
      if (!item) throw itemNotFound(op.itemId);
      const patch: Partial<ItemFields> = { ...op.patch };
      const newSource = op.patch.source;
      const track = trackOf(doc, patch.trackId ?? item.trackId);
      if (newSource !== undefined && newSource !== null) {
        const desc = await sources.describe(newSource);
        patch.sourceStart = op.patch.sourceStart ?? 0;
        patch.sourceEnd = op.patch.sourceEnd ?? desc.frames;
        checkTrim(patch.sourceStart, patch.sourceEnd, desc.frames, op.patch.title ?? item.title);
        if (!item.title.trim() && op.patch.title === undefined) patch.title = desc.title;
        if (track) checkTrackKind(track, desc.segmentType, op.patch.title ?? desc.title);
      } else if (newSource === null) {
        patch.sourceStart = 0;
        patch.sourceEnd = op.patch.sourceEnd ?? itemLength(item);
      } else if (item.source && (op.patch.sourceStart !== undefined || op.patch.sourceEnd !== undefined)) {
        const desc = await sources.describe(item.source);
        checkTrim(
          op.patch.sourceStart ?? item.sourceStart,
          op.patch.sourceEnd ?? item.sourceEnd,
          desc.frames,
          op.patch.title ?? item.title,
        );
      }
      if (
        newSource === undefined &&
        track &&
        track.id !== item.trackId &&
        item.source?.kind === 'edit' &&
        item.source.segmentId !== null
      ) {
        // Moved to another track. A segment that is gone is a problem of its own, not of the move.
        const desc = await sources.describe(item.source).catch(() => null);
        if (desc) checkTrackKind(track, desc.segmentType, item.title);
      }
      // Onto a voice track without a language: the programme's first language.
      if (track?.kind === 'voice' && !(patch.language ?? item.language))
        patch.language = doc.metadata.languages[0] ?? 'vie';
      return { type: 'update', itemId: op.itemId, patch, ripple: op.ripple ?? false };
    }
    case 'remove':
      return { type: 'remove', itemId: op.itemId, ripple: op.ripple ?? false };
    case 'reorder':
    case 'addTrack':
    case 'updateTrack':
    case 'removeTrack':
      return op;
  }
}

function checkTrim(start: number, end: number, frames: number, title: string): void {
  if (start < end && end <= frames) return;
  const sec = (n: number) => (n / EDIT_SAMPLE_RATE).toFixed(3).replace('.', ',');
  throw new StudioError(
    'PROGRAMME_RANGE',
    `Điểm cắt của "${title}" (${sec(start)}–${sec(end)} giây) nằm ngoài âm thanh nguồn dài ${sec(frames)} giây. ` +
      'Hãy chọn điểm đầu trước điểm cuối, và trong độ dài của nguồn.',
    { sourceStart: start, sourceEnd: end, frames },
  );
}
