/**
 * `archive.export`: a record's audio and its metadata written into a folder. An asset is copied as
 * stored; a programme is its last render's master; a segment is cut out of that master by the audio
 * engine (ffmpeg, sample exact, 24-bit WAV), so that what is exported is what the hit pointed at.
 * Files are written beside under a `.part` name and renamed: a failed export leaves nothing half
 * written under the final name.
 */
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderEnv, runFfmpeg } from '../audio';
import { StudioError, type ArchiveExport, type ArchiveRecord } from '../contract';
import { safeName } from '../platform/safe-name';

/** Where a record's audio is: a file, and whether the record is all of it. */
export interface RecordAudio {
  file: string;
  /** The file is the record's audio whole (an asset, a programme): copied, not cut. */
  whole: boolean;
}

export interface ArchiveExportDeps {
  /** The audio of the record's source, or null when there is none (a programme never rendered). */
  audioOf(record: ArchiveRecord): Promise<RecordAudio | null>;
  resolveFfmpeg(): Promise<string | null>;
  dataDir: string;
}

export async function exportRecord(
  deps: ArchiveExportDeps,
  record: ArchiveRecord,
  dir: string,
  signal?: AbortSignal,
): Promise<ArchiveExport> {
  const audio = await deps.audioOf(record);
  if (!audio) {
    throw new StudioError(
      'NOT_FOUND',
      `“${record.title}” chưa có âm thanh để xuất: chương trình chưa được dựng. Hãy dựng chương trình rồi xuất lại.`,
    );
  }
  await mkdir(dir, { recursive: true });
  const base = fileBase(record);
  const ext = audio.whole ? path.extname(audio.file) || '.wav' : '.wav';
  const audioFile = path.join(dir, `${base}${ext}`);
  const metadataFile = path.join(dir, `${base}.json`);
  const part = `${audioFile}.part`;
  try {
    if (audio.whole) await copyFile(audio.file, part);
    else {
      const env = await renderEnv(deps.resolveFfmpeg, deps.dataDir);
      await runFfmpeg({
        ...env,
        inputArgs: ['-i', audio.file],
        graph: `[0:a]atrim=start=${record.startSec}:end=${record.endSec},asetpts=PTS-STARTPTS[out]`,
        outputArgs: ['-map', '[out]', '-c:a', 'pcm_s24le', '-f', 'wav', '-y', part],
        signal,
      });
    }
    await rename(part, audioFile);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
  const metadata = { ...record, exportedAt: new Date().toISOString(), audioFile: path.basename(audioFile) };
  await writeFile(metadataFile, `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
  return {
    id: record.id,
    audioFile,
    metadataFile,
    bytes: (await stat(audioFile)).size,
    startSec: record.startSec,
    endSec: record.endSec,
  };
}

/** The title as a file name, with the segment's place when it is one (two segments may share a title). */
function fileBase(r: ArchiveRecord): string {
  const at = r.kind === 'segment' ? ` (${Math.floor(r.startSec)}s-${Math.ceil(r.endSec)}s)` : '';
  return safeName(`${r.title}${at}`, 'tu-lieu');
}
