/**
 * The first start on a data folder written by the lowdb-only release (tests/fixtures/data-0.1.0,
 * made by that release through its router): its library, edit index and programme index move into
 * the records database in one transaction, the old files stay beside it renamed, and every record
 * comes back through the router with every field. A move killed at any moment (SIGKILL before each
 * of its fsyncs and renames) or failing between its commit and its renames completes at the next
 * start with nothing lost and nothing twice.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Asset, EditProjectSummary, ProgrammeSummary } from '../../src-main/contract';
import { MOVED_SUFFIX } from '../../src-main/store';
import { bundleChild } from '../support/bundle-child';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const FIXTURE = path.resolve(__dirname, '../fixtures/data-0.1.0');
const tempDir = useTempDirs();
const studios = useTestStudios();

/** The fixture's lowdb collections as 0.1.0 wrote them. */
const json = (name: string) =>
  (JSON.parse(readFileSync(path.join(FIXTURE, 'db', `${name}.json`), 'utf8')) as { data: never }).data;
const fixtureNames = readdirSync(path.join(FIXTURE, 'db'));
const years = fixtureNames.flatMap((f) => /^(library-\d{4})\.json$/.exec(f)?.[1] ?? []);
const MOVED = [...years, 'edit-projects', 'programmes'];
const assets = years.flatMap((y) => Object.values((json(y) as { assets: Record<string, Asset> }).assets));
const projects = Object.values(
  (json('edit-projects') as { projects: Record<string, EditProjectSummary> }).projects,
);
// 0.1.0 knew no accounts nor approval: its programmes are the local admin's drafts.
const programmes: ProgrammeSummary[] = Object.values(
  (json('programmes') as { programmes: Record<string, Omit<ProgrammeSummary, 'createdBy' | 'approval'>> })
    .programmes,
).map((p) => ({
  ...p,
  createdBy: null,
  approval: { state: 'draft', masterSha256: null, comment: null, emergency: false },
}));
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
const newestFirst = <T extends { id: string; updatedAt: string }>(list: T[]) =>
  [...list].sort((a, b) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id.localeCompare(b.id),
  );

/** A copy of the fixture to upgrade (the fixture itself is never opened). */
async function copyOfRelease(): Promise<string> {
  const data = path.join(await tempDir(), 'data');
  cpSync(FIXTURE, data, { recursive: true, filter: (src) => path.basename(src) !== 'README.md' });
  return data;
}

/** Everything 0.1.0 had is there through the router, field for field. */
async function expectEverything(t: TestStudio): Promise<void> {
  const all = await t.call('library.list', { includeDeleted: true, limit: 1000 });
  expect(byId(all.items)).toEqual(byId(assets));
  for (const a of assets) expect(await t.call('library.get', { id: a.id })).toEqual(a);
  const inUse = assets.filter((a) => a.deletedAt === null);
  expect((await t.call('library.list', {})).items).toEqual(
    [...inUse].sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1)),
  );
  expect((await t.call('library.list', { onlyDeleted: true })).items).toEqual(
    assets.filter((a) => a.deletedAt !== null),
  );

  expect(await t.call('edit.list', {})).toEqual(newestFirst(projects));
  for (const p of projects) {
    expect(await t.call('edit.list', { assetId: p.assetId })).toContainEqual(p);
    const opened = await t.call('edit.open', { projectId: p.id });
    expect(opened).toMatchObject({ id: p.id, assetId: p.assetId, historyLength: p.historyLength });
    expect(opened.durationSamples).toBe(p.durationSamples);
  }

  expect(await t.call('programme.list', {})).toEqual(newestFirst(programmes.filter((p) => !p.deletedAt)));
  expect(await t.call('programme.list', { onlyDeleted: true })).toEqual(
    newestFirst(programmes.filter((p) => p.deletedAt)),
  );
  for (const p of programmes) {
    const file = json(`programme-${p.id}`) as { document: { metadata: unknown; items: unknown[] } };
    const state = await t.call('programme.get', { id: p.id });
    expect(state.metadata).toEqual(file.document.metadata);
    expect(state.items).toHaveLength(file.document.items.length);
    expect(state.deletedAt).toBe(p.deletedAt);
  }
  expect((await t.call('programme.templates.list', {})).map((x) => x.name)).toEqual(['Bản tin sáng']);
  expect((await t.call('settings.get', {})).languages.map((l) => l.code)).toEqual(['vie', 'tyz', 'hnj']);
}

/** The moved files are beside the database, renamed and unchanged; nothing else was renamed. */
function expectRenamed(data: string): void {
  const names = readdirSync(path.join(data, 'db'));
  for (const name of MOVED) {
    for (const file of [`${name}.json`, `${name}.json.bak`]) {
      expect(names, file).not.toContain(file);
      expect(readFileSync(path.join(data, 'db', `${file}${MOVED_SUFFIX}`))).toEqual(
        readFileSync(path.join(FIXTURE, 'db', file)),
      );
    }
  }
  const kept = fixtureNames.filter((f) => !MOVED.some((m) => f.startsWith(`${m}.json`)));
  for (const file of kept) expect(names, file).toContain(file);
}

describe('the first start on a data folder of 0.1.0', () => {
  it('moves the library, the edit index and the programme index into the database, every field', async () => {
    expect(years.length).toBeGreaterThanOrEqual(2);
    expect(assets).toHaveLength(4);
    const data = await copyOfRelease();
    const t = await studios.open(data);
    await expectEverything(t);
    expectRenamed(data);
    // The library's filters work on the moved records as they did on the files.
    const tay = assets.find((a) => a.language === 'tyz');
    expect((await t.call('library.list', { language: 'tyz' })).items.map((a) => a.id)).toEqual([tay?.id]);
    expect((await t.call('library.list', { text: 'duong ve xa dong tam' })).total).toBe(1);
    expect((await t.call('library.list', { tag: 'GIAO THONG' })).total).toBe(1);
    expect((await t.call('library.list', { reporter: 'hoang van duc' })).items[0]?.id).toBe(tay?.id);

    // A change after the move is kept, and a second start moves nothing again.
    const changed = await t.call('library.update', { id: tay?.id ?? '', patch: { notes: 'Đã duyệt' } });
    await studios.closeAll();
    const again = await studios.open(data);
    expect(await again.call('library.get', { id: changed.id })).toEqual(changed);
    expect((await again.call('library.list', { includeDeleted: true })).total).toBe(assets.length);
    expectRenamed(data);
  });

  it('finishes the renames at the next start when they failed after the commit', async () => {
    const data = await copyOfRelease();
    // Something in the way of the second year's rename: the move commits, then cannot rename it.
    const last = years.at(-1) ?? '';
    const obstacle = path.join(data, 'db', `${last}.json${MOVED_SUFFIX}`);
    mkdirSync(obstacle);
    writeFileSync(path.join(obstacle, 'x'), 'x');
    await expect(studios.open(data)).rejects.toThrow();
    expect(existsSync(path.join(data, 'db', `${last}.json`))).toBe(true);

    rmSync(obstacle, { recursive: true });
    const t = await studios.open(data);
    await expectEverything(t);
    expectRenamed(data);
    // The second start knew the records were in: it only renamed what the first had left (the
    // collections from the one in the way on), and says so in the log.
    const moves = readFileSync(path.join(data, 'logs', 'studio.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string; moved?: string[]; renamedOnly?: string[] })
      .filter((l) => l.message === 'Moved lowdb records into the database');
    expect(moves.map(({ moved, renamedOnly }) => ({ moved, renamedOnly }))).toEqual([
      { moved: [], renamedOnly: MOVED.filter((m) => m >= last) },
    ]);
  });
});

describe('a move killed at any moment', () => {
  let upgrader = '';
  beforeAll(async () => {
    upgrader = await bundleChild('lowdb-upgrader', await tempDir());
  }, 60_000);

  /** Runs the move under strace; `kill` is e.g. `rename:when=2` (SIGKILL on entering the 2nd rename). */
  function moveUnderStrace(data: string, kill: string | null) {
    const r = spawnSync(
      'strace',
      [
        ...['-f', '-qq', '-e', 'trace=rename,fsync'],
        ...(kill ? ['-e', `inject=${kill.replace(':', ':signal=KILL:')}`] : []),
        ...[process.execPath, upgrader, data],
      ],
      { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, timeout: 60_000 },
    );
    return { killed: r.status === 137 || r.signal === 'SIGKILL', stdout: r.stdout, trace: r.stderr };
  }

  it('completes at the next start with every record once, 0.1.0 files renamed', async () => {
    const first = moveUnderStrace(await copyOfRelease(), null);
    expect(first.stdout).toBe('done\n');
    // strace counts each thread's calls apart (`when=N` is a thread's Nth call).
    const most = (call: string) => {
      const perThread = new Map<string, number>();
      for (const line of first.trace.split('\n')) {
        if (!line.includes(`${call}(`)) continue;
        const pid = /^\[pid +(\d+)\]/.exec(line)?.[1] ?? 'main';
        perThread.set(pid, (perThread.get(pid) ?? 0) + 1);
      }
      return Math.max(0, ...perThread.values());
    };
    const kills = [
      ...Array.from({ length: most('rename') }, (_, i) => `rename:when=${i + 1}`),
      ...Array.from({ length: most('fsync') }, (_, i) => `fsync:when=${i + 1}`),
    ];
    // Two files (the file and its .bak) for each moved collection.
    expect(most('rename')).toBe(MOVED.length * 2);

    const renamedBefore = new Set<number>();
    for (const kill of kills) {
      const data = await copyOfRelease();
      const run = moveUnderStrace(data, kill);
      expect(run.killed, kill).toBe(true);
      renamedBefore.add(readdirSync(path.join(data, 'db')).filter((f) => f.endsWith(MOVED_SUFFIX)).length);
      const t = await studios.open(data);
      try {
        await expectEverything(t);
        expectRenamed(data);
      } finally {
        await studios.closeAll();
      }
    }
    // The kills landed before the commit (nothing renamed), between renames, and after them all
    // but the last.
    expect(renamedBefore.has(0)).toBe(true);
    expect([...renamedBefore].some((n) => n > 0 && n < MOVED.length * 2)).toBe(true);
  }, 240_000);
});
