/**
 * Which sources may go on which kind of track.
 *
 * The rule follows from what the model's track kinds carry. An item on a VOICE track carries a
 * language, counts as airtime in that language, may be the version of another item, and ducks the
 * bed; an item on the BED track is ducked under voice; an item on the JINGLE track is neither.
 * Bed and jingle items carry no language. So, for the sources that say what they hold (the editor's
 * segments, labelled with a type):
 * - a spoken segment (news, report, interview, announcement) goes on a voice track only: on the bed
 *   or jingle track it would lose its language and its airtime, and on the bed it would dip under
 *   the voice it belongs with;
 * - a music or jingle segment goes on the bed or the jingle track (a jingle under the presenter is
 *   music like any other; a piece of music between items is an effect), never on a voice track,
 *   where it would be counted as speech in a language and would duck the bed.
 * A library asset or a whole edit does not say what it holds (an asset's language is only a default
 * for voice items): it may go on any track, and the editor decides.
 *
 * The rule is checked when an item gets a source or changes track (added, dropped, moved between
 * lanes, filled); placeholders have no source and go anywhere their template put them.
 */
import { StudioError, type ProgrammeTrack, type ProgrammeTrackKind, type SegmentType } from '../../contract';

const SPOKEN: ReadonlySet<SegmentType> = new Set(['news', 'report', 'interview', 'announcement']);

/** The editor's names of segment types, as the Vietnamese UI shows them. */
const SEGMENT_TYPE_VI: Record<SegmentType, string> = {
  news: 'tin',
  report: 'phóng sự',
  interview: 'phỏng vấn',
  music: 'âm nhạc',
  announcement: 'thông báo',
  jingle: 'nhạc hiệu',
};

/** Whether a source of `segmentType` (`null`: an asset or a whole edit) may go on a track of `kind`. */
export function trackAccepts(kind: ProgrammeTrackKind, segmentType: SegmentType | null): boolean {
  if (segmentType === null) return true;
  return SPOKEN.has(segmentType) ? kind === 'voice' : kind !== 'voice';
}

/** PROGRAMME_TRACK_KIND when `track` does not take a segment of `segmentType` (see above). */
export function checkTrackKind(track: ProgrammeTrack, segmentType: SegmentType | null, title: string): void {
  if (segmentType === null || trackAccepts(track.kind, segmentType)) return;
  const what = `Đoạn "${title}" (${SEGMENT_TYPE_VI[segmentType]})`;
  const message = SPOKEN.has(segmentType)
    ? `${what} là lời nói nên chỉ đặt được trên rãnh giọng đọc, không đặt trên rãnh "${track.name}": ` +
      'ở đó đoạn sẽ mất ngôn ngữ và không được tính vào thời lượng phát theo ngôn ngữ. ' +
      'Hãy thả đoạn vào một rãnh Giọng đọc.'
    : `${what} không phải lời nói nên không đặt được trên rãnh giọng đọc "${track.name}": ` +
      'mục trên rãnh giọng đọc được tính là lời nói theo ngôn ngữ và làm nhỏ nhạc nền. ' +
      'Hãy thả đoạn vào rãnh Nhạc nền hoặc rãnh Nhạc hiệu, hiệu ứng.';
  throw new StudioError('PROGRAMME_TRACK_KIND', message, {
    segmentType,
    trackId: track.id,
    trackKind: track.kind,
  });
}
