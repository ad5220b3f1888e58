/**
 * A separate process that opens a data folder's records database with every owner's tables and
 * moves an older release's lowdb records into it, as the studio does when it starts, so that a test
 * can kill it at any moment of the move. Argument: DATA_DIR. Prints `done` when the move has finished.
 */
import path from 'node:path';
import { moveLowdbRecords } from '../../src-main/app/composition/move-lowdb-records';
import { RECORD_TABLES } from '../../src-main/app/composition/record-tables';
import { Database, DATABASE_FILE, Store } from '../../src-main/store';

const [dataDir = ''] = process.argv.slice(2);
const store = new Store(dataDir);
const database = Database.open(path.join(store.dbDir, DATABASE_FILE), RECORD_TABLES);
await moveLowdbRecords(database, store);
database.close();
process.stdout.write('done\n');
