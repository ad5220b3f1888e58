/**
 * Where a station's receiver pulls its stream from: the one place the URL is made, for the
 * registry (shown to whoever installs the receiver) and for the stream server that will answer it
 * (issue 15's live engine matches requests with `streamPath`).
 */
import os from 'node:os';
import { STREAM_CODECS, type StationStreamUrl, type StreamCodec } from '../../contract';

/** The stream server's port when nothing else is configured (Icecast's customary one). */
export const DEFAULT_STREAM_PORT = 8000;

/** The path of a station's stream in a codec: `/live/XA-01.mp3`. */
export function streamPath(code: string, codec: StreamCodec): string {
  return `/live/${encodeURIComponent(code)}.${codec}`;
}

/** A station's stream URL, its token in the query (receivers cannot send headers): `…/live/XA-01.mp3?token=…`. */
export function streamUrl(baseUrl: string, code: string, codec: StreamCodec, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${streamPath(code, codec)}?token=${encodeURIComponent(token)}`;
}

/** Every codec's URL for a station, MP3 first (what every receiver plays). */
export function streamUrls(baseUrl: string, code: string, token: string): StationStreamUrl[] {
  return STREAM_CODECS.map((codec) => ({ codec, url: streamUrl(baseUrl, code, codec, token) }));
}

/**
 * The studio's guess at its stream server's address until an administrator sets one: this PC's
 * first outside IPv4 address (receivers on the LAN or through a port forward reach that), else
 * its host name, on port 8000.
 */
export function defaultStreamBaseUrl(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
  hostname: string = os.hostname(),
): string {
  const outside = Object.values(interfaces)
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return `http://${outside?.address ?? hostname}:${DEFAULT_STREAM_PORT}`;
}
