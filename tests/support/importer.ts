/**
 * A separate process that imports one file into a data folder with the studio's real library and
 * importer, so that a test can kill it at any moment of the import. Arguments: DATA_DIR FILE TITLE.
 * Prints the result as one JSON line.
 */
import { openMedia } from './media-services';

const [dataDir = '', file = '', title = ''] = process.argv.slice(2);
const { importer } = await openMedia(dataDir);
const result = await importer.importOne(file, { metadata: { title } });
process.stdout.write(`${JSON.stringify(result)}\n`);
