/**
 * `studio programme import|submit|approve|return` through the real command line (`node
 * bin/studio.js`), on a data folder the studio made beforehand: an exported programme file
 * imported, rendered with `studio render`, then taken through approval from the shell.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../src-main/platform/file-hash';
import { runStudioCli } from '../support/cli';
import { addAsset, importAs, S } from '../support/programme';
import { signal } from '../support/signals';
import { openTestStudio } from '../support/test-studio';

let dir: string;
let data: string;
let programmeFile: string;

const studio = (...args: string[]) => runStudioCli([...args, '--data', data]);
const json = (r: { stdout: string }) =>
  JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-approval-cli-'));
  data = path.join(dir, 'data');
  const t = await openTestStudio(data);
  try {
    const vie = await importAs(
      t,
      signal(path.join(dir, 'vie.wav'), { samples: S, tone: { freq: 300, amp: 0.2 } }),
      'Tin Việt',
    );
    const p = await t.call('programme.create', { metadata: { title: 'Bản tin trưa', languages: ['vie'] } });
    await addAsset(t, p, 'voice', vie);
    programmeFile = (await t.call('programme.export', { id: p.id, path: path.join(dir, 'ban-tin.json') }))
      .file;
  } finally {
    await t.studio.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Imports the exported programme and renders it; returns its id and its WAV master. */
function importedAndRendered(name: string): { id: string; master: string } {
  const imported = studio('programme', 'import', programmeFile, '--json');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  const id = json(imported).id as string;
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  const master = path.join(dir, `${name}.wav`);
  const rendered = studio('render', id, '--out', master, '--json');
  expect(rendered.code, rendered.stdout + rendered.stderr).toBe(0);
  return { id, master };
}

describe('studio programme', () => {
  it('imports a programme file and prints its id', () => {
    const r = studio('programme', 'import', programmeFile);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
  }, 60_000);

  it('submits, returns with a comment, submits again and approves the submitted master', async () => {
    const { id, master } = importedAndRendered('trua');
    const sha = await sha256OfFile(master);

    const early = studio('programme', 'approve', id);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('không phải "chờ duyệt"');

    const submitted = studio('programme', 'submit', id, '--comment', 'Bản tin trưa thứ Hai', '--json');
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(json(submitted)).toEqual({
      id,
      title: 'Bản tin trưa',
      state: 'submitted',
      masterSha256: sha,
      comment: null,
      emergency: false,
    });

    const noReason = studio('programme', 'return', id);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--comment');
    const returned = studio('programme', 'return', id, '--comment', 'Thiếu tin thời tiết', '--json');
    expect(returned.code, returned.stderr).toBe(0);
    expect(json(returned)).toMatchObject({ state: 'returned', comment: 'Thiếu tin thời tiết' });

    expect(studio('programme', 'submit', id).code).toBe(0);
    const wrong = studio('programme', 'approve', id, '--sha256', 'f'.repeat(64), '--json');
    expect(wrong.code).toBe(1);
    expect(json(wrong)).toMatchObject({ ok: false, error: { code: 'PROGRAMME_STATE' } });

    const approved = studio('programme', 'approve', id);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('đã duyệt');
    expect(approved.stdout).toContain(sha as string);
    // Nothing left to decide.
    const again = studio('programme', 'return', id, '--comment', 'Muộn rồi');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã duyệt');
  }, 120_000);

  it('approves a draft in one step with --emergency', async () => {
    const { id, master } = importedAndRendered('khan-cap');
    const r = studio('programme', 'approve', id, '--emergency', '--comment', 'Tin bão', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      state: 'approved',
      emergency: true,
      masterSha256: await sha256OfFile(master),
    });
  }, 120_000);
});
