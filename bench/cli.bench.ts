/**
 * How long `studio --version` takes from the command line (issue 11): the whole process, beside
 * Node starting and doing nothing (`node -e 0`) in the same run. Both are run alternately and each
 * figure is the median, since a 2-core machine shared with other work makes single runs noisy.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark';
import { run, time } from './support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 11;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'cli, studio --version',
    anchor: 'node -e 0',
    async run() {
      // Built first (untimed), so the figure is the built CLI's and never the sources' through tsx.
      await run(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--only', 'cli']);
      const ours: number[] = [];
      const anchor: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ours.push(await time(() => run(process.execPath, [path.join(ROOT, 'bin/studio.js'), '--version'])));
        anchor.push(await time(() => run(process.execPath, ['-e', '0'])));
      }
      return {
        ours: median(ours),
        anchor: median(anchor),
        unit: 'ms',
        target: '< 300 ms',
        note: `median of ${RUNS}; the build in out/cli`,
      };
    },
  },
];
