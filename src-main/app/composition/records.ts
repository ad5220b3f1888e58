import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, type Asset } from '../../contract';
import { markIndexCatchUp } from '../../audit/audit-files';
import type { EditServices } from '../../edit/services';
import { checkLibraryFiles } from '../../media/library-check';
import type { MediaServices } from '../../media/media-service';
import type { Logger } from '../../platform/logger';
import type { ProgrammeServices } from '../../programme/services';
import {
  applyPendingRestore,
  Database,
  DATABASE_FILE,
  listBackups,
  type SchemaOwner,
  type Store,
} from '../../store';
import { RecordsService } from '../../system/records-service';
import type { StudioConfig } from '../config';

/** The daily backup is looked at this often: the first start of a day, or a studio left running overnight. */
const DAILY_CHECK_MS = 60 * 60 * 1000;

/**
 * Opens the records database, after restoring the backup chosen on the System screen last time
 * (the only moment the records can be swapped: nothing has them open yet).
 */
export async function openDatabase(
  store: Store,
  owners: readonly SchemaOwner[],
  log: Logger,
): Promise<Database> {
  const databaseFile = path.join(store.dbDir, DATABASE_FILE);
  const restored = await applyPendingRestore({ databaseFile, jsonDir: store.dbDir }, owners);
  if (restored && 'report' in restored) {
    await markIndexCatchUp(store.dataDir);
    const { restoredFrom, setAsideIn } = restored.report;
    log.warn('Restored a backup chosen on the System screen', { file: restoredFrom.file, setAsideIn });
    await store.recoveries.add(
      'store-restored',
      `Đã khôi phục dữ liệu từ bản sao lưu lúc ${restoredFrom.createdAt}. Dữ liệu trước đó được giữ ở ` +
        `${path.relative(store.dataDir, setAsideIn)}.`,
      path.relative(store.dataDir, restoredFrom.file),
    );
  } else if (restored) {
    const message = restored.error instanceof StudioError ? restored.error.message : String(restored.error);
    log.error('The backup chosen on the System screen could not be restored', restored.error);
    await store.recoveries.add(
      'store-restore-failed',
      `Không khôi phục được bản sao lưu đã chọn: ${message} Dữ liệu vẫn giữ nguyên như trước.`,
      path.posix.join('db', DATABASE_FILE),
    );
  }
  const marker = path.join(store.dbDir, CREATED_MARKER);
  if (!existsSync(databaseFile) && existsSync(marker)) {
    throw await withLatestBackup(
      store.dataDir,
      new StudioError(
        'STORE_CORRUPT',
        'Không tìm thấy cơ sở dữ liệu của Studio, dù thư mục dữ liệu này đã có nó. Studio không tạo cơ sở ' +
          'dữ liệu trống đè lên dữ liệu của bạn.',
        undefined,
        `${databaseFile} is missing (${CREATED_MARKER} says it was created)`,
      ),
    );
  }
  let database: Database;
  try {
    database = Database.open(databaseFile, owners);
  } catch (err) {
    throw err instanceof StudioError && err.code === 'STORE_CORRUPT'
      ? await withLatestBackup(store.dataDir, err)
      : err;
  }
  if (!existsSync(marker)) await writeFile(marker, `${new Date().toISOString()}\n`);
  return database;
}

/**
 * Written when the database is first created: a data folder that has it but no database lost its
 * records, and must not silently start over with an empty library.
 */
const CREATED_MARKER = 'studio.sqlite.created';

/** The same error, offering the latest backup (the command that restores it is in the technical part). */
async function withLatestBackup(dataDir: string, err: StudioError): Promise<StudioError> {
  const [latest] = await listBackups(dataDir);
  const offer = latest
    ? ` Bản sao lưu tự động gần nhất là của ngày ${latest.day}: hãy nhờ người phụ trách máy khôi phục bản ` +
      'đó (xem chi tiết kỹ thuật). Dữ liệu hiện có được giữ lại bên cạnh, không bị xoá.'
    : ' Không có bản sao lưu tự động nào: hãy nhờ người phụ trách máy khôi phục từ bản sao lưu đã lưu.';
  const command = latest
    ? `Khôi phục (khi Studio đang đóng): studio restore "${latest.file}" --data "${dataDir}"`
    : `Khôi phục (khi Studio đang đóng): studio restore TỆP_SAO_LƯU --data "${dataDir}"`;
  return new StudioError(
    err.code,
    `${err.message}${offer}`,
    { latestBackup: latest?.file ?? null },
    [err.technical, command].filter(Boolean).join('\n'),
  );
}

/** The records as a whole (check, backups, restore), with a daily backup while a window host runs. */
export function openRecords(
  config: StudioConfig,
  store: Store,
  database: Database,
  services: { media: MediaServices; edit: EditServices; programme: ProgrammeServices },
  log: Logger,
): { records: RecordsService; close(): Promise<void> } {
  const { library } = services.media;
  const allAssets = function* (): Generator<Asset> {
    for (let offset = 0; ; offset += 1000) {
      const page = library.list({
        includeDeleted: true,
        onlyDeleted: false,
        sort: 'importedAt',
        order: 'asc',
        offset,
        limit: 1000,
      });
      yield* page.items;
      if (page.items.length < 1000) return;
    }
  };
  const records = new RecordsService({
    database,
    dataDir: config.dataDir,
    jsonDir: store.dbDir,
    appVersion: config.appVersion,
    counts: () => ({
      assets: library.size,
      editProjects: services.edit.projects.list().length,
      programmes:
        services.programme.programmes.list(false).length + services.programme.programmes.list(true).length,
    }),
    checkFiles: (signal) => checkLibraryFiles(allAssets(), (a) => library.audioPath(a), { signal }),
  });
  // A command line runs for a moment: the window hosts keep the daily backup.
  if (config.host === 'cli') return { records, close: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const daily = () => {
    running = records.daily().catch((err: unknown) => log.warn('The daily backup could not be written', err));
  };
  daily();
  const timer = setInterval(daily, DAILY_CHECK_MS);
  timer.unref();
  return {
    records,
    // The database is closed next: a backup still copying it finishes first.
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
