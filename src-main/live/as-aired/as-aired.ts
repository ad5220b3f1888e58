/**
 * The as-aired recorder (issue 16): every channel of the air, recorded as it is sent, in MP3
 * segments under `<root>/<channel>/YYYY-MM-DD/HHMMSS.mp3` with a `segments.jsonl` index per day.
 *
 * The bytes are the MP3 tap's own chunks (whole frames, no re-encode): what a receiver was sent,
 * not a second opinion of it. A segment is continuous on the bus's clock, so the audio at an
 * instant T of a segment is at T − start in its file: a new segment begins at each boundary
 * (local quarter hours by default, and midnight), when the air starts again, and wherever the
 * chunks' clock jumps (an encoder's spare taking over after a gap).
 *
 * Kept by the retention rule (months, never under 6): the days past it are only listed (`dueDays`);
 * one goes when an archivist confirms it (`removeDay`, through the archive's retention, issue 17).
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AsAiredSegment } from '../../contract';
import type { Logger } from '../../platform/logger';
import type { EncodedChunk, EncodedTap } from '../air/encoded-tap';
import { appendIndex, endTornLine, readIndex } from './segment-index';
import { dayStartMs, localClock, localDay, mp3DurationMs, nextBoundary } from './segment-files';
import { SegmentWriter } from './segment-writer';

export interface AsAiredOptions {
  /** The as-aired folder (`<data>/as-aired`). */
  root: string;
  /** How long recordings are kept, in months (the monitor's settings); fewer than 6 counts as 6. */
  retentionMonths: () => number;
  log: Logger;
  /** A segment's length at most (default 15 minutes). */
  segmentMs?: number;
  /** The wall clock, for retention (tests move it). */
  now?: () => number;
}

/** A day of one channel past the retention rule: listed, never removed without a confirmation. */
export interface AsAiredDueDay {
  channel: string;
  /** `YYYY-MM-DD`, local. */
  day: string;
  /** The day folder. */
  path: string;
  /** When its retention ended: the start of the local day `months` after the day after it. */
  dueSince: string;
  bytes: number;
  segments: number;
}

/** The law's floor (Decree 08/2017 art. 7): spoken-word journalism is kept 6 months after it aired. */
export const MIN_RETENTION_MONTHS = 6;
const DEFAULT_SEGMENT_MS = 15 * 60_000;
/** A chunk more than this off where the last one ended starts a new segment (the file stays linear in time). */
const MAX_JUMP_MS = 500;

interface OpenSegment {
  channel: string;
  day: string;
  file: string;
  writer: SegmentWriter;
  startMs: number;
  endMs: number;
  boundaryMs: number;
}

export class AsAired {
  private readonly segmentMs: number;
  private readonly now: () => number;
  /** The segment being written per recorded channel. */
  private readonly openByChannel = new Map<string, OpenSegment | null>();
  private readonly lastFileByChannel = new Map<string, string>();
  /** Index lines and closes, in order (a close's line after its open's). */
  private writes: Promise<void> = Promise.resolve();
  private readonly closedListeners = new Set<(segment: AsAiredSegment) => void>();
  private closed = false;

  private constructor(private readonly opts: AsAiredOptions) {
    this.segmentMs = opts.segmentMs ?? DEFAULT_SEGMENT_MS;
    this.now = opts.now ?? Date.now;
  }

  /** Closes what a killed studio left open. Nothing is removed by itself: see `dueDays`. */
  static async open(opts: AsAiredOptions): Promise<AsAired> {
    const asAired = new AsAired(opts);
    await mkdir(opts.root, { recursive: true });
    await asAired.recover();
    return asAired;
  }

  /**
   * Records a channel's MP3 tap until the returned stop (the channel went off the air); the
   * segment being written is then closed. One recording per channel at a time.
   */
  record(channel: string, tap: EncodedTap): () => void {
    if (this.closed) return () => undefined;
    if (this.openByChannel.has(channel)) throw new Error(`the as-aired recorder already records ${channel}`);
    if (tap.codec !== 'mp3') throw new Error('the as-aired recording is the MP3 stream');
    this.openByChannel.set(channel, null);
    const off = tap.onChunk((chunk) => this.onChunk(channel, chunk));
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      off();
      this.closeSegment(channel);
      this.openByChannel.delete(channel);
    };
  }

  /** Every segment (closed, or being written) that holds air between the two instants, oldest first. */
  async segmentsBetween(fromMs: number, toMs: number): Promise<AsAiredSegment[]> {
    await this.writes;
    const fromDay = localDay(fromMs);
    const toDay = localDay(toMs);
    const out: AsAiredSegment[] = [];
    for (const channel of await dirs(this.opts.root)) {
      const channelDir = path.join(this.opts.root, channel);
      for (const day of await dirs(channelDir)) {
        if (day < fromDay || day > toDay || dayStartMs(day) === null) continue;
        for (const line of await readIndex(path.join(channelDir, day))) {
          const live = this.openByChannel.get(channel);
          const recording = !!live && live.day === day && live.file === line.file;
          const endMs = recording ? live.endMs : line.endMs;
          if (endMs === undefined || line.startMs >= toMs || endMs <= fromMs) continue;
          out.push(
            this.segmentOf(
              channel,
              day,
              line.file,
              line.startMs,
              endMs,
              recording ? live.writer.bytes : (line.bytes ?? 0),
              recording,
            ),
          );
        }
      }
    }
    return out.sort((a, b) => a.start.localeCompare(b.start) || a.channel.localeCompare(b.channel));
  }

  /** Each segment once it is closed and on disk (the archive registers it, issue 17). */
  onSegmentClosed(listener: (segment: AsAiredSegment) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** The retention in months: the setting, never under the law's 6. */
  retentionMonths(): number {
    return Math.max(MIN_RETENTION_MONTHS, Math.floor(this.opts.retentionMonths()));
  }

  /**
   * The days older than the retention on every channel (never the one being written), oldest
   * first, with their size: what an archivist may choose to delete.
   */
  async dueDays(): Promise<AsAiredDueDay[]> {
    const months = this.retentionMonths();
    const today = new Date(this.now());
    const keepFrom = localDay(
      new Date(today.getFullYear(), today.getMonth() - months, today.getDate()).getTime(),
    );
    const due: AsAiredDueDay[] = [];
    for (const channel of await dirs(this.opts.root)) {
      const channelDir = path.join(this.opts.root, channel);
      for (const day of await dirs(channelDir)) {
        if (dayStartMs(day) === null || day >= keepFrom) continue;
        if (this.openByChannel.get(channel)?.day === day) continue;
        const dayDir = path.join(channelDir, day);
        let bytes = 0;
        let segments = 0;
        for (const name of await readdir(dayDir)) {
          const st = await stat(path.join(dayDir, name)).catch(() => null);
          if (!st?.isFile()) continue;
          bytes += st.size;
          if (name.endsWith('.mp3')) segments++;
        }
        const [y, m, d] = day.split('-').map(Number) as [number, number, number];
        const dueSince = new Date(y, m - 1 + months, d + 1).toISOString();
        due.push({ channel, day, path: dayDir, dueSince, bytes, segments });
      }
    }
    return due.sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel));
  }

  /**
   * Removes one day of one channel, only if it is past the retention now (an archivist confirmed
   * it). Returns the bytes freed, or null when the day is not due (or not there).
   */
  async removeDay(channel: string, day: string): Promise<number | null> {
    const due = (await this.dueDays()).find((d) => d.channel === channel && d.day === day);
    if (!due) return null;
    await rm(due.path, { recursive: true, force: true });
    this.opts.log.info(`As-aired day removed after confirmation: ${channel}/${day}`, { bytes: due.bytes });
    return due.bytes;
  }

  /** Resolves once every chunk received so far is written and every index line appended. */
  async flush(): Promise<void> {
    await this.writes;
  }

  /** Closes every segment being written (the air goes off with the studio). */
  async close(): Promise<void> {
    this.closed = true;
    for (const channel of this.openByChannel.keys()) this.closeSegment(channel);
    this.openByChannel.clear();
    await this.writes;
  }

  // ---------------------------------------------------------------------------------------------

  private onChunk(channel: string, chunk: EncodedChunk): void {
    let seg = this.openByChannel.get(channel) ?? null;
    if (seg && (chunk.mixedAt >= seg.boundaryMs || Math.abs(chunk.mixedAt - seg.endMs) > MAX_JUMP_MS)) {
      this.closeSegment(channel);
      seg = null;
    }
    seg ??= this.openSegment(channel, chunk.mixedAt);
    seg.writer.append(chunk.data);
    seg.endMs = chunk.mixedAt + chunk.durationMs;
  }

  private openSegment(channel: string, startMs: number): OpenSegment {
    const day = localDay(startMs);
    const dayDir = path.join(this.opts.root, channel, day);
    let file = `${localClock(startMs)}.mp3`;
    // Two starts in one second (the air stopped and started again): the second gets its milliseconds.
    if (this.lastFileByChannel.get(channel) === `${day}/${file}`)
      file = `${localClock(startMs)}-${String(startMs % 1000).padStart(3, '0')}.mp3`;
    this.lastFileByChannel.set(channel, `${day}/${file}`);
    const seg: OpenSegment = {
      channel,
      day,
      file,
      startMs,
      endMs: startMs,
      boundaryMs: nextBoundary(startMs, this.segmentMs),
      writer: null as unknown as SegmentWriter,
    };
    const ready = mkdir(dayDir, { recursive: true });
    seg.writer = new SegmentWriter(path.join(dayDir, file), ready, (err) =>
      this.opts.log.error(`The as-aired segment ${channel}/${day}/${file} could not be written`, err),
    );
    this.openByChannel.set(channel, seg);
    this.enqueue(async () => {
      await ready;
      await appendIndex(dayDir, { file, startMs });
    });
    return seg;
  }

  private closeSegment(channel: string): void {
    const seg = this.openByChannel.get(channel);
    if (!seg) return;
    this.openByChannel.set(channel, null);
    const dayDir = path.join(this.opts.root, channel, seg.day);
    this.enqueue(async () => {
      await seg.writer.close();
      const bytes = seg.writer.bytes;
      await appendIndex(dayDir, { file: seg.file, startMs: seg.startMs, endMs: seg.endMs, bytes });
      const segment = this.segmentOf(channel, seg.day, seg.file, seg.startMs, seg.endMs, bytes, false);
      for (const listener of [...this.closedListeners]) {
        try {
          listener(segment);
        } catch (err) {
          this.opts.log.error('An as-aired segment listener failed', err);
        }
      }
    });
  }

  /** A segment opened and never closed (the studio was killed): its end from its whole frames. */
  private async recover(): Promise<void> {
    for (const channel of await dirs(this.opts.root)) {
      const channelDir = path.join(this.opts.root, channel);
      for (const day of await dirs(channelDir)) {
        const dayDir = path.join(channelDir, day);
        await endTornLine(dayDir);
        for (const line of await readIndex(dayDir)) {
          if (line.endMs !== undefined) continue;
          const bytes = await readFile(path.join(dayDir, line.file)).catch(() => Buffer.alloc(0));
          const { ms, wholeBytes } = mp3DurationMs(bytes);
          // A frame cut in half by the kill would be heard as a click: the file ends at its last whole frame.
          if (wholeBytes < bytes.length)
            await writeFile(path.join(dayDir, line.file), bytes.subarray(0, wholeBytes));
          await appendIndex(dayDir, {
            file: line.file,
            startMs: line.startMs,
            endMs: line.startMs + ms,
            bytes: wholeBytes,
          });
          this.opts.log.warn(`An as-aired segment left open was closed: ${channel}/${day}/${line.file}`, {
            seconds: ms / 1000,
          });
        }
      }
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.writes = this.writes
      .then(work)
      .catch((err: unknown) => this.opts.log.error('The as-aired index could not be written', err));
  }

  private segmentOf(
    channel: string,
    day: string,
    file: string,
    startMs: number,
    endMs: number,
    bytes: number,
    recording: boolean,
  ): AsAiredSegment {
    return {
      channel,
      file: `${channel}/${day}/${file}`,
      path: path.join(this.opts.root, channel, day, file),
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      seconds: Math.round(endMs - startMs) / 1000,
      bytes,
      recording,
    };
  }
}

/** The folders in a folder (none when it does not exist). */
async function dirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
