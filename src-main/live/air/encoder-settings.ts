/**
 * The air's two encoders, as ffmpeg arguments: MP3 for every receiver, Opus for weak 4G links.
 *
 * MP3: 64 kb/s CBR, LAME without its bit reservoir (`-reservoir 0`): a frame never borrows bits
 * from the frames before it, so a listener (or a spare encoder taking over) may start at any
 * frame. No ID3 tag and no Xing header: the stream is frames only.
 * Opus: 24 kb/s, constrained VBR (hard CBR lost a quarter of the timing marks), 20 ms packets in
 * Ogg, a page per 20 ms, flushed as written (`-page_duration 20000 -flush_packets 1`): a page
 * waits for nothing, so the server can pass each on at once.
 * Both read the bus's PCM (s16le 48 kHz stereo) on standard input, with no input buffering.
 */
import type { StreamCodec } from '../../contract';
import { BUS_CHANNELS, BUS_RATE } from '../bus/format';

export interface EncoderSettings {
  codec: StreamCodec;
  bitrateKbps: number;
  contentType: string;
  /**
   * Samples (48 kHz) of the encoder's delay the decoder does not remove: LAME's 576 (ffmpeg's
   * decoder drops its own 529). Opus states its own in the stream (`OpusHead` pre-skip).
   */
  delaySamples: number;
}

export const ENCODERS: Record<StreamCodec, EncoderSettings> = {
  mp3: { codec: 'mp3', bitrateKbps: 64, contentType: 'audio/mpeg', delaySamples: 576 },
  opus: { codec: 'opus', bitrateKbps: 24, contentType: 'audio/ogg', delaySamples: 0 },
};

export function encoderArgs(codec: StreamCodec): string[] {
  const input = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0'],
    ...['-f', 's16le', '-ar', String(BUS_RATE), '-ac', String(BUS_CHANNELS), '-i', 'pipe:0'],
  ];
  return [...input, ...encoderOutputArgs(codec), 'pipe:1'];
}

/** The encoder and muxer options alone (the benchmark encodes a file with them). */
export function encoderOutputArgs(codec: StreamCodec): string[] {
  const kbps = `${ENCODERS[codec].bitrateKbps}k`;
  const output =
    codec === 'mp3'
      ? [
          ...['-c:a', 'libmp3lame', '-b:a', kbps, '-reservoir', '0'],
          ...['-f', 'mp3', '-write_xing', '0', '-id3v2_version', '0'],
        ]
      : [
          ...['-c:a', 'libopus', '-b:a', kbps, '-vbr', 'constrained', '-frame_duration', '20'],
          ...['-f', 'ogg', '-page_duration', '20000'],
        ];
  return [...output, '-flush_packets', '1'];
}
