/**
 * The bus's thread: its clock, its mixer, and the programme it hands on.
 *
 * The clock is an absolute schedule: block n is due at t0 + n × 10 ms (performance.now()). After
 * each block the thread sleeps in Atomics.wait until the next one is due (a futex wait, precise
 * to well under a millisecond, where a setTimeout may be 1–4 ms late); main rings the doorbell
 * after each command, so a command wakes it at once, and the thread takes the commands itself
 * (receiveMessageOnPort) before it sleeps and when it wakes: it acts on one at the next block. A late wake-up never shifts the schedule:
 * the blocks due meanwhile are mixed back to back (counted in `caughtUp`), so over a minute the
 * bus delivers exactly 48,000 frames a second, whatever the jitter. Only a stall past 500 ms (the
 * machine suspended, a debugger) skips ahead instead of bursting, counted in `slips`. Between
 * blocks the thread returns to its event loop (setImmediate), where ffmpeg's pipes and main's
 * commands are read. Main's own work never runs here, nor do the sources' processes and pipes
 * (the feed thread's).
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BLOCK_MS, BLOCK_SAMPLES, METER_BLOCKS } from './format';
import { Mixer } from './mixer';
import { PcmRing } from './pcm-ring';
import type { BusCommand, BusWorkerData, ClockReport, WorkerMessage } from './protocol';

const SLIP_MS = 500;

const data = workerData as BusWorkerData;
const port = parentPort;
if (!port) throw new Error('bus-worker runs only as a worker thread');

const mixer = new Mixer(data.settings);
const doorbell = new Int32Array(data.doorbell);
const output = data.output ? new PcmRing(data.output) : null;
const block = new Int16Array(BLOCK_SAMPLES);
const blockBytes = new Uint8Array(block.buffer);

let closing = false;
let t0 = performance.now();
let n = 0;
let maxLateMs = 0;
let caughtUp = 0;
let slips = 0;
let outputOverruns = 0;

function post(m: WorkerMessage, transfer?: ArrayBuffer[]): void {
  port!.postMessage(m, transfer);
}

function sourceError(id: string, message: string): void {
  post({ type: 'source', event: { type: 'error', id, message } });
}

function apply(cmd: BusCommand): void {
  try {
    switch (cmd.type) {
      case 'add':
        mixer.add({ ...cmd, ring: new PcmRing(cmd.ring) });
        break;
      case 'level':
        mixer.setLevel(cmd.id, cmd.db, cmd.fadeMs);
        break;
      case 'play':
        mixer.play(cmd.id);
        break;
      case 'pause':
        mixer.pause(cmd.id);
        break;
      case 'takeAir':
        mixer.takeAir(cmd.id);
        break;
      case 'releaseAir':
        mixer.releaseAir(cmd.id);
        break;
      case 'remove':
        mixer.remove(cmd.id);
        break;
      case 'close':
        closing = true;
        break;
    }
  } catch (err) {
    if (cmd.type !== 'close') sourceError('id' in cmd ? cmd.id : '', (err as Error).message);
  }
}

port.on('message', (cmd: BusCommand) => apply(cmd));

/**
 * Takes the commands already posted, synchronously. Main posts, then rings: once the ring is
 * seen, its command is here to be taken, so a command is never left waiting for a block's sleep.
 */
function takeCommands(): boolean {
  let took = false;
  for (let m = receiveMessageOnPort(port!); m; m = receiveMessageOnPort(port!)) {
    apply(m.message as BusCommand);
    took = true;
  }
  return took;
}

function emit(index: number): void {
  if (data.transport === 'transfer') {
    const copy = blockBytes.slice().buffer;
    post({ type: 'pcm', block: index, data: copy }, [copy]);
  } else if (output && !output.writeWhole(blockBytes)) {
    // The reader is behind by the whole ring: the block is lost to it, never waited for (and
    // never written in part, which would leave the reader's samples misaligned from then on).
    outputOverruns++;
  }
}

function afterBlock(): void {
  for (const event of mixer.drainEvents()) post({ type: 'source', event });
  if (mixer.blockCount % METER_BLOCKS === 0) {
    const clock: ClockReport = {
      elapsedMs: performance.now() - t0,
      maxLateMs,
      caughtUp,
      slips,
      outputOverruns,
    };
    maxLateMs = 0;
    post({ type: 'meters', report: mixer.meters(), clock });
  }
}

function tick(): void {
  if (closing) {
    post({ type: 'closed' });
    port!.close();
    return;
  }
  takeCommands();
  let now = performance.now();
  let inRow = 0;
  while (now >= t0 + n * BLOCK_MS) {
    const late = now - (t0 + n * BLOCK_MS);
    if (late > SLIP_MS) {
      t0 = now - n * BLOCK_MS;
      slips++;
      continue;
    }
    if (late > maxLateMs) maxLateMs = late;
    if (++inRow > 1) caughtUp++;
    mixer.mixBlock(block);
    emit(n);
    n++;
    afterBlock();
    now = performance.now();
  }
  const seen = Atomics.load(doorbell, 0);
  if (takeCommands()) {
    setImmediate(tick);
    return;
  }
  const wait = t0 + n * BLOCK_MS - performance.now();
  if (wait > 0) Atomics.wait(doorbell, 0, seen, wait);
  setImmediate(tick);
}

t0 = performance.now();
post({ type: 'ready', t0: performance.timeOrigin + t0 });
setImmediate(tick);
