/**
 * A damaged or lost records database at start: the studio says so in Vietnamese, offers the latest
 * daily backup, and writes nothing over what is there.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { StudioError } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

async function openFails(dataDir: string): Promise<StudioError> {
  try {
    const studio = await composeStudio({ dataDir, appVersion: 'test', host: 'web', env: process.env });
    await studio.close();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('the studio opened');
}

/** A data folder with one asset and its first daily backup, closed. */
async function usedFolder(): Promise<{ dataDir: string; assetId: string; databaseFile: string }> {
  const home = await tempDir();
  const dataDir = path.join(home, 'data');
  const s = await studios.open(dataDir);
  const assetId = await s.importFile(tone(path.join(home, 'a.wav'), { seconds: 1 }), 'Bản tin trưa');
  await studios.closeAll();
  // The day's backup is made as the studio starts: the next start's (today's dropped) holds the asset.
  await rm(path.join(dataDir, 'backups'), { recursive: true, force: true });
  const again = await studios.open(dataDir);
  await expect.poll(async () => (await again.call('system.backups', {})).daily.length).toBe(1);
  await studios.closeAll();
  return { dataDir, assetId, databaseFile: path.join(dataDir, 'db', 'studio.sqlite') };
}

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('a records database that cannot be opened', () => {
  it('is reported with the latest backup offered, and left as it is', async () => {
    const { dataDir, databaseFile } = await usedFolder();
    await writeFile(databaseFile, Buffer.alloc(16384, 0x42));
    const before = await sha(databaseFile);

    const err = await openFails(dataDir);
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toContain('Không mở được cơ sở dữ liệu');
    expect(err.message).toMatch(/Bản sao lưu tự động gần nhất là của ngày \d{4}-\d{2}-\d{2}/);
    expect(err.technical).toContain('studio restore');
    expect(await sha(databaseFile)).toBe(before);
  });

  it('that is missing is not replaced by an empty one; restoring the offered backup brings the records back', async () => {
    const { dataDir, assetId, databaseFile } = await usedFolder();
    await rm(databaseFile);
    await rm(`${databaseFile}-wal`, { force: true });

    const err = await openFails(dataDir);
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toContain('Không tìm thấy cơ sở dữ liệu');
    const latest = (err.details as { latestBackup: string | null }).latestBackup;
    expect(latest).toMatch(/studio-\d{4}-\d{2}-\d{2}\.sqlite$/);

    const restore = runStudioCli(['restore', latest ?? '', '--data', dataDir]);
    expect(restore.code, restore.stderr).toBe(0);
    const s = await studios.open(dataDir);
    expect((await s.call('library.list', {})).items.map((a) => a.id)).toEqual([assetId]);
  });
});
