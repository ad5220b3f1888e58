/**
 * Changes to a programme document, as pure functions. The service first resolves what needs the
 * outside world (a source's length, title and language) into a `ProgrammeChange`; applying one
 * never asks anyone anything, and checks the rules every document keeps:
 * - an item sits on a track of the document and is at least one sample long;
 * - voice items carry a language; bed and jingle items carry none, and no version or ducking;
 * - `versionOf` names another voice item, in another language, that is not itself a version;
 * - fades fit inside the item; nothing ends past the programme's limit.
 * Overlaps are allowed while editing (they are shown as problems) and refused when rendering.
 */
import {
  PROGRAMME_MAX_SAMPLES,
  StudioError,
  type ProgrammeDocument,
  type ProgrammeItem,
  type ProgrammeTrack,
} from '../../contract';
import { formatTimecode } from '../../edit/model';
import { describeItem } from './analysis';
import { findItem, itemEnd, itemLength, rundownOrder, takeId, trackOf, TRACK_NAMES } from './document';

export type ItemFields = Omit<ProgrammeItem, 'id'>;

export type ProgrammeChange =
  | { type: 'add'; item: ItemFields; ripple: boolean }
  | { type: 'update'; itemId: string; patch: Partial<ItemFields>; ripple: boolean }
  | { type: 'remove'; itemId: string; ripple: boolean }
  | { type: 'reorder'; itemId: string; beforeItemId: string | null }
  | { type: 'addTrack'; kind: 'voice'; name?: string }
  | {
      type: 'updateTrack';
      trackId: string;
      patch: Partial<Pick<ProgrammeTrack, 'name' | 'gainDb' | 'muted'>>;
    }
  | { type: 'removeTrack'; trackId: string };

function invalid(message: string, details?: unknown): StudioError {
  return new StudioError('INVALID_REQUEST', message, details);
}

export function itemNotFound(itemId: string): StudioError {
  return new StudioError(
    'NOT_FOUND',
    `Chương trình không có mục ${itemId}. Có thể mục đã bị xoá ở cửa sổ khác; hãy tải lại chương trình.`,
    { itemId },
  );
}

function trackNotFound(trackId: string): StudioError {
  return new StudioError(
    'NOT_FOUND',
    `Chương trình không có rãnh ${trackId}. Có thể rãnh đã bị xoá ở cửa sổ khác; hãy tải lại chương trình.`,
    { trackId },
  );
}

/** Puts an item in order with the rules above; returns the item as it will be stored. */
function checkItem(doc: ProgrammeDocument, item: ProgrammeItem): ProgrammeItem {
  const track = trackOf(doc, item.trackId);
  if (!track) throw trackNotFound(item.trackId);
  const out: ProgrammeItem = { ...item, title: item.title.normalize('NFC') };
  const length = itemLength(out);
  if (length <= 0) {
    throw new StudioError(
      'PROGRAMME_RANGE',
      `Mục ${describeItem(out, track)} không còn âm thanh nào: điểm cuối phải nằm sau điểm đầu. Hãy chỉnh lại điểm cắt.`,
      { itemId: out.id },
    );
  }
  if (itemEnd(out) > PROGRAMME_MAX_SAMPLES) {
    throw new StudioError(
      'PROGRAMME_TOO_LONG',
      `Mục ${describeItem(out, track)} sẽ kết thúc ở ${formatTimecode(itemEnd(out))}, quá giới hạn 3 giờ của một chương trình. ` +
        'Hãy đặt mục ở vị trí sớm hơn, hoặc chia thành nhiều chương trình.',
      { itemId: out.id },
    );
  }
  if (out.fadeIn + out.fadeOut > length) {
    throw invalid(
      `Độ dài lên tiếng và nhỏ dần của mục ${describeItem(out, track)} (cộng lại ${formatTimecode(out.fadeIn + out.fadeOut)}) ` +
        `dài hơn chính mục (${formatTimecode(length)}). Hãy đặt ngắn lại.`,
      { itemId: out.id },
    );
  }
  if (out.crossfade >= length) {
    throw invalid(
      `Độ chuyển tiếp của mục ${describeItem(out, track)} phải ngắn hơn chính mục (${formatTimecode(length)}).`,
      { itemId: out.id },
    );
  }
  if (track.kind !== 'voice') {
    // Only spoken items carry a language, a version link and ducking.
    return { ...out, language: null, versionOf: null, duck: null };
  }
  if (!out.language) {
    throw invalid(`Mục lời ${describeItem(out, track)} cần có ngôn ngữ (mã ISO 639-3, ví dụ vie, tyz).`, {
      itemId: out.id,
    });
  }
  if (out.versionOf !== null) {
    const original = findItem(doc, out.versionOf);
    const originalTrack = original ? trackOf(doc, original.trackId) : undefined;
    if (!original || original.id === out.id || originalTrack?.kind !== 'voice') {
      throw invalid(
        `Mục ${describeItem(out, track)} chỉ có thể là bản ngôn ngữ khác của một mục lời khác trong chương trình.`,
        { itemId: out.id, versionOf: out.versionOf },
      );
    }
    if (original.versionOf !== null) {
      throw invalid(
        `Mục "${original.title}" đã là bản ngôn ngữ khác của một mục, nên không làm gốc được. ` +
          'Hãy gắn bản dịch vào mục gốc.',
        { itemId: out.id, versionOf: out.versionOf },
      );
    }
    if (original.language === out.language) {
      throw invalid(
        `Mục ${describeItem(out, track)} và mục gốc "${original.title}" cùng ngôn ngữ ${out.language}: ` +
          'bản ngôn ngữ khác phải ở ngôn ngữ khác.',
        { itemId: out.id, versionOf: out.versionOf },
      );
    }
  }
  return out;
}

/** Moves every item that starts at or after `pivot` (except `skip`) by `delta`. */
function ripple(doc: ProgrammeDocument, pivot: number, delta: number, skip: string | null): void {
  if (delta === 0) return;
  for (const item of doc.items) {
    if (item.id === skip || item.start < pivot) continue;
    item.start = Math.max(0, item.start + delta);
  }
}

/** Voice and jingle items in rundown order: what a rundown drag reorders (the bed stays). */
function sequence(doc: ProgrammeDocument): ProgrammeItem[] {
  const bed = new Set(doc.tracks.filter((t) => t.kind === 'bed').map((t) => t.id));
  return rundownOrder(doc).filter((i) => !bed.has(i.trackId));
}

function reorder(doc: ProgrammeDocument, itemId: string, beforeItemId: string | null): void {
  const seq = sequence(doc);
  const moving = seq.find((i) => i.id === itemId);
  if (!moving) {
    if (findItem(doc, itemId))
      throw invalid('Nhạc nền không nằm trong thứ tự các mục; hãy kéo nó trên dòng thời gian.');
    throw itemNotFound(itemId);
  }
  if (beforeItemId === itemId) return;
  if (beforeItemId !== null && !seq.some((i) => i.id === beforeItemId)) throw itemNotFound(beforeItemId);
  const t0 = seq[0]?.start ?? 0;
  // Each item's distance to the end of the item before it in the rundown (negative: it overlaps).
  const lead = new Map<string, number>();
  seq.forEach((item, k) =>
    lead.set(item.id, k === 0 ? 0 : item.start - itemEnd(seq[k - 1] as ProgrammeItem)),
  );
  const rest = seq.filter((i) => i.id !== itemId);
  const at = beforeItemId === null ? rest.length : rest.findIndex((i) => i.id === beforeItemId);
  rest.splice(at, 0, moving);
  let end = t0;
  rest.forEach((item, k) => {
    item.start = k === 0 ? t0 : Math.max(0, end + (lead.get(item.id) ?? 0));
    end = itemEnd(item);
  });
}

/** Applies one change to a copy of the document and returns the copy (the input is untouched). */
export function applyChange(input: ProgrammeDocument, change: ProgrammeChange): ProgrammeDocument {
  const doc = structuredClone(input);
  switch (change.type) {
    case 'add': {
      const item = checkItem(doc, { id: takeId(doc, 'i'), ...change.item });
      if (change.ripple) ripple(doc, item.start, itemLength(item) - item.crossfade, item.id);
      doc.items.push(item);
      return doc;
    }
    case 'update': {
      const index = doc.items.findIndex((i) => i.id === change.itemId);
      const before = doc.items[index];
      if (!before) throw itemNotFound(change.itemId);
      const after = checkItem(doc, { ...before, ...change.patch, id: before.id });
      doc.items[index] = after;
      // Its versions stop being versions when it can no longer be their original.
      const voice = trackOf(doc, after.trackId)?.kind === 'voice';
      for (const v of doc.items) {
        if (v.versionOf !== after.id) continue;
        if (!voice || after.versionOf !== null || v.language === after.language) v.versionOf = null;
      }
      if (change.ripple) ripple(doc, itemEnd(before), itemEnd(after) - itemEnd(before), after.id);
      return doc;
    }
    case 'remove': {
      const item = findItem(doc, change.itemId);
      if (!item) throw itemNotFound(change.itemId);
      doc.items = doc.items.filter((i) => i.id !== item.id);
      for (const v of doc.items) if (v.versionOf === item.id) v.versionOf = null;
      if (change.ripple) ripple(doc, itemEnd(item), -(itemEnd(item) - item.start), null);
      return doc;
    }
    case 'reorder':
      reorder(doc, change.itemId, change.beforeItemId);
      return doc;
    case 'addTrack': {
      const voices = doc.tracks.filter((t) => t.kind === 'voice');
      if (voices.length >= 8) throw invalid('Một chương trình có tối đa 8 rãnh giọng đọc.');
      const track: ProgrammeTrack = {
        id: takeId(doc, 't'),
        kind: 'voice',
        name: change.name?.normalize('NFC') || `${TRACK_NAMES.voice} ${voices.length + 1}`,
        gainDb: 0,
        muted: false,
      };
      const lastVoice = doc.tracks.findLastIndex((t) => t.kind === 'voice');
      doc.tracks.splice(lastVoice + 1, 0, track);
      return doc;
    }
    case 'updateTrack': {
      const track = trackOf(doc, change.trackId);
      if (!track) throw trackNotFound(change.trackId);
      Object.assign(track, change.patch);
      if (change.patch.name !== undefined) track.name = change.patch.name.normalize('NFC');
      return doc;
    }
    case 'removeTrack': {
      const track = trackOf(doc, change.trackId);
      if (!track) throw trackNotFound(change.trackId);
      if (track.kind !== 'voice')
        throw invalid(`Rãnh "${track.name}" là rãnh cố định của chương trình, không xoá được.`);
      if (doc.tracks.filter((t) => t.kind === 'voice').length <= 1)
        throw invalid('Chương trình cần ít nhất một rãnh giọng đọc.');
      if (doc.items.some((i) => i.trackId === track.id)) {
        throw invalid(`Rãnh "${track.name}" còn mục. Hãy chuyển hoặc xoá các mục trước khi xoá rãnh.`);
      }
      doc.tracks = doc.tracks.filter((t) => t.id !== track.id);
      return doc;
    }
  }
}
