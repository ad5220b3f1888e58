/**
 * `studio render PROGRAMME --out FILE --json`: the contract scripts rely on, through the real CLI
 * (`node bin/studio.js`), on a data folder made by the studio beforehand (programmes by id, and
 * exported programme files).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loudness, signal } from '../support/signals';
import { openTestStudio } from '../support/test-studio';
import { addAsset, filesIn, importAs, S } from '../support/programme';
import { runStudioCli } from '../support/cli';

const studio = (args: string[]) => runStudioCli(args);

let dir: string;
let data: string;
let programmeId: string;
let programmeFile: string;
let outCount = 0;

async function outDir(): Promise<string> {
  const d = path.join(dir, `out-${++outCount}`);
  await mkdir(d);
  return d;
}

/** The exported programme, changed by `edit` and written to a new file. */
async function variant(name: string, edit: (doc: { items: Array<Record<string, unknown>> }) => void) {
  const content = JSON.parse(await readFile(programmeFile, 'utf8'));
  edit(content.document);
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-cli-'));
  data = path.join(dir, 'data');
  const t = await openTestStudio(data);
  try {
    const vie = await importAs(
      t,
      signal(path.join(dir, 'vie.wav'), { samples: 96_000, tone: { freq: 300, amp: 0.2 } }),
      'Tin Việt',
      'vie',
    );
    const tyz = await importAs(
      t,
      signal(path.join(dir, 'tyz.wav'), { samples: 72_000, tone: { freq: 350, amp: 0.2 } }),
      'Tin Tày',
      'tyz',
    );
    const bed = await importAs(
      t,
      signal(path.join(dir, 'bed.wav'), { samples: 4 * S, channels: 2, tone: { freq: 440, amp: 0.1 } }),
      'Nhạc nền',
    );
    let p = await t.call('programme.create', {
      metadata: { title: 'Bản tin trưa', languages: ['vie', 'tyz'] },
    });
    p = (await addAsset(t, p, 'bed', bed, { start: 0 })).p;
    const v = await addAsset(t, p, 'voice', vie, { start: 12_000 });
    p = (await addAsset(t, v.p, 'voice', tyz, { versionOf: v.id })).p;
    programmeId = p.id;
    programmeFile = (
      await t.call('programme.export', { id: p.id, path: path.join(dir, 'ban-tin-trua.json') })
    ).file;
  } finally {
    // The CLI takes the data folder's lock.
    await t.studio.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('studio render --json', () => {
  it('renders a programme by id to MP3 only, and prints the contract', async () => {
    const out = await outDir();
    const file = path.join(out, 'ban-tin.mp3');
    const r = studio(['render', programmeId, '--out', file, '--json', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual([
      'ok',
      'file',
      'durationSec',
      'integratedLufs',
      'truePeakDbtp',
      'secondsByLanguage',
      'files',
    ]);
    expect(json).toMatchObject({ ok: true, file, durationSec: 4, secondsByLanguage: { vie: 2, tyz: 1.5 } });
    expect(Math.abs(json.integratedLufs + 23)).toBeLessThanOrEqual(0.5);
    expect(json.truePeakDbtp).toBeLessThanOrEqual(-1);
    // An encode only: no master beside it.
    expect(await filesIn(out)).toEqual(['ban-tin.mp3']);
    expect(Math.abs(loudness(file).integratedLufs + 23)).toBeLessThanOrEqual(0.5);
    // What the MP3 itself carries, measured on it.
    expect(json.files).toHaveLength(1);
    expect(json.files[0]).toMatchObject({ format: 'mp3', file });
    expect(json.files[0].truePeakDbtp).toBeCloseTo(loudness(file).truePeakDbtp, 1);
    expect(json.files[0].truePeakDbtp).toBeLessThanOrEqual(-1);
  });

  it('renders an exported file to the broadcast set: the WAV master with its MP3 and Opus', async () => {
    const out = await outDir();
    const file = path.join(out, 'ban-tin.wav');
    const r = studio(['render', programmeFile, '--out', file, '--json', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file, secondsByLanguage: { vie: 2, tyz: 1.5 } });
    expect(await filesIn(out)).toEqual(['ban-tin.mp3', 'ban-tin.opus', 'ban-tin.wav']);
  });

  it('fails with a code and a Vietnamese message, exit 1, and writes nothing', async () => {
    const overlap = await variant('chong-lan.json', (doc) => {
      // The Tày news starts before the Vietnamese news has ended.
      (doc.items[2] as { start: number }).start = 60_000;
    });
    const hours = await variant('hang-gio.json', (doc) => {
      (doc.items[2] as { start: number }).start = 4 * 3600 * S;
    });
    const cases: Array<[string, string, string]> = [
      [overlap, 'PROGRAMME_OVERLAP', 'chồng lên'],
      [hours, 'PROGRAMME_TOO_LONG', '3 giờ'],
      ['0123456789abcdef0123456789abcdef', 'PROGRAMME_NOT_FOUND', 'Không tìm thấy chương trình'],
    ];
    for (const [programme, code, words] of cases) {
      const out = await outDir();
      const r = studio(['render', programme, '--out', path.join(out, 'x.wav'), '--json', '--data', data]);
      expect(r.code, code).toBe(1);
      const json = JSON.parse(r.stdout);
      expect(json).toEqual({ ok: false, error: { code, message: expect.stringContaining(words) } });
      expect(await filesIn(out)).toEqual([]);
    }
  });

  it('refuses an --out it cannot write (exit 2, like every wrong command line)', async () => {
    const r = studio(['render', programmeId, '--out', path.join(dir, 'x.flac'), '--json', '--data', data]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('INVALID_REQUEST');
  });
});
