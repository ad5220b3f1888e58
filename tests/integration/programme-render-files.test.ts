/**
 * `programme.renderFiles` (the command line's `studio render`) through the real router: a stored
 * programme or an exported file rendered to exactly the files named, with progress as events, the
 * places a window may write, cancelling by the call's signal, and Ctrl+C on `studio render`
 * leaving no file and no ffmpeg behind.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCaller } from '../../src-main/app/policy';
import type { ProgrammeRenderProgressEvent, ProgrammeRenderReport, Reply } from '../../src-main/contract';
import { commandLine, descendants } from '../support/process-tree';
import { addAsset, filesIn, importAs, S } from '../support/programme';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';

const root = path.resolve(__dirname, '../..');
const ffmpegsUnder = (pid: number) => descendants(pid).filter((p) => /(^|\/)ffmpeg\s/.test(commandLine(p)));

let t: TestStudio | null;
let dir: string;
let data: string;
let shortId: string;
let longId: string;
let exported: string;
let outCount = 0;

async function outDir(parent = dir): Promise<string> {
  const d = path.join(parent, `out-${++outCount}`);
  await mkdir(d);
  return d;
}

function studio(): TestStudio {
  if (!t) throw new Error('the test studio is closed');
  return t;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-render-files-'));
  data = path.join(dir, 'data');
  t = await openTestStudio(data);
  const voice = await importAs(
    t,
    signal(path.join(dir, 'vie.wav'), { samples: 2 * S, tone: { freq: 300, amp: 0.2 } }),
    'Tin Việt',
  );
  const bed = await importAs(
    t,
    signal(path.join(dir, 'bed.wav'), { samples: 90 * S, channels: 2, tone: { freq: 440, amp: 0.2 } }),
    'Nhạc dài',
  );
  let p = await t.call('programme.create', { metadata: { title: 'Bản tin ngắn', languages: ['vie'] } });
  p = (await addAsset(t, p, 'voice', voice, { start: 0 })).p;
  shortId = p.id;
  exported = (await t.call('programme.export', { id: p.id, path: path.join(dir, 'ban-tin.json') })).file;
  let long = await t.call('programme.create', { metadata: { title: 'Chương trình dài' } });
  long = (await addAsset(t, long, 'bed', bed, { start: 0 })).p;
  longId = long.id;
}, 120_000);

afterAll(async () => {
  await t?.studio.close();
  await rm(dir, { recursive: true, force: true });
});

describe('programme.renderFiles', () => {
  it('renders a stored programme to exactly the files named, reports progress, and keeps the report', async () => {
    const s = studio();
    const cli = s.studio.connect(localCaller('cli'));
    const progress: ProgrammeRenderProgressEvent[] = [];
    cli.subscribe((event, payload) => {
      if (event === 'programme.render.progress') progress.push(payload as ProgrammeRenderProgressEvent);
    });
    const out = await outDir();
    const reply = await cli.call('programme.renderFiles', {
      programme: { id: shortId },
      files: [
        { format: 'wav', file: path.join(out, 'a.wav') },
        { format: 'mp3', file: path.join(out, 'khác tên.mp3') },
      ],
    });
    cli.close();
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const report = (reply as { result: ProgrammeRenderReport }).result;
    expect(report.programmeId).toBe(shortId);
    expect(report.files.map((f) => f.file)).toEqual([
      path.join(out, 'a.wav'),
      path.join(out, 'khác tên.mp3'),
    ]);
    // No report file and no other format beside them.
    expect(await filesIn(out)).toEqual(['a.wav', 'khác tên.mp3']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.programmeId === shortId)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ stage: 'done', fraction: 1 });
    const stored = await s.call('programme.get', { id: shortId });
    expect(stored.lastRender?.files.map((f) => f.file)).toEqual(report.files.map((f) => f.file));
  });

  it('renders an exported programme file without storing it', async () => {
    const s = studio();
    const before = (await s.call('programme.list', {})).length;
    const cli = s.studio.connect(localCaller('cli'));
    const out = await outDir();
    const reply = await cli.call('programme.renderFiles', {
      programme: { file: exported },
      files: [{ format: 'opus', file: path.join(out, 'x.opus') }],
    });
    cli.close();
    expect(reply).toMatchObject({ ok: true, result: { programmeId: null, title: 'Bản tin ngắn' } });
    expect(await filesIn(out)).toEqual(['x.opus']);
    expect((await s.call('programme.list', {})).length).toBe(before);
  });

  it('lets a window write only where its user chose, and the command line where it is told', async () => {
    const s = studio();
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'studio-render-elsewhere-'));
    try {
      const request = {
        programme: { id: shortId },
        files: [{ format: 'mp3' as const, file: path.join(elsewhere, 'x.mp3') }],
      };
      const err = await s.fail('programme.renderFiles', request);
      expect(err.code).toBe('PATH_NOT_ALLOWED');
      expect(await filesIn(elsewhere)).toEqual([]);
      const cli = s.studio.connect(localCaller('cli'));
      const reply = await cli.call('programme.renderFiles', request);
      cli.close();
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      expect(await filesIn(elsewhere)).toEqual(['x.mp3']);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses two files of one format, and a file that is not a programme', async () => {
    const s = studio();
    const out = await outDir();
    const twice = await s.fail('programme.renderFiles', {
      programme: { id: shortId },
      files: [
        { format: 'wav', file: path.join(out, 'a.wav') },
        { format: 'wav', file: path.join(out, 'b.wav') },
      ],
    });
    expect(twice.code).toBe('INVALID_REQUEST');
    const notOne = await s.fail('programme.renderFiles', {
      programme: { file: path.join(dir, 'vie.wav') },
      files: [{ format: 'wav', file: path.join(out, 'a.wav') }],
    });
    expect(notOne.code).toBe('PROGRAMME_FILE_INVALID');
    expect(await filesIn(out)).toEqual([]);
  });

  it('stops when the call is cancelled: CANCELLED, no file, no ffmpeg left', async () => {
    const s = studio();
    const cli = s.studio.connect(localCaller('cli'));
    const controller = new AbortController();
    // Cancelled once ffmpeg writes the files (the last and longest stage).
    cli.subscribe((event, payload) => {
      if (
        event === 'programme.render.progress' &&
        (payload as ProgrammeRenderProgressEvent).stage === 'rendering'
      )
        controller.abort();
    });
    const out = await outDir();
    const reply: Reply = await cli.call(
      'programme.renderFiles',
      {
        programme: { id: longId },
        files: ['wav', 'mp3', 'opus'].map((format) => ({
          format: format as 'wav',
          file: path.join(out, `dài.${format}`),
        })),
      },
      controller.signal,
    );
    cli.close();
    expect(controller.signal.aborted).toBe(true);
    expect(reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await filesIn(out)).toEqual([]);
    expect(ffmpegsUnder(process.pid)).toEqual([]);
  }, 120_000);
});

describe('studio render', () => {
  it('stops at Ctrl+C: exit 1, CANCELLED, no file and no ffmpeg left', async () => {
    await studio().studio.close();
    t = null;
    const out = await outDir();
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin/studio.js'),
        'render',
        longId,
        '--out',
        path.join(out, 'dài.wav'),
        '--json',
        '--data',
        data,
      ],
      { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Cancelled while ffmpeg writes the files: they are `.part` files until all are done.
    let seen: number[] = [];
    await expect
      .poll(
        async () => {
          seen = ffmpegsUnder(child.pid!);
          return seen.length > 0 && (await filesIn(out)).some((n) => n.endsWith('.part'));
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(true);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await filesIn(out)).toEqual([]);
    expect(seen.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 120_000);
});
