import { describe, expect, it } from 'vitest';
import {
  channelsOfLayout,
  errorLines,
  parseEbur128Summary,
  parseInputHeader,
  parseOutputStream,
} from '../../src-main/audio/ffmpeg/ffmpeg-output';

// What ffmpeg 5.1 prints for an M4A from a phone with tags (abridged from a real run).
const M4A = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d] stream 0, timescale not set
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'Phỏng vấn bà Nguyễn Thị Lan.m4a':
  Metadata:
    major_brand     : M4A 
    minor_version   : 512
    title           : Phỏng vấn bà Lan
    artist          : Đài xã Tân Lập
    comment         : dòng một
                    : dòng hai
    creation_time   : 2026-03-02T08:15:00.000000Z
  Duration: 00:02:31.27, start: 0.000000, bitrate: 97 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 96 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
      vendor_id       : [0][0][0][0]
Stream mapping:
  Stream #0:0 -> #0:0 (aac (native) -> pcm_s16le (native))
Output #0, s16le, to 'pipe:1':
  Metadata:
    encoder         : Lavf59.27.100
  Stream #0:0(und): Audio: pcm_s16le, 44100 Hz, mono, s16, 705 kb/s (default)
    Metadata:
      encoder         : Lavc59.37.100 pcm_s16le
size=    4kB time=00:00:00.02 bitrate=1411.2kbits/s speed=N/A
[Parsed_ebur128_0 @ 0x55d] Summary:

  Integrated loudness:
    I:         -19.4 LUFS
    Threshold: -29.5 LUFS

  Loudness range:
    LRA:         3.2 LU
    Threshold: -39.6 LUFS
    LRA low:   -21.1 LUFS
    LRA high:  -17.9 LUFS

  Sample peak:
    Peak:       -1.3 dBFS
`;

const OGG_VIDEO = `Input #0, matroska,webm, from 'clip.mkv':
  Metadata:
    ENCODER         : Lavf59.27.100
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Video: h264 (High), yuv420p(progressive), 160x120, 10 fps
    Metadata:
      title           : not the audio title
  Stream #0:1(vie): Audio: opus, 48000 Hz, 5.1(side), fltp (default)
    Metadata:
      TITLE           : Bản tin tối
Output #0, s16le, to 'pipe:1':
  Stream #0:0: Audio: pcm_s16le, 48000 Hz, 6 channels, s16, 4608 kb/s
`;

describe('parseInputHeader', () => {
  it('reads the container, the audio stream and the tags, diacritics and multi-line values kept', () => {
    const p = parseInputHeader(M4A);
    expect(p).toMatchObject({
      format: 'mov,mp4,m4a,3gp,3g2,mj2',
      headerDurationSec: 151.27,
      audio: { index: 0, codec: 'aac', sampleRate: 44100, channelLayout: 'mono', channels: 1 },
      otherStreams: [],
    });
    expect(p?.tags.title).toBe('Phỏng vấn bà Lan');
    expect(p?.tags.artist).toBe('Đài xã Tân Lập');
    expect(p?.tags.comment).toBe('dòng một\ndòng hai');
    expect(p?.tags.creation_time).toBe('2026-03-02T08:15:00.000000Z');
    expect(p?.audio?.tags.handler_name).toBe('SoundHandler');
  });

  it('takes the first audio stream after a video stream; tags of the video stream are not the audio’s', () => {
    const p = parseInputHeader(OGG_VIDEO);
    expect(p?.headerDurationSec).toBeNull();
    expect(p?.audio).toMatchObject({ index: 1, codec: 'opus', channels: 6 });
    expect(p?.audio?.tags.title).toBe('Bản tin tối');
    expect(p?.otherStreams).toEqual(['Video']);
  });

  it('says there is no audio stream for a picture, and null when ffmpeg printed no header', () => {
    const png =
      "Input #0, png_pipe, from 'a.mp3':\n  Duration: N/A, bitrate: N/A\n  Stream #0:0: Video: png, rgb24(pc), 64x64, 25 fps\nStream map '0:a:0' matches no streams.\n";
    expect(parseInputHeader(png)).toMatchObject({ format: 'png_pipe', audio: null, otherStreams: ['Video'] });
    expect(parseInputHeader('a.mp3: Invalid data found when processing input\n')).toBeNull();
  });
});

describe('parseOutputStream', () => {
  it('reads rate and channels of the PCM on the pipe, counting channels from the bit rate when unnamed', () => {
    expect(parseOutputStream(M4A)).toEqual({ codec: 'pcm_s16le', sampleRate: 44100, channels: 1 });
    expect(parseOutputStream(OGG_VIDEO)).toEqual({ codec: 'pcm_s16le', sampleRate: 48000, channels: 6 });
    expect(parseOutputStream(OGG_VIDEO.replace('6 channels', 'weird layout'))).toEqual({
      codec: 'pcm_s16le',
      sampleRate: 48000,
      channels: 6,
    });
    expect(parseOutputStream('nothing here')).toBeNull();
  });
});

describe('channelsOfLayout', () => {
  it('knows the named layouts, "N channels" and custom ones', () => {
    expect(channelsOfLayout('mono')).toBe(1);
    expect(channelsOfLayout('stereo')).toBe(2);
    expect(channelsOfLayout('5.1(side)')).toBe(6);
    expect(channelsOfLayout('7.1')).toBe(8);
    expect(channelsOfLayout('3 channels')).toBe(3);
    expect(channelsOfLayout('FL+FR+LFE')).toBe(3);
    expect(channelsOfLayout('something')).toBeNull();
  });
});

describe('parseEbur128Summary', () => {
  it('reads integrated loudness, range and sample peak', () => {
    expect(parseEbur128Summary(M4A)).toEqual({ integratedLufs: -19.4, lraLu: 3.2, peakDbfs: -1.3 });
  });

  it('gives null for silence (−70 LUFS gate, −inf peak) instead of numbers JSON cannot hold', () => {
    const silent = M4A.replace('-19.4 LUFS', '-70.0 LUFS').replace('-1.3 dBFS', '-inf dBFS');
    expect(parseEbur128Summary(silent)).toEqual({ integratedLufs: null, lraLu: 3.2, peakDbfs: null });
    expect(parseEbur128Summary('no summary')).toBeNull();
  });
});

describe('errorLines', () => {
  it('keeps what ffmpeg said went wrong, not the header or the status line', () => {
    expect(errorLines(M4A)).toEqual([
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d] stream 0, timescale not set',
      '[Parsed_ebur128_0 @ 0x55d] Summary:',
    ]);
  });
});
