import { describe, expect, it } from 'vitest';
import { LEVEL_FLOOR_DBFS } from '../../src-main/contract';
import { buildCaptureCommand } from '../../src-main/media/recorder/capture-command';
import {
  parseArecordCards,
  parsePactlDefaultSource,
  parsePactlSources,
  parseSoxDrivers,
  listRecordingDevices,
} from '../../src-main/media/recorder/devices';
import { CLIP_THRESHOLD, LevelMeter, type LevelWindow } from '../../src-main/media/recorder/level-meter';
import { cueChunks, parseWavHeader, wavHeader, WAV_HEADER_BYTES } from '../../src-main/media/recorder/wav';
import { sinePcm } from '../support/recording';

describe('WAV header and cue chunk', () => {
  it('writes a canonical 44-byte PCM header that reads back', () => {
    const h = wavHeader({ sampleRate: 48_000, channels: 2, bitsPerSample: 16 }, 192_000);
    expect(h.length).toBe(WAV_HEADER_BYTES);
    expect(h.toString('ascii', 0, 4)).toBe('RIFF');
    expect(h.readUInt32LE(4)).toBe(36 + 192_000);
    expect(h.readUInt32LE(28)).toBe(192_000); // byte rate
    expect(h.readUInt16LE(32)).toBe(4); // block align
    expect(parseWavHeader(h)).toEqual({
      format: { sampleRate: 48_000, channels: 2, bitsPerSample: 16 },
      formatTag: 1,
      dataOffset: 44,
      declaredDataBytes: 192_000,
    });
  });

  it('marks sizes unknown while a take is open, and rejects what is not a WAV header', () => {
    const h = wavHeader({ sampleRate: 48_000, channels: 1, bitsPerSample: 16 }, 'unknown');
    expect(h.readUInt32LE(40)).toBe(0xffffffff);
    expect(parseWavHeader(h)?.declaredDataBytes).toBe(0xffffffff);
    expect(parseWavHeader(Buffer.alloc(44))).toBeNull();
    expect(parseWavHeader(Buffer.from('ID3 not a wav file at all, sorry......................'))).toBeNull();
  });

  it('builds cue points with UTF-8 labels, word-aligned', () => {
    const chunk = cueChunks([
      { id: 1, frame: 48_000, label: 'Câu hỏi thứ hai' },
      { id: 2, frame: 96_000, label: '' },
    ]);
    expect(chunk.toString('ascii', 0, 4)).toBe('cue ');
    expect(chunk.readUInt32LE(8)).toBe(2);
    expect(chunk.readUInt32LE(12 + 20)).toBe(48_000);
    expect(chunk.length % 2).toBe(0);
    expect(chunk.includes(Buffer.from('Câu hỏi thứ hai', 'utf8'))).toBe(true);
    expect(chunk.includes(Buffer.from('Mốc 2', 'utf8'))).toBe(true);
    expect(cueChunks([]).length).toBe(0);
  });
});

describe('level meter', () => {
  const run = (pcm: Buffer, channels = 1) => {
    const windows: LevelWindow[] = [];
    const meter = new LevelMeter(channels, 1920, (w) => windows.push(w));
    meter.push(pcm);
    return windows;
  };

  it('reads a −6 dBFS sine as peak −6 and RMS −9 dBFS, 25 windows a second', () => {
    const windows = run(sinePcm(440, 1, 0.5));
    expect(windows).toHaveLength(25);
    for (const w of windows) {
      expect(w.peakDbfs).toBeCloseTo(-6.02, 1);
      expect(w.rmsDbfs).toBeCloseTo(-9.03, 1);
      expect(w.clipping).toBe(false);
    }
  });

  it('reports silence at the floor, not −Infinity', () => {
    const [w] = run(Buffer.alloc(1920 * 2));
    expect(w?.peakDbfs).toBe(LEVEL_FLOOR_DBFS);
    expect(w?.rmsDbfs).toBe(LEVEL_FLOOR_DBFS);
    expect(JSON.parse(JSON.stringify(w)).peakDbfs).toBe(LEVEL_FLOOR_DBFS);
  });

  it('flags clipping at full scale and keeps channels apart', () => {
    const pcm = Buffer.alloc(1920 * 4);
    for (let i = 0; i < 1920; i++) {
      pcm.writeInt16LE(i === 100 ? -32768 : 0, i * 4); // left: one full-scale sample
      pcm.writeInt16LE(Math.round(Math.sin(i / 10) * 3277), i * 4 + 2); // right: −20 dBFS
    }
    const [w] = run(pcm, 2);
    expect(w?.clipping).toBe(true);
    expect(w?.channels[0]?.peakDbfs).toBe(0);
    expect(w?.channels[1]?.peakDbfs).toBeCloseTo(-20, 0);
    expect(w?.peakDbfs).toBe(0);
    expect(CLIP_THRESHOLD).toBeGreaterThan(32000);
  });
});

describe('capture command', () => {
  const base = {
    program: '/usr/bin/sox',
    channels: 1 as const,
    sampleRate: 48_000,
    env: { PATH: '/usr/bin' },
  };

  it('records a PulseAudio source with sox, raw PCM on stdout, low latency', () => {
    const c = buildCaptureCommand({ ...base, backend: 'pulseaudio', device: 'alsa_input.usb-mic' });
    expect(c.cmd).toBe('/usr/bin/sox');
    expect(c.args.join(' ')).toBe(
      '-q --buffer 512 -t pulseaudio -r 48000 -c 1 -b 16 -e signed-integer alsa_input.usb-mic ' +
        '-t raw -r 48000 -c 1 -b 16 -e signed-integer -L -',
    );
    expect(c.env.PULSE_LATENCY_MSEC).toBe('20');
    expect(c.env.PATH).toBe('/usr/bin');
  });

  it('uses -t waveaudio on Windows and arecord where sox is missing', () => {
    const w = buildCaptureCommand({
      ...base,
      program: 'C:\\sox\\sox.exe',
      backend: 'waveaudio',
      device: 'default',
    });
    expect(w.args.slice(0, 5)).toEqual(['-q', '--buffer', '512', '-t', 'waveaudio']);
    expect(w.env.PULSE_LATENCY_MSEC).toBeUndefined();
    const a = buildCaptureCommand({
      ...base,
      program: '/usr/bin/arecord',
      backend: 'arecord',
      device: 'plughw:1,0',
      channels: 2,
    });
    expect(a.args).toEqual(
      expect.arrayContaining(['-D', 'plughw:1,0', '-c', '2', '-f', 'S16_LE', '-t', 'raw']),
    );
  });
});

describe('device lists', () => {
  const PACTL = [
    'Source #0',
    '\tState: SUSPENDED',
    '\tName: alsa_output.pci.analog-stereo.monitor',
    '\tDescription: Monitor of Built-in Audio',
    '\tMonitor of Sink: alsa_output.pci.analog-stereo',
    '\tProperties:',
    '\t\tdevice.description = "Monitor of Built-in Audio"',
    'Source #1',
    '\tName: alsa_input.usb-Rode_NT-USB.analog-stereo',
    '\tDescription: RØDE NT-USB Analog Stereo',
    '\tMonitor of Sink: n/a',
    '',
  ].join('\n');

  it('parses pactl sources, marks monitors, and finds the default', () => {
    expect(parsePactlSources(PACTL)).toEqual([
      {
        name: 'alsa_output.pci.analog-stereo.monitor',
        description: 'Monitor of Built-in Audio',
        monitorOf: 'alsa_output.pci.analog-stereo',
      },
      {
        name: 'alsa_input.usb-Rode_NT-USB.analog-stereo',
        description: 'RØDE NT-USB Analog Stereo',
        monitorOf: null,
      },
    ]);
    expect(parsePactlDefaultSource('Server Name: pulseaudio\nDefault Source: abc.def\n')).toBe('abc.def');
    expect(parseSoxDrivers('x\nAUDIO DEVICE DRIVERS: alsa ao pulseaudio\n')).toEqual([
      'alsa',
      'ao',
      'pulseaudio',
    ]);
    expect(parseArecordCards('card 1: Device [USB Audio Device], device 0: USB Audio [USB Audio]\n')).toEqual(
      [{ id: 'plughw:1,0', label: 'USB Audio Device – USB Audio', isDefault: false, kind: 'input' }],
    );
  });

  it('says in Vietnamese what to install when there is nothing to record with', async () => {
    const tools = { sox: null, soxDrivers: [], arecord: null, pactl: null };
    const linux = await listRecordingDevices(tools, {}, 'linux');
    expect(linux.backend).toBeNull();
    expect(linux.problem).toContain('chưa có SoX');
    const win = await listRecordingDevices({ ...tools, sox: 'C:\\sox\\sox.exe' }, {}, 'win32');
    expect(win).toMatchObject({ backend: 'waveaudio', defaultDeviceId: 'default', problem: '' });
  });
});
