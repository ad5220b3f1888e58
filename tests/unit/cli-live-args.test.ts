import { describe, expect, it } from 'vitest';
import { parseLiveArgs, readyLine } from '../../src-main/cli/commands/live';
import { StudioError } from '../../src-main/contract';

/** The message a bad command line gets (the test fails if it parses). */
function refusal(args: string[]): string {
  try {
    parseLiveArgs(args);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('INVALID_REQUEST');
    return (err as StudioError).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('studio live: its arguments', () => {
  it('without --source plays the schedule alone', () => {
    expect(parseLiveArgs(['--port', '8000']).source).toBeNull();
  });

  it('takes the four kinds of source and the three kinds of target', () => {
    expect(parseLiveArgs(['--port', '8000', '--source', 'pcm:-'])).toEqual({
      port: 8000,
      source: 'pcm:-',
      target: { kind: 'all' },
      icecast: null,
      json: false,
      data: undefined,
    });
    for (const source of [
      'file:/tmp/bản tin.wav',
      'programme:0123456789abcdef0123456789abcdef',
      'url:http://203.0.113.5:8000/vov1',
      'url:srt://h:9000',
      'mic',
      'mic:hw:1',
    ]) {
      expect(parseLiveArgs(['--port', '1', '--source', source]).source).toBe(source);
    }
    const to = (text: string) => parseLiveArgs(['--port', '8000', '--source', 'mic', '--to', text]).target;
    expect(to('all')).toEqual({ kind: 'all' });
    expect(to('group:Bát Xát')).toEqual({ kind: 'group', group: 'Bát Xát' });
    expect(to('xa-01, XA-02,xa-01')).toEqual({ kind: 'stations', codes: ['XA-01', 'XA-02'] });
    const parsed = parseLiveArgs([
      '--port',
      '65535',
      '--source',
      'pcm:-',
      '--icecast',
      'http://127.0.0.1:8001/',
      '--json',
      '--data',
      '/tmp/d',
    ]);
    expect(parsed).toMatchObject({ port: 65535, json: true, data: '/tmp/d' });
    expect(parsed.icecast?.href).toBe('http://127.0.0.1:8001/');
  });

  it('refuses what is missing or wrong, in Vietnamese, with the usage', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--source', 'pcm:-'], /Thiếu --port/],
      [['--port', '70000', '--source', 'pcm:-'], /Cổng "70000" không hợp lệ/],
      [['--port', '0', '--source', 'pcm:-'], /Cổng "0" không hợp lệ/],
      [['--port', 'tám', '--source', 'pcm:-'], /Cổng "tám" không hợp lệ/],
      [['--port', '8000', '--source', 'loa:1'], /Nguồn "loa:1" không hợp lệ/],
      [['--port', '8000', '--source', 'pcm:0'], /Nguồn "pcm:0" không hợp lệ/],
      [['--port', '8000', '--source', 'file:'], /Nguồn "file:" không hợp lệ/],
      [['--port', '8000', '--source', 'programme:12'], /Nguồn "programme:12" không hợp lệ/],
      [['--port', '8000', '--source', 'url:ftp://x/y'], /Nguồn "url:ftp:\/\/x\/y" không hợp lệ/],
      [['--port', '8000', '--source', 'pcm:-', '--to', 'group:'], /Thiếu tên nhóm/],
      [['--port', '8000', '--source', 'pcm:-', '--to', 'XA 01'], /Đích phát "XA 01" không hợp lệ/],
      [['--port', '8000', '--source', 'pcm:-', '--to', 'XA-01,,XA-02'], /Đích phát/],
      [['--port', '8000', '--source', 'pcm:-', '--icecast', 'ftp://x'], /Địa chỉ Icecast/],
      [['--port', '8000', '--source', 'pcm:-', '--icecast', 'không phải URL'], /Địa chỉ Icecast/],
      // A password on the command line is readable by every user of the PC (ps).
      [
        ['--port', '8000', '--source', 'pcm:-', '--icecast', 'http://source:hackme@h:8001/t.mp3'],
        /STUDIO_ICECAST_PASSWORD/,
      ],
    ];
    for (const [args, words] of cases) {
      const message = refusal(args);
      expect(message, args.join(' ')).toMatch(words);
      expect(message).toContain('Cách dùng: studio live --port N [--source SPEC]');
    }
    // An unknown flag is node's parse error: the CLI turns it into INVALID_REQUEST with the usage.
    expect(() => parseLiveArgs(['--port', '8000', '--source', 'pcm:-', '--bogus'])).toThrow();
    expect(() => parseLiveArgs(['--port', '-1', '--source', 'pcm:-'])).toThrow();
  });

  it('prints the ready line with exactly ready and streams of station, codec, url', () => {
    const line = readyLine([
      { station: 'XA-01', codec: 'mp3', url: 'http://127.0.0.1:8000/live/XA-01.mp3?token=abc' },
    ]);
    expect(line).toBe(
      '{"ready":true,"streams":[{"station":"XA-01","codec":"mp3","url":"http://127.0.0.1:8000/live/XA-01.mp3?token=abc"}]}',
    );
    expect(line).not.toContain('\n');
  });
});
