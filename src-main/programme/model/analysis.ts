/**
 * What follows from a programme document: its length against the target, airtime per language,
 * missing language versions, and every problem that stops it from rendering. Pure: what is known
 * about each item's source (its length, whether it is still there) is handed in.
 */
import {
  EDIT_SAMPLE_RATE,
  NO_SPEECH,
  PROGRAMME_MAX_SAMPLES,
  PROGRAMME_TARGET_TOLERANCE_SAMPLES,
  type ProgrammeAnalysis,
  type ProgrammeDocument,
  type ProgrammeItem,
  type ProgrammeLengthStatus,
  type ProgrammeMissingVersion,
  type ProgrammeProblem,
  type ProgrammeTrack,
} from '../../contract';
import { formatNumberVi, formatRange, formatTimecode } from '../../edit/model';
import { itemEnd, itemLength, itemsByTrack, programmeLength, rundownOrder } from './document';

/** What the service found out about an item's source. */
export interface ItemSourceInfo {
  /** Title of the asset or edit project; `null` when unknown. */
  title: string | null;
  /** Whole length of the source in samples (of the segment, for an edit segment); `null` when unknown. */
  frames: number | null;
  /** Vietnamese, when the source is gone (asset trashed or lost, project or segment removed). */
  missing: string | null;
  /**
   * What the source plays, for the programme's document key: the asset's id (a hash of its
   * content), or a hash of the edit's clips, effects and loudness and of the window played;
   * `null` when the source is gone.
   */
  audio: string | null;
}

export type SourceInfoMap = ReadonlyMap<string, ItemSourceInfo>;

const seconds = (samples: number) => `${formatNumberVi(samples / EDIT_SAMPLE_RATE, 2)} giây`;

/** How an item is named in a message: `"Tin tiếng Tày" (00:01:30.000, rãnh "Giọng đọc")`. */
export function describeItem(item: ProgrammeItem, track: ProgrammeTrack | undefined): string {
  const title = item.title.trim() || 'không tên';
  return `"${title}" (${formatTimecode(item.start)}, rãnh "${track?.name ?? item.trackId}")`;
}

/** Length of the union of `[start, end)` ranges. */
function unionLength(ranges: Array<[number, number]>): number {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const [s, e] of sorted) {
    if (s > curEnd) {
      total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else {
      curEnd = Math.max(curEnd, e);
    }
  }
  return total + (curEnd - curStart);
}

/** Voice items on voice tracks that are not muted. */
export function audibleVoiceItems(doc: ProgrammeDocument): ProgrammeItem[] {
  const voice = new Set(doc.tracks.filter((t) => t.kind === 'voice' && !t.muted).map((t) => t.id));
  return doc.items.filter((i) => voice.has(i.trackId));
}

/** Whether an item is speech in a language (not music or a jingle marked "Không lời"). */
function isSpoken(item: ProgrammeItem): item is ProgrammeItem & { language: string } {
  return item.language !== null && item.language !== NO_SPEECH;
}

/** Samples during which each language is spoken (an overlap within one language counts once). */
export function samplesByLanguage(doc: ProgrammeDocument): Record<string, number> {
  const ranges = new Map<string, Array<[number, number]>>();
  for (const item of audibleVoiceItems(doc)) {
    if (!isSpoken(item)) continue;
    let list = ranges.get(item.language);
    if (!list) ranges.set(item.language, (list = []));
    list.push([item.start, itemEnd(item)]);
  }
  const out: Record<string, number> = {};
  for (const [lang, list] of [...ranges.entries()].sort(([a], [b]) => a.localeCompare(b)))
    out[lang] = unionLength(list);
  return out;
}

export function secondsByLanguage(doc: ProgrammeDocument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [lang, n] of Object.entries(samplesByLanguage(doc))) out[lang] = n / EDIT_SAMPLE_RATE;
  return out;
}

/**
 * Seconds during which something plays and nothing is spoken: music, jingles, a bed between items.
 * Placeholders play as silence; muted tracks do not play. With the airtime per language, it makes
 * up the time the programme sounds.
 */
export function secondsWithoutSpeech(doc: ProgrammeDocument): number {
  const playing = new Set(doc.tracks.filter((t) => !t.muted).map((t) => t.id));
  const sounding = doc.items.filter((i) => playing.has(i.trackId) && i.source !== null);
  const all = sounding.map((i): [number, number] => [i.start, itemEnd(i)]);
  const spoken = audibleVoiceItems(doc)
    .filter((i) => isSpoken(i) && i.source !== null)
    .map((i): [number, number] => [i.start, itemEnd(i)]);
  return (unionLength(all) - unionLength(spoken)) / EDIT_SAMPLE_RATE;
}

/** Voice items that are not versions themselves, without a version in a language the programme carries. */
export function missingVersions(doc: ProgrammeDocument): ProgrammeMissingVersion[] {
  const voice = new Set(doc.tracks.filter((t) => t.kind === 'voice').map((t) => t.id));
  const out: ProgrammeMissingVersion[] = [];
  for (const item of rundownOrder(doc)) {
    if (!voice.has(item.trackId) || item.versionOf !== null || !isSpoken(item)) continue;
    for (const language of doc.metadata.languages) {
      if (language === item.language) continue;
      const has = doc.items.some((v) => v.versionOf === item.id && v.language === language);
      if (!has) out.push({ itemId: item.id, language });
    }
  }
  return out;
}

function lengthStatus(length: number, target: number | null): ProgrammeLengthStatus {
  if (target === null) return 'noTarget';
  const over = length - target;
  if (Math.abs(over) <= PROGRAMME_TARGET_TOLERANCE_SAMPLES) return 'onTarget';
  return over > 0 ? 'over' : 'under';
}

/**
 * Everything that stops the programme from rendering, most basic first: nothing to render, a length
 * of hours, overlapping items, placeholders, lost sources, trims past the end of their source.
 * Items on muted tracks do not render, so only their length counts.
 */
export function findProblems(doc: ProgrammeDocument, sources: SourceInfoMap): ProgrammeProblem[] {
  const problems: ProgrammeProblem[] = [];
  const tracks = new Map(doc.tracks.map((t) => [t.id, t]));
  const audible = doc.items.filter((i) => tracks.get(i.trackId)?.muted === false);
  if (doc.items.length === 0) {
    problems.push({
      code: 'PROGRAMME_EMPTY',
      itemId: null,
      message: 'Chương trình chưa có mục nào. Hãy kéo tin, bài hoặc nhạc từ thư viện vào rồi dựng lại.',
    });
    return problems;
  }
  if (audible.length === 0) {
    problems.push({
      code: 'PROGRAMME_EMPTY',
      itemId: null,
      message:
        'Mọi rãnh có mục của chương trình đều đang tắt tiếng, nên không có gì để dựng. Hãy bật tiếng một rãnh.',
    });
    return problems;
  }

  const length = programmeLength(doc);
  if (length > PROGRAMME_MAX_SAMPLES) {
    const last = doc.items.reduce((a, b) => (itemEnd(b) > itemEnd(a) ? b : a));
    problems.push({
      code: 'PROGRAMME_TOO_LONG',
      itemId: last.id,
      message:
        `Chương trình dài ${formatTimecode(length)}, quá giới hạn ${formatTimecode(PROGRAMME_MAX_SAMPLES)} (3 giờ) mà studio dựng. ` +
        `Mục ${describeItem(last, tracks.get(last.trackId))} kết thúc ở ${formatTimecode(itemEnd(last))}: có thể nó bị đặt nhầm vị trí. ` +
        'Hãy dời mục đó về đúng chỗ, hoặc chia chương trình thành nhiều chương trình ngắn hơn.',
    });
  }

  for (const [trackId, items] of itemsByTrack(doc)) {
    const track = tracks.get(trackId);
    if (!track || track.muted) continue;
    let prev: ProgrammeItem | null = null;
    /** Of the items before `prev`, the one that ends last. */
    let earlier: ProgrammeItem | null = null;
    for (const item of items) {
      // Three items at once: the item also reaches into one before its predecessor.
      const before = earlier && itemEnd(earlier) > item.start ? earlier : null;
      const overlap = prev ? itemEnd(prev) - item.start : 0;
      const other = before ?? prev;
      const crossfadeTooLong =
        overlap > 0 && prev !== null && (overlap >= itemLength(prev) || overlap >= itemLength(item));
      if (other && (before || overlap > item.crossfade || crossfadeTooLong)) {
        const amount = itemEnd(other) - item.start;
        const allowed =
          item.crossfade > 0 && !before && !crossfadeTooLong
            ? `, dài hơn độ chuyển tiếp (crossfade) ${seconds(item.crossfade)} đã đặt cho mục sau`
            : crossfadeTooLong
              ? ', không còn là chuyển tiếp vì một mục nằm gọn trong mục kia'
              : '';
        problems.push({
          code: 'PROGRAMME_OVERLAP',
          itemId: item.id,
          message:
            `Mục ${describeItem(item, track)} chồng lên mục "${other.title.trim() || 'không tên'}" ${seconds(amount)}${allowed}. ` +
            'Hai mục trên cùng một rãnh không được phát đè lên nhau: hãy dời một mục, chuyển nó sang rãnh khác, ' +
            'hoặc đặt độ dài chuyển tiếp cho mục sau.',
        });
      }
      if (prev && (!earlier || itemEnd(prev) > itemEnd(earlier))) earlier = prev;
      prev = item;
    }
  }

  for (const item of rundownOrder(doc)) {
    const track = tracks.get(item.trackId);
    if (!track || track.muted) continue;
    if (item.source === null) {
      problems.push({
        code: 'PROGRAMME_PLACEHOLDER',
        itemId: item.id,
        message:
          `Ô ${describeItem(item, track)} chưa có âm thanh. ` +
          'Hãy đưa bản tin hoặc bài vào ô này (kéo từ thư viện hay từ bản biên tập), hoặc xoá ô trước khi dựng.',
      });
      continue;
    }
    const info = sources.get(item.id);
    if (info?.missing) {
      problems.push({
        code: 'PROGRAMME_SOURCE_MISSING',
        itemId: item.id,
        message: `Mục ${describeItem(item, track)}: ${info.missing}`,
      });
    } else if (info?.frames != null && item.sourceEnd > info.frames) {
      problems.push({
        code: 'PROGRAMME_RANGE',
        itemId: item.id,
        message:
          `Mục ${describeItem(item, track)} dùng đoạn ${formatRange(item.sourceStart, item.sourceEnd)} của nguồn, ` +
          `nhưng nguồn chỉ dài ${formatTimecode(info.frames)} (có thể bản biên tập đã ngắn đi). ` +
          'Hãy kéo lại điểm cuối của mục.',
      });
    }
  }
  return problems;
}

export function analyse(doc: ProgrammeDocument, sources: SourceInfoMap): ProgrammeAnalysis {
  const length = programmeLength(doc);
  const target = doc.metadata.targetSamples;
  return {
    lengthSamples: length,
    durationSec: length / EDIT_SAMPLE_RATE,
    targetSamples: target,
    overSamples: target === null ? null : length - target,
    lengthStatus: lengthStatus(length, target),
    secondsByLanguage: secondsByLanguage(doc),
    missingVersions: missingVersions(doc),
    rundown: rundownOrder(doc).map((i) => i.id),
    problems: findProblems(doc, sources),
  };
}
