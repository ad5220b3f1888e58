/**
 * A separate process that writes one take through the studio's real WavFileWriter, as the recorder
 * does (audio in chunks, a flush every few chunks, markers on close), so that a test can kill it at
 * any moment. Every frame carries its own number, so what survived on disk can be checked frame by
 * frame. Arguments: FILE CHUNKS FRAMES_PER_CHUNK. Prints `closed` when the take was finished.
 */
import { WavFileWriter } from '../../src-main/media/recorder/wav-file-writer';
import { takeFrames, TAKE_FORMAT, TAKE_MARKERS } from './take-frames';

const [file = '', chunks = '12', framesPerChunk = '480'] = process.argv.slice(2);
const writer = await WavFileWriter.create(file, TAKE_FORMAT);
const perChunk = Number(framesPerChunk);
for (let i = 0; i < Number(chunks); i++) {
  writer.append(takeFrames(i * perChunk, perChunk));
  if (i % 3 === 2) await writer.flush();
}
await writer.close(TAKE_MARKERS);
process.stdout.write('closed\n');
