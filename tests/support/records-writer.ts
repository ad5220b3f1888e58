/**
 * A studio that changes one asset's notes in a loop, through its router as the UI does, and prints
 * each number on stdout as soon as the call has returned: what it printed is what it promised was
 * saved. Run with `node --import tsx tests/support/records-writer.ts DATA_DIR ASSET_ID START`; it
 * runs until it is killed.
 */
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { localCaller } from '../../src-main/app/policy';

const [dataDir = '', assetId = '', start = '0'] = process.argv.slice(2);
const studio = await composeStudio({ dataDir, appVersion: 'test', host: 'cli', env: process.env });
const caller = localCaller('cli');
for (let i = Number(start); ; i++) {
  const reply = await studio.router.call(
    'library.update',
    { id: assetId, patch: { notes: `Ghi chú số ${i}` } },
    caller,
  );
  if (!reply.ok) throw new Error(reply.error.message);
  process.stdout.write(`${i}\n`);
}
