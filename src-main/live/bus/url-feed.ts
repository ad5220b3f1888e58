/**
 * A relay (tiếp sóng): ffmpeg decoding an upstream stream (HTTP/Icecast MP3 or Ogg, SRT, RTP) into
 * the bus's format, run as a LiveInput on the feed thread. ffmpeg's own reconnection stays off: a
 * failed or ended upstream ends ffmpeg, and the LiveInput's backoff (the studio's one rule) starts
 * a new one, reporting the failure and the reconnection as the source's link.
 */
import { BUS_CHANNELS, BUS_RATE } from './format';
import type { InputCommand } from './live-input';

/**
 * ffmpeg's socket timeout (µs): an upstream that stays connected but sends nothing fails after it.
 * The LiveInput's quiet limit is the same 5 s, for protocols that have no such option.
 */
const SOCKET_TIMEOUT_US = 5_000_000;

/** The URL ffmpeg reads: `icecast://` names an Icecast mount, which listeners read over HTTP. */
export function relayInputUrl(url: string): string {
  return url.replace(/^icecast:\/\//i, 'http://');
}

export function relayCommand(ffmpeg: string, url: string): InputCommand {
  const input = relayInputUrl(url);
  const scheme = input.slice(0, input.indexOf(':')).toLowerCase();
  const network =
    scheme === 'http' || scheme === 'https'
      ? ['-reconnect', '0', '-rw_timeout', String(SOCKET_TIMEOUT_US), '-user_agent', 'StudioTruyenThanh']
      : scheme === 'srt'
        ? ['-timeout', String(SOCKET_TIMEOUT_US)]
        : [];
  return {
    cmd: ffmpeg,
    args: [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
      // A live stream: start decoding as soon as the first frames are known, buffer nothing extra.
      ...['-fflags', 'nobuffer', '-probesize', '32768', '-analyzeduration', '500000'],
      ...network,
      ...['-i', input, '-vn', '-f', 's16le', '-ac', String(BUS_CHANNELS), '-ar', String(BUS_RATE)],
      'pipe:1',
    ],
    channels: 2,
  };
}

/** What the operator reads: the upstream without its user, password or query (a token). */
export function relayLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
