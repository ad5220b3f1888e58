import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src-main/store';
import { CRASH_TABLES } from '../support/db-crash-tables';
import { SeededRandom } from '../support/seeded-random';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const writer = path.resolve(__dirname, '../support/db-writer.ts');

/** Runs the writer until `killAfterMs` after its first commit, kills it with SIGKILL, returns what it printed. */
async function writeUntilKilled(file: string, prefix: string, killAfterMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const printed: string[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  let timer: NodeJS.Timeout | undefined;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    printed.push(line);
    timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  }
  expect(await exited).toBe('SIGKILL');
  clearTimeout(timer);
  return printed;
}

describe('a commit that has returned', () => {
  it('is in the database after the writer is killed at a random moment, 20 times over', async () => {
    const file = path.join(await tempDir(), 'db', 'studio.sqlite');
    const random = new SeededRandom(20261206);
    const promised = new Set<string>();
    for (let run = 0; run < 20; run++) {
      const printed = await writeUntilKilled(file, `r${run}`, random.int(5, 250));
      expect(printed.length).toBeGreaterThan(0);
      for (const id of printed) promised.add(id);

      const db = Database.open(file, [CRASH_TABLES]);
      try {
        const ids = new Set(
          (db.sql.prepare('SELECT id FROM record').all() as { id: string }[]).map((r) => r.id),
        );
        const lost = [...promised].filter((id) => !ids.has(id));
        expect(lost, `run ${run}: commits lost after SIGKILL`).toEqual([]);
        expect(db.integrity()).toEqual({ integrity: ['ok'], foreignKeyProblems: 0 });
      } finally {
        db.close();
      }
    }
  }, 120_000);
});
