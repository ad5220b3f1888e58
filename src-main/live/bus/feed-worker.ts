/**
 * The feed thread: the sources' I/O (a file's ffmpeg, a relay's ffmpeg, the microphone's capture),
 * kept off the bus's thread. Starting a process and reading its pipe cost milliseconds at a time
 * (spawning eight ffmpegs held a thread for over half a second on a busy machine); here they delay
 * only how soon a ring fills, never a block of the air. Each feed writes the ring the bus reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileFeed } from './file-feed';
import { LiveInput } from './live-input';
import { PcmRing } from './pcm-ring';
import type { FeedCommand, FeedMessage, FeedWorkerData } from './protocol';

/** How often waiting PCM is moved into rings the bus has made room in (rings hold seconds). */
const PUMP_MS = 50;

const data = workerData as FeedWorkerData;
const port = parentPort;
if (!port) throw new Error('feed-worker runs only as a worker thread');
const feeds = new Map<string, FileFeed | LiveInput>();
let pump: NodeJS.Timeout | null = null;

function post(m: FeedMessage): void {
  port!.postMessage(m);
}

port.on('message', (cmd: FeedCommand) => {
  if (cmd.type === 'file') {
    const ring = new PcmRing(cmd.ring);
    if (!data.ffmpeg) {
      post({ type: 'error', id: cmd.id, message: 'no ffmpeg was given to the bus: file sources need one' });
      ring.end();
      return;
    }
    feeds.set(
      cmd.id,
      new FileFeed(
        data.ffmpeg,
        cmd.path,
        ring,
        (message) => post({ type: 'error', id: cmd.id, message }),
        cmd.startSec,
      ),
    );
    pump ??= setInterval(() => {
      for (const feed of feeds.values()) feed.pump();
    }, PUMP_MS);
  } else if (cmd.type === 'input') {
    const { id } = cmd;
    const input: LiveInput = new LiveInput({
      command: cmd.command,
      ring: new PcmRing(cmd.ring),
      label: cmd.label,
      onLink: (report) => post({ type: 'link', id, pid: input.pid, ...report }),
    });
    feeds.set(id, input);
  } else if (cmd.type === 'stop') {
    feeds.get(cmd.id)?.dispose();
    feeds.delete(cmd.id);
  } else {
    for (const feed of feeds.values()) feed.dispose();
    feeds.clear();
    port!.close();
  }
  // A thread with no file does not wake twenty times a second for nothing (live inputs never wait).
  if (![...feeds.values()].some((f) => f instanceof FileFeed) && pump) {
    clearInterval(pump);
    pump = null;
  }
});

post({ type: 'ready' });
