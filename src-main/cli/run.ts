import { readAppVersion } from '../app/app-version';

const argv = process.argv.slice(2);
const io = {
  out: (t: string) => process.stdout.write(`${t}\n`),
  err: (t: string) => process.stderr.write(`${t}\n`),
};
// `--version` answers before the commands (and the services behind them) are loaded: scripts and
// support staff ask it to see whether the studio is there at all, and it should answer at once.
if (argv.length === 1 && argv[0] === '--version') {
  io.out(readAppVersion());
} else {
  const { main } = await import('./studio');
  process.exitCode = await main(argv, io);
}
