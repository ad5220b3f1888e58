/**
 * A day folder's index, `segments.jsonl`: a line when a segment opens (its exact start on the
 * bus's clock) and one when it closes (its end and size). The last line about a file wins; a
 * segment opened and never closed (the studio was killed) is closed on the next start from its
 * whole frames. The index lives beside the audio, so a day removed by retention takes both.
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';

export const INDEX_FILE = 'segments.jsonl';

export interface IndexLine {
  /** The file's name in its day folder (`153000.mp3`). */
  file: string;
  startMs: number;
  /** Absent until the segment is closed. */
  endMs?: number;
  bytes?: number;
}

export async function appendIndex(dayDir: string, line: IndexLine): Promise<void> {
  await appendFile(path.join(dayDir, INDEX_FILE), `${JSON.stringify(line)}\n`);
}

/**
 * Ends a line a kill left half written, so that the next line appended is not glued to it (and
 * lost with it). Called on every day when the recorder opens, before anything is appended.
 */
export async function endTornLine(dayDir: string): Promise<void> {
  const text = await readFile(path.join(dayDir, INDEX_FILE)).catch(() => null);
  if (text?.length && text[text.length - 1] !== 0x0a) await appendFile(path.join(dayDir, INDEX_FILE), '\n');
}

/** The day's segments by file, the last line about each winning; damaged lines are skipped. */
export async function readIndex(dayDir: string): Promise<IndexLine[]> {
  const text = await readFile(path.join(dayDir, INDEX_FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const byFile = new Map<string, IndexLine>();
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const line = JSON.parse(raw) as IndexLine;
      if (typeof line.file === 'string' && Number.isFinite(line.startMs)) byFile.set(line.file, line);
    } catch {
      // A line half written when the power went: the segment's open line or the recovery covers it.
    }
  }
  return [...byFile.values()];
}
