import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
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
import { blockAlign, cueChunks, parseWavHeader, WAV_HEADER_BYTES, wavHeader, type PcmFormat } from './wav';

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

/**
 * Makes an interrupted take a valid WAV file holding all the audio that reached the disk: the data
 * size is computed from the file's length, cut to a whole frame, and both RIFF sizes are rewritten.
 * When the header itself is unreadable (a machine that died before it reached the disk leaves
 * zeros), a header is rebuilt from `fallback` (the sidecar's format). Markers within the audio are
 * added as a `cue ` chunk. Safe to run twice. Returns `null` when the file cannot be understood.
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
      const riffSize = head.readUInt32LE(4);
      const complete = riffSize + 8 === size && dataOffset + parsed.declaredDataBytes <= size;
      if (complete) {
        const dataBytes = parsed.declaredDataBytes;
        return {
          format,
          dataBytes,
          durationSec: dataBytes / blockAlign(format) / format.sampleRate,
          rebuiltHeader: false,
          wasComplete: true,
        };
      }
    } else if (fallback) {
      format = fallback;
      dataOffset = WAV_HEADER_BYTES;
      rebuiltHeader = true;
      await handle.write(wavHeader(format, 0), 0, WAV_HEADER_BYTES, 0);
    } else {
      return null;
    }

    const align = blockAlign(format);
    const audioBytes = Math.max(0, size - dataOffset);
    const dataBytes = Math.min(audioBytes - (audioBytes % align), 0xffff_ffff - dataOffset);
    await handle.truncate(dataOffset + dataBytes);

    const frames = dataBytes / align;
    const cues = markers
      .map((m) => ({ id: m.id, frame: Math.round(m.atSec * format.sampleRate), label: m.label }))
      .filter((c) => c.frame <= frames);
    let trailing = 0;
    const chunk = cueChunks(cues);
    if (chunk.length > 0) {
      try {
        await handle.write(chunk, 0, chunk.length, dataOffset + dataBytes);
        trailing = chunk.length;
      } catch {
        await handle.truncate(dataOffset + dataBytes).catch(() => undefined);
      }
    }
    // The header keeps its layout (other chunks may precede `data`): RIFF size, then data size.
    const riffSize = Buffer.alloc(4);
    riffSize.writeUInt32LE(dataOffset - 8 + dataBytes + trailing);
    const dataSize = Buffer.alloc(4);
    dataSize.writeUInt32LE(dataBytes);
    await handle.write(riffSize, 0, 4, 4);
    await handle.write(dataSize, 0, 4, dataOffset - 4);
    await handle.sync();
    return { format, dataBytes, durationSec: frames / format.sampleRate, rebuiltHeader, wasComplete: false };
  } finally {
    await handle.close();
  }
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
      await rename(wav, await freeName(path.join(folders.recovered, `${id}.unreadable.wav`))).catch(
        () => undefined,
      );
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
