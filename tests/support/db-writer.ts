/**
 * A process that commits records to a database in a loop, one per transaction, and prints each id
 * on stdout as soon as its commit has returned: what it printed is what it promised was saved.
 * Run with `node --import tsx tests/support/db-writer.ts FILE PREFIX`; it runs until it is killed.
 */
import { Database } from '../../src-main/store';
import { CRASH_TABLES } from './db-crash-tables';

const [file = '', prefix = 'w'] = process.argv.slice(2);
const db = Database.open(file, [CRASH_TABLES]);
const insert = db.sql.prepare('INSERT INTO record (id, body) VALUES (?, ?)');
const body = 'Bản tin thời sự xã Tân Lập, tiếng Tày và tiếng Việt. '.repeat(20);
for (let i = 0; ; i++) {
  const id = `${prefix}-${i}`;
  db.transaction(() => insert.run(id, body));
  process.stdout.write(`${id}\n`);
}
