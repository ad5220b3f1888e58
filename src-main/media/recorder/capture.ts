import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import lpcm16 from 'node-record-lpcm16';
import { StudioError } from '../../contract';
import type { CaptureCommand } from './capture-command';

export interface CaptureExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few kilobytes the program wrote to stderr. */
  stderr: string;
  /** Set when the program could not be started at all (for example ENOENT). */
  spawnError: NodeJS.ErrnoException | null;
}

/** A running capture program: raw PCM on `stream` until it is stopped or dies. */
export interface Capture {
  readonly stream: Readable;
  /** Asks the program to finish (SIGTERM: sox and arecord write out what they hold and exit). */
  stop(): void;
  /** Ends it now. */
  kill(): void;
  readonly exited: Promise<CaptureExit>;
}

export type CaptureFactory = (
  command: CaptureCommand,
  format: { sampleRate: number; channels: number },
) => Capture;

/**
 * Our recorder module for node-record-lpcm16. It sits beside this file in the sources; a bundled
 * build must copy it next to the bundle (the URL below then resolves there), or pass the path.
 */
export const STUDIO_RECORDER_MODULE = fileURLToPath(new URL('./studio-recorder.cjs', import.meta.url));

const STDERR_KEEP = 4096;

/** Captures through node-record-lpcm16, which spawns the command our recorder module hands it. */
export function lpcm16Capture(modulePath: string = STUDIO_RECORDER_MODULE): CaptureFactory {
  return (command, format) => {
    if (!existsSync(modulePath)) {
      throw new StudioError(
        'INTERNAL',
        'Bản cài đặt studio thiếu tệp studio-recorder.cjs nên không thu âm được. Hãy cài lại studio.',
        { modulePath },
      );
    }
    const recording = lpcm16.record({
      sampleRate: format.sampleRate,
      channels: format.channels,
      audioType: 'raw',
      recorder: modulePath,
      studioCommand: command,
    });
    const child = recording.process;
    const stream = recording.stream();
    let stderr = '';
    child.stderr?.on('data', (d: Buffer | string) => {
      stderr = (stderr + d.toString()).slice(-STDERR_KEEP);
    });
    // node-record-lpcm16 re-emits a non-zero exit as a string 'error' on the stream; `exited` reports it.
    stream.on('error', () => undefined);

    const exited = new Promise<CaptureExit>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) =>
        resolve({ code: null, signal: null, stderr, spawnError: err }),
      );
      child.once('close', (code, signal) => resolve({ code, signal, stderr, spawnError: null }));
    });

    return {
      stream,
      exited,
      stop: () => {
        if (child.exitCode === null && child.signalCode === null) recording.stop();
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
