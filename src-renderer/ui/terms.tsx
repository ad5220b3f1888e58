/**
 * Audio words as staff read them: a plain name first ("Độ lớn", "Đỉnh"), the unit beside the
 * value where it is shown, and on hover a sentence saying what it means. One place for these
 * words, so that the library, the editor and the programme report say the same thing.
 */
import { useTranslation } from 'react-i18next';

export type AudioTerm = 'loudness' | 'truePeak' | 'samplePeak' | 'range';

/** "Độ lớn" with its explanation on hover (title). */
export function Term({ term }: { term: AudioTerm }) {
  const { t } = useTranslation();
  return (
    <span className="term" title={t(`terms.${term}.hint`)} data-term={term}>
      {t(`terms.${term}.label`)}
    </span>
  );
}

export type OutputFormat = 'wav' | 'mp3' | 'opus';

/**
 * A format the studio writes: "WAV (chất lượng gốc)", "Opus (nhỏ gọn, cho mạng)" where it is
 * chosen, "WAV"/"Opus" (`short`) where files are listed, what it is for on hover.
 */
export function FormatName({ format, short = false }: { format: OutputFormat; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span title={t(`formats.${format}.hint`)} data-format={format}>
      {t(`formats.${format}.${short ? 'short' : 'name'}`)}
    </span>
  );
}

/** Containers ffmpeg reports, by the name staff know them by. */
const CONTAINERS: Array<[RegExp, string]> = [
  [/^wav$|^w64$/, 'WAV'],
  [/^mp3$/, 'MP3'],
  [/mp4|m4a|mov/, 'M4A/MP4'],
  [/^ogg$/, 'Ogg'],
  [/^flac$/, 'FLAC'],
  [/^aiff$/, 'AIFF'],
  [/matroska|webm/, 'WebM/MKV'],
  [/^asf$/, 'WMA'],
  [/^amr$/, 'AMR'],
  [/^aac$/, 'AAC'],
];

export type Compression = 'none' | 'lossless' | 'lossy';

/**
 * A library file's format in words: "WAV" and how it is compressed (the caller names that in the
 * UI's language); ffmpeg's codec and container names ("pcm_s16le", "wav") are for the hover text.
 */
export function fileFormat(codec: string, format: string): { name: string; compression: Compression } {
  const name =
    CONTAINERS.find(([re]) => re.test(format))?.[1] ?? (format.split(',')[0] ?? format).toUpperCase();
  const compression = codec.startsWith('pcm_')
    ? 'none'
    : /^(flac|alac|wavpack|tta)$/.test(codec)
      ? 'lossless'
      : 'lossy';
  return { name, compression };
}
