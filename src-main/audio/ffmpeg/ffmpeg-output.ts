/**
 * Reads what ffmpeg prints on stderr. ffmpeg-static ships no ffprobe, so the studio probes through
 * ffmpeg itself: the input header it prints before decoding says the container, the audio stream,
 * its codec, rate and layout and the tags; the `ebur128` filter prints its summary at the end.
 */
import type { Loudness } from '../../contract';

export interface ProbedStream {
  /** Index of the stream in the input (`Stream #0:N`). */
  index: number;
  codec: string;
  sampleRate: number | null;
  channelLayout: string | null;
  channels: number | null;
  tags: Record<string, string>;
}

export interface ProbeInfo {
  /** Demuxer name, for example `mp3`, `wav`, `mov,mp4,m4a,3gp,3g2,mj2`. */
  format: string | null;
  /** Duration from the header (may be an estimate); `null` when ffmpeg prints N/A. */
  headerDurationSec: number | null;
  tags: Record<string, string>;
  /** The first audio stream, the one the studio imports. */
  audio: ProbedStream | null;
  /** Kinds of the other streams, for messages ("video only"). */
  otherStreams: string[];
}

export interface OutputStreamInfo {
  codec: string;
  sampleRate: number;
  channels: number;
}

const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1,
  stereo: 2,
  downmix: 2,
  '2.1': 3,
  '3.0': 3,
  '3.0(back)': 3,
  '4.0': 4,
  quad: 4,
  'quad(side)': 4,
  '3.1': 4,
  '5.0': 5,
  '5.0(side)': 5,
  '4.1': 5,
  '5.1': 6,
  '5.1(side)': 6,
  '6.0': 6,
  '6.0(front)': 6,
  hexagonal: 6,
  '6.1': 7,
  '6.1(back)': 7,
  '6.1(front)': 7,
  '7.0': 7,
  '7.0(front)': 7,
  '7.1': 8,
  '7.1(wide)': 8,
  '7.1(wide-side)': 8,
  '7.1(top)': 8,
  octagonal: 8,
  cube: 8,
  hexadecagonal: 16,
  '22.2': 24,
};

/** Number of channels of a layout as ffmpeg prints it (`stereo`, `5.1(side)`, `3 channels`, `FL+FR+LFE`). */
export function channelsOfLayout(layout: string): number | null {
  const l = layout.trim();
  if (l in LAYOUT_CHANNELS) return LAYOUT_CHANNELS[l] ?? null;
  const n = /^(\d+) channels?\b/.exec(l);
  if (n) return Number(n[1]);
  if (/^[A-Z]+(\+[A-Z]+)+$/.test(l)) return l.split('+').length;
  return null;
}

function parseClock(text: string): number | null {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

const STREAM_RE = /^\s*Stream #(\d+):(\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (\w+): (.*)$/;

function parseStreamDetails(rest: string): Omit<ProbedStream, 'index' | 'tags'> {
  const codec = /^([^\s,]+)/.exec(rest)?.[1] ?? 'unknown';
  const rate = /, (\d+) Hz(?:, ([^,]+))?/.exec(rest);
  const sampleRate = rate ? Number(rate[1]) : null;
  const channelLayout = rate?.[2]?.trim() ?? null;
  return {
    codec,
    sampleRate,
    channelLayout,
    channels: channelLayout === null ? null : channelsOfLayout(channelLayout),
  };
}

/** Parses the `Input #0` section of ffmpeg's stderr. Returns null when ffmpeg printed none. */
export function parseInputHeader(stderr: string): ProbeInfo | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Input #0, '));
  if (start < 0) return null;
  const format = /^Input #0, (.+?), from '/.exec(lines[start] ?? '')?.[1] ?? null;
  const info: ProbeInfo = { format, headerDurationSec: null, tags: {}, audio: null, otherStreams: [] };

  // Tags go to the container until the first stream, then to the stream whose section we are in.
  let tagTarget: Record<string, string> | null = null;
  let lastKey: string | null = null;
  let currentStreamTags: Record<string, string> | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith(' ')) break; // end of the Input section
    const trimmed = line.trim();
    if (trimmed === 'Metadata:') {
      tagTarget = currentStreamTags ?? info.tags;
      lastKey = null;
      continue;
    }
    const dur = /^Duration: ([^,]+)/.exec(trimmed);
    if (dur) {
      info.headerDurationSec = parseClock(dur[1] ?? '');
      tagTarget = null;
      continue;
    }
    const stream = STREAM_RE.exec(line);
    if (stream) {
      const kind = stream[3] ?? '';
      const tags: Record<string, string> = {};
      if (kind === 'Audio' && info.audio === null) {
        info.audio = { index: Number(stream[2]), tags, ...parseStreamDetails(stream[4] ?? '') };
        currentStreamTags = tags;
      } else {
        info.otherStreams.push(kind);
        currentStreamTags = {}; // tags of streams we do not import are dropped
      }
      tagTarget = null;
      continue;
    }
    if (trimmed.startsWith('Chapter') || trimmed.startsWith('Program')) {
      tagTarget = null;
      currentStreamTags = {};
      continue;
    }
    if (tagTarget) {
      const kv = /^\s+([^:]*?)\s*: ?(.*)$/.exec(line);
      if (!kv) continue;
      const key = (kv[1] ?? '').trim();
      const value = kv[2] ?? '';
      if (key === '' && lastKey) {
        tagTarget[lastKey] = `${tagTarget[lastKey]}\n${value}`; // continuation of a multi-line tag
      } else if (key !== '') {
        lastKey = key.toLowerCase();
        if (!(lastKey in tagTarget)) tagTarget[lastKey] = value;
      }
    }
  }
  return info;
}

/** Parses the audio stream of the `Output #0` section (what comes out on the pipe). */
export function parseOutputStream(stderr: string): OutputStreamInfo | null {
  const at = stderr.indexOf('\nOutput #0, ');
  if (at < 0) return null;
  const section = stderr.slice(at + 1).split(/\r?\n/);
  for (let i = 1; i < section.length; i++) {
    const line = section[i] ?? '';
    if (!line.startsWith(' ')) break;
    const stream = STREAM_RE.exec(line);
    if (stream && stream[3] === 'Audio') {
      const d = parseStreamDetails(stream[4] ?? '');
      let channels = d.channels;
      // For raw PCM the bit rate tells the channel count exactly: rate × bits × channels.
      const kbps = /, (\d+) kb\/s/.exec(stream[4] ?? '');
      const bits = /^pcm_[su](\d+)/.exec(d.codec)?.[1] ?? /^pcm_f(\d+)/.exec(d.codec)?.[1];
      if (channels === null && kbps && bits && d.sampleRate) {
        channels = Math.round((Number(kbps[1]) * 1000) / (d.sampleRate * Number(bits)));
      }
      if (d.sampleRate === null || channels === null || channels < 1) return null;
      return { codec: d.codec, sampleRate: d.sampleRate, channels };
    }
  }
  return null;
}

function summaryNumber(summary: string, label: string): number | null | undefined {
  const m = new RegExp(`^\\s*${label}:\\s*(-?inf|-?\\d+(?:\\.\\d+)?)`, 'm').exec(summary);
  if (!m) return undefined;
  const v = m[1] ?? '';
  if (v.endsWith('inf')) return null;
  return Number(v);
}

/** Parses the `Summary:` that `ebur128` prints when it ends. Null when there is none. */
export function parseEbur128Summary(stderr: string): Loudness | null {
  const at = stderr.lastIndexOf('] Summary:');
  if (at < 0) return null;
  const summary = stderr.slice(at);
  const integrated = summaryNumber(summary, 'I');
  const lra = summaryNumber(summary, 'LRA');
  const peak = summaryNumber(summary, 'Peak');
  if (integrated === undefined) return null;
  return {
    // ebur128 reports −70 LUFS (its absolute gate) when nothing is loud enough to measure.
    integratedLufs: integrated === null || integrated <= -70 ? null : integrated,
    lraLu: lra ?? null,
    peakDbfs: peak ?? null,
  };
}

/**
 * The lines where ffmpeg says why it stopped (`FILE: Invalid data found…`, `Stream map … matches no
 * streams`, `Decoder (codec none) not found…`), without the header and the per-frame chatter.
 */
export function errorLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter(
      (l) =>
        l.length > 0 && !l.startsWith(' ') && !/^(Input|Output) #|^Stream mapping:|^size=|^video:/.test(l),
    );
}
