import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The SHA-256 of a file's bytes (hex), read as a stream; null when the file cannot be read. */
export async function sha256OfFile(file: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  } catch {
    return null; // missing or unreadable: the caller says which matters to it
  }
}
