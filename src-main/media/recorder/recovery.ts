import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RECORDING_BITS, type RecordingTake } from '../../contract';
import {
  readSidecar,
  sidecarPathFor,
  takeFolders,
  takeFromSidecar,
  writeSidecar,
  type Sidecar,
} from './takes';
import {
  blockAlign,
  cueChunks,
  headerSizeFields,
  isMarkerChunks,
  parseWavHeader,
  WAV_HEADER_BYTES,
  wavHeader,
  type PcmFormat,
} from './wav';

export interface RepairResult {
  format: PcmFormat;
  dataBytes: number;
  durationSec: number;
  /** The header was unreadable and was rebuilt from the sidecar's format. */
  rebuiltHeader: boolean;
  /** The file was already complete (the crash came after the take was closed). */
  wasComplete: boolean;
}

const HEAD_BYTES = 64 * 1024;
/** Markers a take closes with fit well within this: a `cue ` chunk is looked for only here. */
const MARKER_TAIL_BYTES = 1024 * 1024;

/**
 * Makes an interrupted take a valid WAV file holding every whole frame of audio that reached the
 * disk. The size fields are not trusted (a kill can come between writing one and the other, or
 * before either): the audio runs from the `data` chunk's start to the end of the file, cut to a
 * whole frame, unless the file ends with the markers a closing take writes (`cue `, `LIST`), which
 * are kept. When the header itself is unreadable (a machine that died before it reached the disk
 * leaves zeros), a header is rebuilt from `fallback` (the sidecar's format). Markers within the
 * audio are added as a `cue ` chunk when the file has none. Safe to run twice. Returns `null` when
 * the file cannot be understood.
 */
export async function repairWavFile(
  file: string,
  fallback: PcmFormat | null,
  markers: ReadonlyArray<{ id: number; atSec: number; label: string }> = [],
): Promise<RepairResult | null> {
  const handle = await open(file, 'r+');
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    const parsed = parseWavHeader(head);

    let format: PcmFormat;
    let dataOffset: number;
    let rebuiltHeader = false;
    if (parsed) {
      format = parsed.format;
      dataOffset = parsed.dataOffset;
    } else if (fallback) {
      format = fallback;
      dataOffset = WAV_HEADER_BYTES;
      rebuiltHeader = true;
      await handle.write(wavHeader(format, 0), 0, WAV_HEADER_BYTES, 0);
    } else {
      return null;
    }

    const align = blockAlign(format);
    const found = await findMarkerChunks(handle, size, dataOffset, align, parsed?.declaredDataBytes);
    const audioEnd = found ?? dataOffset + wholeFrames(Math.max(0, size - dataOffset), align, dataOffset);
    const dataBytes = audioEnd - dataOffset;
    const frames = dataBytes / align;
    const result = { format, dataBytes, durationSec: frames / format.sampleRate, rebuiltHeader };

    let trailing = size - audioEnd;
    if (found === null) {
      await handle.truncate(audioEnd);
      const cues = markers
        .map((m) => ({ id: m.id, frame: Math.round(m.atSec * format.sampleRate), label: m.label }))
        .filter((c) => c.frame <= frames);
      const chunk = cueChunks(cues);
      trailing = 0;
      if (chunk.length > 0) {
        try {
          await handle.write(chunk, 0, chunk.length, audioEnd);
          trailing = chunk.length;
        } catch {
          // No room to move the trailing chunks: cut them off so the audio stays a valid WAV; if
          // even that fails the header below still says where the audio ends.
          await handle.truncate(audioEnd).catch(() => undefined);
        }
      }
    }
    const fields = headerSizeFields(dataBytes, trailing, dataOffset);
    const complete =
      !rebuiltHeader &&
      audioEnd + trailing === size &&
      fields.every((f) => head.subarray(f.offset, f.offset + 4).equals(f.value));
    if (complete) return { ...result, wasComplete: true };
    for (const { offset, value } of fields) await handle.write(value, 0, 4, offset);
    await handle.sync();
    return { ...result, wasComplete: false };
  } finally {
    await handle.close();
  }
}

/**
 * Where the markers a closing take wrote after its audio begin, or `null` when the file does not end
 * with them. The declared data size is tried first (it is right once a take is closed); when it is
 * stale, the `cue ` chunk is looked for at each whole frame near the end of the file.
 */
async function findMarkerChunks(
  handle: FileHandle,
  size: number,
  dataOffset: number,
  align: number,
  declaredDataBytes: number | undefined,
): Promise<number | null> {
  const tailStart = Math.max(dataOffset, size - MARKER_TAIL_BYTES);
  if (tailStart >= size) return null;
  const tail = Buffer.alloc(size - tailStart);
  await handle.read(tail, 0, tail.length, tailStart);
  const markersFrom = (at: number) =>
    at >= tailStart &&
    at < size &&
    (at - dataOffset) % align === 0 &&
    isMarkerChunks(tail.subarray(at - tailStart));

  if (declaredDataBytes !== undefined && markersFrom(dataOffset + declaredDataBytes)) {
    return dataOffset + declaredDataBytes;
  }
  for (let i = tail.indexOf('cue ', 0, 'ascii'); i >= 0; i = tail.indexOf('cue ', i + 1, 'ascii')) {
    if (markersFrom(tailStart + i)) return tailStart + i;
  }
  return null;
}

/** The largest run of whole frames in `bytes` that the 32-bit RIFF sizes can describe. */
function wholeFrames(bytes: number, align: number, dataOffset: number): number {
  const max = 0xffff_ffff - dataOffset;
  const fit = Math.min(bytes, max);
  return fit - (fit % align);
}

export interface RecoveryOptions {
  dataDir: string;
  /** Takes this process is recording right now: never touched. */
  isActive?: (takeId: string) => boolean;
  now?: () => number;
}

export interface RecoveryReport {
  /** Repaired takes, now in `recordings/recovered/`, ready for the library (`recovered: true`). */
  recovered: RecordingTake[];
  /** Files left alone, and why (another studio process is still writing them, or they are unreadable). */
  skipped: Array<{ file: string; reason: 'in-use' | 'unreadable' }>;
}

/** A take written to in the last this-many milliseconds by a live process is still being recorded. */
const IN_USE_WINDOW_MS = 15_000;

/**
 * Repairs every take left in `recordings/in-progress/` by a studio (or CLI) that died while
 * recording, and moves it to `recordings/recovered/` with its sidecar (markers kept). The
 * composition root calls this once at start; the library then adds each take as recovered.
 */
export async function recoverInterruptedTakes(options: RecoveryOptions): Promise<RecoveryReport> {
  const folders = takeFolders(options.dataDir);
  const report: RecoveryReport = { recovered: [], skipped: [] };
  let names: string[];
  try {
    names = await readdir(folders.inProgress);
  } catch {
    return report; // no take was ever started here
  }
  const now = options.now?.() ?? Date.now();

  // Leftovers of interrupted atomic sidecar writes: the real sidecar is beside them.
  for (const n of names.filter((n) => n.endsWith('.json.tmp'))) {
    // One left behind is removed at the next start.
    await unlink(path.join(folders.inProgress, n)).catch(() => undefined);
  }

  for (const name of names.filter((n) => n.toLowerCase().endsWith('.wav')).sort()) {
    const wav = path.join(folders.inProgress, name);
    const sidecarFile = sidecarPathFor(wav);
    const sidecar = await readSidecar(sidecarFile);
    const id = sidecar?.id ?? path.basename(name, path.extname(name));
    const info = await stat(wav).catch(() => null);
    if (!info) continue;
    if (sidecar && isStillRecording(sidecar, info.mtimeMs, now, options.isActive)) {
      report.skipped.push({ file: wav, reason: 'in-use' });
      continue;
    }

    const fallback: PcmFormat | null = sidecar
      ? { sampleRate: sidecar.sampleRate, channels: sidecar.channels, bitsPerSample: RECORDING_BITS }
      : null;
    const repaired = await repairWavFile(wav, fallback, sidecar?.markers ?? []).catch(() => null);
    if (!repaired) {
      // Never delete audio: set it aside where it will not be tried again.
      await mkdir(folders.recovered, { recursive: true });
      const aside = await freeName(path.join(folders.recovered, `${id}.unreadable.wav`));
      // A failed move leaves it where it was: reported as unreadable again at the next start.
      await rename(wav, aside).catch(() => undefined);
      report.skipped.push({ file: wav, reason: 'unreadable' });
      continue;
    }

    const channels = repaired.format.channels === 2 ? 2 : 1;
    const updated: Sidecar = {
      ...(sidecar ?? orphanSidecar(id, info.birthtime, repaired.format.sampleRate, channels)),
      endedAt: info.mtime.toISOString(),
      durationSec: round3(repaired.durationSec),
      markers: (sidecar?.markers ?? []).filter((m) => m.atSec <= repaired.durationSec),
      state: 'recovered',
      stopReason: 'crash',
    };
    await mkdir(folders.recovered, { recursive: true });
    const target = await freeName(path.join(folders.recovered, `${id}.wav`));
    // Sidecar first (in place), then the audio, then the sidecar: a crash in between leaves
    // either an in-progress take that is repaired again, or a sidecar whose audio moved on.
    await writeSidecar(sidecarFile, updated);
    await rename(wav, target);
    await rename(sidecarFile, sidecarPathFor(target));
    report.recovered.push(takeFromSidecar(updated, target));
  }

  // Sidecars whose audio already moved (a crash between the two renames): follow the audio.
  for (const name of (await readdir(folders.inProgress).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.json'),
  )) {
    const sidecarFile = path.join(folders.inProgress, name);
    const base = path.basename(name, '.json');
    if (existsSync(path.join(folders.inProgress, `${base}.wav`))) continue;
    for (const dir of [folders.root, folders.recovered]) {
      if (existsSync(path.join(dir, `${base}.wav`)) && !existsSync(path.join(dir, name))) {
        // A failed move is tried again at the next start; the audio is already safe.
        await rename(sidecarFile, path.join(dir, name)).catch(() => undefined);
        break;
      }
    }
  }
  return report;
}

function isStillRecording(
  sidecar: Sidecar,
  mtimeMs: number,
  now: number,
  isActive: RecoveryOptions['isActive'],
): boolean {
  if (sidecar.pid === process.pid && sidecar.hostname === os.hostname()) {
    return isActive?.(sidecar.id) ?? false;
  }
  if (now - mtimeMs > IN_USE_WINDOW_MS) return false;
  // Written to just now: by a live process on this machine, or by another machine sharing the folder.
  return sidecar.hostname !== os.hostname() || isProcessAlive(sidecar.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function orphanSidecar(id: string, born: Date, sampleRate: number, channels: 1 | 2): Sidecar {
  return {
    version: 1,
    id,
    title: `Bản thu khôi phục ${id}`,
    device: 'không rõ',
    backend:
      process.platform === 'win32' ? 'waveaudio' : process.platform === 'darwin' ? 'coreaudio' : 'pulseaudio',
    sampleRate,
    channels,
    startedAt: born.toISOString(),
    endedAt: null,
    durationSec: null,
    markers: [],
    state: 'recovered',
    stopReason: 'crash',
    pid: 0,
    hostname: os.hostname(),
    assetId: null,
  };
}

async function freeName(file: string): Promise<string> {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? file : `${base}-${i}${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
