/**
 * The air's thread (one per channel): reads the bus's programme ring as the bus writes it (woken
 * by the ring's write, no polling), feeds every codec's encoders, cuts their output into frames and
 * posts them to main with the time their audio was mixed. Main's work (calls, renders, a busy
 * event loop) delays only when main hands a chunk on, never what the encoders are given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BLOCK_BYTES, BUS_RATE, BYTES_PER_FRAME } from '../bus/format';
import { PcmRing } from '../bus/pcm-ring';
import type { AirCommand, AirMessage, AirWorkerData, WireChunk } from './air-protocol';
import { SupervisedEncoder } from './supervised-encoder';

const data = workerData as AirWorkerData;
const port = parentPort;
if (!port) throw new Error('air-worker runs only as a worker thread');

const ring = new PcmRing(data.ring);
/** Up to 100 ms of PCM (ten blocks) per read: the ring is read every block unless this thread was held up. */
const scratch = new Uint8Array(10 * BLOCK_BYTES);
let closing = false;
/** Bus sample of the next PCM read from the ring. */
let position = 0;
/** When the bus's block 0 was due (ms since the epoch), once it runs. */
let t0 = 0;
let dropped = 0;

function post(m: AirMessage): void {
  port!.postMessage(m);
}

const encoders = data.codecs.map(
  (codec) =>
    new SupervisedEncoder(codec, data.ffmpeg, data.spares, {
      header: (header, restart) => post({ type: 'header', codec, header: new Uint8Array(header), restart }),
      frames: (frames) => {
        const chunks: WireChunk[] = frames.map((f) => ({
          data: new Uint8Array(f.data),
          mixedAt: t0 + (f.startSample * 1000) / BUS_RATE,
          durationMs: (f.samples * 1000) / BUS_RATE,
        }));
        post({ type: 'chunks', codec, chunks });
      },
      event: (event) => post({ type: 'event', event }),
    }),
);

port.on('message', (cmd: AirCommand) => {
  if (cmd.type === 'start') t0 = cmd.t0;
  else closing = true;
});

async function run(): Promise<void> {
  for (const enc of encoders) enc.start(position);
  post({ type: 'ready' });
  while (!closing) {
    await ring.whenWritten(100);
    const n = ring.read(scratch);
    if (n === 0) continue;
    // Blocks the bus had no room for (this thread was held up for the whole ring): the encoders
    // go on from the next one, and the clock of what they make stays the bus's.
    const lost = ring.droppedBytes - dropped;
    dropped += lost;
    position += lost / BYTES_PER_FRAME;
    // The bus writes whole 10 ms blocks (writeWhole) and `scratch` holds whole blocks: whole frames.
    const pcm = Buffer.from(scratch.subarray(0, n));
    for (const enc of encoders) enc.feed(pcm, position);
    position += n / BYTES_PER_FRAME;
  }
  for (const enc of encoders) enc.close();
  post({ type: 'closed' });
  port!.close();
}

void run();
