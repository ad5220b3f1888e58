/**
 * Makes the last step of an import recoverable. Before an import's files are renamed into the
 * library, a journal naming them and holding the finished record goes beside them in the staging
 * folder; it is removed once the record is written. When the next library opens, staging folders of
 * processes that are gone are read: a journal whose audio (staged or already in place) has the
 * recorded hash is finished (the record is written), anything else is removed. Either way the
 * System screen and the log say so. So a kill at any moment leaves neither a file without a record
 * nor a record without its file.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Asset } from '../contract';
import { isProcessRunning } from '../platform/process-identity';
import { sha256OfFile } from '../platform/file-hash';
import type { RecoveryLog } from '../store';
import { formatMb } from './byte-sizes';

/** An import's staged files in `.incoming/<pid>/`, and the journal written before they move. */
export interface StagedFiles {
  content: string;
  peaks: string;
  journal: string;
}

interface CommitJournal {
  asset: Asset;
  /** Names of the staged files, in the journal's folder. */
  content: string;
  peaks: string;
}

/** Writes the journal (fsynced, then renamed into place, so a torn one never counts). */
export async function writeCommitJournal(staged: StagedFiles, asset: Asset): Promise<void> {
  const journal: CommitJournal = {
    asset,
    content: path.basename(staged.content),
    peaks: path.basename(staged.peaks),
  };
  const tmp = `${staged.journal}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify(journal), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, staged.journal);
}

export interface InterruptedImportsDeps {
  /** `library/.incoming`: one staging folder per process, named by its pid. */
  incomingRoot: string;
  /** Checks a journal's record as the library reads its own (null when it is not one). */
  parseAsset: (value: unknown) => Asset | null;
  isRecorded: (sha256: string) => boolean;
  audioPath: (asset: Asset) => string;
  peaksPath: (sha256: string) => string;
  /** Writes the record of an asset whose files are in place. */
  record: (asset: Asset) => Promise<void>;
  recoveries: RecoveryLog;
}

/** Finishes or removes what imports of processes that are gone left behind (see the module comment). */
export async function recoverInterruptedImports(deps: InterruptedImportsDeps): Promise<void> {
  for (const name of await readdir(deps.incomingRoot).catch(() => [] as string[])) {
    const owner = Number(/^\d+/.exec(name)?.[0]);
    if (owner > 0 && owner !== process.pid && isProcessRunning(owner)) continue;
    // Claimed by renaming, so that two studios starting at once never both finish the same import.
    const claimed = path.join(deps.incomingRoot, `${process.pid}-recovering-${name}`);
    try {
      await rename(path.join(deps.incomingRoot, name), claimed);
    } catch {
      continue; // another process claimed it first
    }
    await recoverFolder(claimed, deps);
    await rm(claimed, { recursive: true, force: true });
  }
}

async function recoverFolder(dir: string, deps: InterruptedImportsDeps): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const handled = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.commit.json'))) {
    const journal = await readJournal(path.join(dir, name), deps.parseAsset);
    if (!journal) continue;
    handled.add(journal.content);
    await finishImport(dir, journal, deps);
  }

  // Copies that never reached their last step: the originals were never touched, so they go.
  let count = 0;
  let bytes = 0;
  for (const name of names.filter((n) => n.endsWith('.audio') && !handled.has(n))) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (!info) continue;
    count++;
    bytes += info.size;
  }
  if (count > 0) {
    await deps.recoveries.add(
      'import-removed',
      `Đã dọn ${count} tệp nhập dở (${formatMb(bytes)}) mà studio để lại khi bị tắt giữa lúc nhập. ` +
        'Tệp gốc không bị động đến; hãy nhập lại nếu chưa thấy nó trong thư viện.',
      'library/.incoming',
    );
  }
}

async function finishImport(
  dir: string,
  journal: CommitJournal,
  deps: InterruptedImportsDeps,
): Promise<void> {
  const { asset } = journal;
  if (deps.isRecorded(asset.sha256)) return; // it was finished; only the journal was left
  const audio = deps.audioPath(asset);
  const peaks = deps.peaksPath(asset.sha256);
  const staged = path.join(dir, journal.content);
  let inPlace: boolean;
  if (await hasHash(staged, asset.sha256)) {
    await mkdir(path.dirname(audio), { recursive: true });
    await rename(staged, audio);
    inPlace = true;
  } else {
    inPlace = await hasHash(audio, asset.sha256);
  }
  const size = inPlace ? ((await stat(audio).catch(() => null))?.size ?? asset.sizeBytes) : asset.sizeBytes;

  if (inPlace) {
    // Lost peaks are rebuilt when first asked for.
    await rename(path.join(dir, journal.peaks), peaks).catch(() => undefined);
    try {
      await deps.record(asset);
      await deps.recoveries.add(
        'import-finished',
        `Đã hoàn tất lượt nhập bị ngắt khi studio bị tắt: "${asset.title}" (${formatMb(size)}) đã vào thư viện.`,
        asset.file,
      );
      return;
    } catch {
      // No record could be written: fall through and remove the files, as a failed import does.
    }
  }
  await rm(audio, { force: true });
  await rm(peaks, { force: true });
  await deps.recoveries.add(
    'import-removed',
    `Đã dọn 1 tệp nhập dở (${formatMb(size)}) của "${asset.title}" mà studio để lại khi bị tắt giữa lúc nhập. ` +
      'Tệp gốc không bị động đến; hãy nhập lại nó.',
    asset.file,
  );
}

async function readJournal(
  file: string,
  parseAsset: InterruptedImportsDeps['parseAsset'],
): Promise<CommitJournal | null> {
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<CommitJournal>;
    const asset = parseAsset(raw.asset);
    const plain = (n: unknown): n is string => typeof n === 'string' && n === path.basename(n);
    if (!asset || !plain(raw.content) || !plain(raw.peaks)) return null;
    return { asset, content: raw.content, peaks: raw.peaks };
  } catch {
    return null;
  }
}

async function hasHash(file: string, sha256: string): Promise<boolean> {
  return (await sha256OfFile(file)) === sha256;
}
