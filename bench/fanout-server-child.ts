/**
 * The built-in stream server alone, in a process of its own, for the fan-out benchmark: fed by one
 * ffmpeg encoding the timing marks (tests/support/ffmpeg-tap.ts), as Icecast is fed by one ffmpeg,
 * so that the CPU measured is the server's and not the air's (mixing, encoding, its workers).
 * Talks to its parent over the fork channel: sends `{ url }` once it listens, answers `stats` with
 * `{ listeners }`, and closes on `close`.
 */
import { StreamServer } from '../src-main/live/outputs/stream-server';
import { startFfmpegTap } from '../tests/support/ffmpeg-tap';

const TOKEN = 'benchmark-token-0123456789abcdef';
const send = (message: unknown) => process.send?.(message);

const tap = await startFfmpegTap('mp3');
const server = await StreamServer.start({
  port: 0,
  host: '127.0.0.1',
  stations: { acceptsToken: (code, token) => code === 'XA-01' && token === TOKEN },
});
server.attach(tap.tap);
server.route('XA-01');
process.on('message', (message) => {
  if (message === 'stats') send({ listeners: server.stats('XA-01').listeners });
  if (message === 'close') {
    void Promise.all([server.close(), tap.close()]).finally(() => process.exit(0));
  }
});
// The parent gone (a benchmark stopped by Ctrl+C): do not linger.
process.on('disconnect', () => process.exit(0));
send({ url: `${server.address}/live/XA-01.mp3?token=${TOKEN}` });
