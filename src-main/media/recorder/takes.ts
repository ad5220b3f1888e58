import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecordingTake } from '../../contract';

/**
 * Where takes live, under the data folder:
 *
 *   recordings/in-progress/<id>.wav + <id>.json   open takes (anything left here after a crash is repaired)
 *   recordings/<id>.wav + <id>.json               finished takes
 *   recordings/recovered/<id>.wav + <id>.json     takes repaired after a crash
 *
 * File names are ASCII take ids; the title (Vietnamese, free text) is kept in the sidecar. Once the
 * library has a take (its asset id in the sidecar) the WAV here is removed: the library's copy is the
 * take, and the sidecar keeps its markers.
 */
export interface TakeFolders {
  root: string;
  inProgress: string;
  recovered: string;
}

export function takeFolders(dataDir: string): TakeFolders {
  const root = path.join(dataDir, 'recordings');
  return { root, inProgress: path.join(root, 'in-progress'), recovered: path.join(root, 'recovered') };
}

/** `20250714-083015-3fa2`: local start time, then a random suffix so that two takes never collide. */
export function newTakeId(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-` +
    `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export const TAKE_ID_PATTERN = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$/;

const markerSchema = z.object({
  id: z.number().int().positive(),
  atSec: z.number().min(0),
  label: z.string(),
  createdAt: z.string(),
});

/** The JSON file beside every take. Written atomically; rewritten when a marker is added. */
export const sidecarSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  title: z.string(),
  device: z.string(),
  backend: z.enum(['pulseaudio', 'alsa', 'arecord', 'waveaudio', 'coreaudio']),
  sampleRate: z.number().int().positive(),
  channels: z.union([z.literal(1), z.literal(2)]),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSec: z.number().min(0).nullable(),
  markers: z.array(markerSchema),
  state: z.enum(['recording', 'finished', 'recovered']),
  stopReason: z
    .enum(['user', 'time-limit', 'disk-full', 'size-limit', 'device-error', 'write-error', 'crash'])
    .nullable(),
  /** The recording process, so that recovery never touches a take another studio process is writing. */
  pid: z.number().int(),
  hostname: z.string(),
  assetId: z.string().nullable().default(null),
});

export type Sidecar = z.infer<typeof sidecarSchema>;

export async function readSidecar(file: string): Promise<Sidecar | null> {
  try {
    const parsed = sidecarSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes a temporary file, fsyncs it and renames it over the old one: a reader sees old or new, never half. */
export async function writeSidecar(file: string, sidecar: Sidecar): Promise<void> {
  const text = `${JSON.stringify(sidecar, null, 2)}\n`;
  const tmp = `${file}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EDQUOT') throw err;
    // A full disk has no block for a second copy: rewrite the existing file in place (it reuses its
    // own block; the sidecar is far smaller than one). Not atomic, but the take must be described.
    await unlink(tmp).catch(() => undefined);
    const handle = await open(file, 'r+');
    try {
      const bytes = Buffer.from(text, 'utf8');
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.truncate(bytes.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export function sidecarPathFor(wavFile: string): string {
  return wavFile.replace(/\.wav$/i, '.json');
}

export function takeFromSidecar(sidecar: Sidecar, file: string): RecordingTake {
  return {
    id: sidecar.id,
    title: sidecar.title,
    file,
    sidecar: sidecarPathFor(file),
    device: sidecar.device,
    backend: sidecar.backend,
    startedAt: sidecar.startedAt,
    endedAt: sidecar.endedAt ?? sidecar.startedAt,
    durationSec: sidecar.durationSec ?? 0,
    sampleRate: sidecar.sampleRate,
    channels: sidecar.channels,
    markers: sidecar.markers,
    recovered: sidecar.state === 'recovered',
    stopReason: sidecar.stopReason ?? 'crash',
    assetId: sidecar.assetId,
  };
}
