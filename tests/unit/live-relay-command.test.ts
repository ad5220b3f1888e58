/**
 * The relay's ffmpeg command: an `icecast://` mount is read over HTTP, ffmpeg's own reconnection
 * stays off (the studio's backoff reconnects), and what the operator reads of the address carries
 * no password or token.
 */
import { describe, expect, it } from 'vitest';
import { relayCommand, relayInputUrl, relayLabel } from '../../src-main/live/bus/url-feed';

describe("a relay's command", () => {
  it('reads an Icecast mount over HTTP, with reconnection off and a socket timeout', () => {
    expect(relayInputUrl('icecast://radio.example:8000/vov1.mp3')).toBe('http://radio.example:8000/vov1.mp3');
    const { args, channels } = relayCommand('/usr/bin/ffmpeg', 'icecast://radio.example:8000/vov1.mp3');
    expect(channels).toBe(2);
    expect(args.slice(args.indexOf('-reconnect'), args.indexOf('-reconnect') + 2)).toEqual([
      '-reconnect',
      '0',
    ]);
    expect(args).toContain('-rw_timeout');
    expect(args[args.indexOf('-i') + 1]).toBe('http://radio.example:8000/vov1.mp3');
    expect(args.slice(-7)).toEqual(['-f', 's16le', '-ac', '2', '-ar', '48000', 'pipe:1']);
  });

  it('gives SRT a timeout and RTP no HTTP option', () => {
    expect(relayCommand('ffmpeg', 'srt://10.0.0.1:9000?passphrase=x').args).toContain('-timeout');
    const rtp = relayCommand('ffmpeg', 'rtp://127.0.0.1:5004').args;
    expect(rtp).not.toContain('-reconnect');
    expect(rtp).not.toContain('-timeout');
  });

  it('names the upstream without its user, password or query', () => {
    expect(relayLabel('http://user:secret@radio.example:8000/live.mp3?token=abc')).toBe(
      'http://radio.example:8000/live.mp3',
    );
    expect(relayLabel('srt://10.0.0.1:9000?passphrase=x')).toBe('srt://10.0.0.1:9000');
  });
});
