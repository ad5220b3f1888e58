/**
 * `npm run bench`: runs every `bench/*.bench.ts`, prints each figure beside its anchor and the
 * ratio, and writes the table to BENCHMARKS.md. `npm run bench -- NAME` runs the matching ones.
 */
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchResult } from './benchmark';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const benches: Benchmark[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { benchmarks?: Benchmark[] };
  benches.push(...(mod.benchmarks ?? []).filter((b) => b.name.includes(filter)));
}

// Other work on the machine skews every ratio: say how busy it was.
const loadBefore = os.loadavg()[0] ?? 0;
const rows: string[] = [];
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
for (const b of benches) {
  process.stdout.write(`… ${b.name}\n`);
  let r: BenchResult;
  try {
    r = await b.run();
  } catch (err) {
    // Said here too: a filtered run writes no BENCHMARKS.md, and a failure must not pass unseen.
    process.stdout.write(`  failed: ${(err as Error).message}\n`);
    rows.push(`| ${b.name} | failed: ${(err as Error).message.split('\n')[0]} | | | | |`);
    continue;
  }
  const ratio = r.ours / r.anchor;
  const line = `| ${b.name} | ${fmt(r.ours)} ${r.unit} | ${b.anchor}: ${fmt(r.anchor)} ${r.unit} | ${ratio.toFixed(2)}× | ${r.target ?? ''} | ${r.note ?? ''} |`;
  process.stdout.write(
    `  ours ${fmt(r.ours)} ${r.unit}, anchor ${fmt(r.anchor)} ${r.unit}, ratio ${ratio.toFixed(2)}×\n` +
      (r.note ? `  ${r.note}\n` : ''),
  );
  rows.push(line);
}

const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`. Each figure stands beside an anchor measured in the same run on the same',
  'machine; the ratio is ours ÷ anchor.',
  '',
  `Run: ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}; ` +
    `load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after.`,
  '',
  '| benchmark | ours | anchor | ratio | target | note |',
  '| --- | --- | --- | --- | --- | --- |',
];
const body = rows.length > 0 ? rows : ['| (no benchmarks yet) | | | | | |'];
if (!filter) await writeFile(path.join(here, '..', 'BENCHMARKS.md'), [...header, ...body, ''].join('\n'));
process.stdout.write(`${benches.length} benchmark(s) run.\n`);
