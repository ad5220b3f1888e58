/** Types for node-record-lpcm16 1.0.1 (it ships none): only what the studio uses. */
declare module 'node-record-lpcm16' {
  import type { ChildProcess } from 'node:child_process';
  import type { Readable } from 'node:stream';

  export interface RecordOptions {
    sampleRate?: number;
    channels?: number;
    audioType?: string;
    /** A name of one of its own recorders (`sox`, `rec`, `arecord`) or a path to a module of ours. */
    recorder?: string;
    device?: string | null;
    [option: string]: unknown;
  }

  export interface Recording {
    process: ChildProcess;
    stream(): Readable;
    stop(): void;
    pause(): void;
    resume(): void;
    isPaused(): boolean;
  }

  export function record(options?: RecordOptions): Recording;
  const lpcm16: { record: typeof record };
  export default lpcm16;
}
