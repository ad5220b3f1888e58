import type { RecordingBackend, RecordingChannels } from '../../contract';

/** A program that writes raw 16-bit little-endian interleaved PCM to stdout until it is stopped. */
export interface CaptureCommand {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  backend: RecordingBackend;
  device: string;
}

export interface CaptureCommandInput {
  backend: RecordingBackend;
  /** Path of sox (every backend but `arecord`) or arecord. */
  program: string;
  /** Device id; `default` for the system's default input. */
  device: string;
  channels: RecordingChannels;
  sampleRate: number;
  env: NodeJS.ProcessEnv;
}

/** The sound-system name sox gives each backend (`-t <type>`). */
const SOX_DEVICE_TYPE: Record<Exclude<RecordingBackend, 'arecord'>, string> = {
  pulseaudio: 'pulseaudio',
  alsa: 'alsa',
  waveaudio: 'waveaudio',
  coreaudio: 'coreaudio',
};

/**
 * Latency PulseAudio is asked for. Without it a capture stream may get its audio in blocks of up to
 * two seconds, and the level meter would jump instead of moving 25 times a second.
 */
export const PULSE_LATENCY_MSEC = '20';

/**
 * The command that records from `device`. For sox the input format is given before the device
 * (so the sound system converts to 48 kHz/16-bit/N channels itself) and again for the output,
 * which is headerless PCM on stdout: the studio writes the WAV header itself (see WavFileWriter).
 */
export function buildCaptureCommand(input: CaptureCommandInput): CaptureCommand {
  const rate = String(input.sampleRate);
  const channels = String(input.channels);
  const device = input.device || 'default';

  if (input.backend === 'arecord') {
    return {
      cmd: input.program,
      args: [
        '-q',
        '-D',
        device,
        '-r',
        rate,
        '-c',
        channels,
        '-f',
        'S16_LE',
        '-t',
        'raw',
        // 20 ms periods, 100 ms buffer: small enough for a live meter, large enough not to overrun.
        '--period-time=20000',
        '--buffer-time=100000',
        '-',
      ],
      env: { ...input.env },
      backend: 'arecord',
      device,
    };
  }

  const pcm = ['-r', rate, '-c', channels, '-b', '16', '-e', 'signed-integer'];
  const env: NodeJS.ProcessEnv = { ...input.env };
  if (input.backend === 'pulseaudio' && !env.PULSE_LATENCY_MSEC) env.PULSE_LATENCY_MSEC = PULSE_LATENCY_MSEC;
  return {
    cmd: input.program,
    args: [
      '-q', // no progress display on stderr
      // Small reads: sox then hands over audio every 20–45 ms (with its default, every 170 ms),
      // so the level meter moves smoothly.
      '--buffer',
      '512',
      '-t',
      SOX_DEVICE_TYPE[input.backend],
      ...pcm,
      device,
      '-t',
      'raw',
      ...pcm,
      '-L', // little-endian output on every machine
      '-',
    ],
    env,
    backend: input.backend,
    device,
  };
}
