/**
 * Editor UI benchmarks (issue 4), in Debian's Chromium against the real web host and the built UI
 * (`npm run build` first).
 *
 * A 3-hour 48 kHz recording with 200 labelled segments is prepared once into a cache folder under
 * the OS temp dir (import, edit project, segments, the preview rendered so its peaks are cached):
 * that takes a few minutes and about 3 GB the first time, and nothing afterwards.
 *
 * - First paint: from `location.hash = 'editor/<id>'` to ink on the waveform canvas (the project
 *   opened, the cached preview's peaks fetched, wavesurfer drawn with the regions). The anchor is
 *   the library's own waveform preview of the same asset (`library.peaks` and a bare wavesurfer),
 *   the least the page can do to show that file's waveform. Median of 5, alternating.
 * - Frame time: zooming from the whole 3 hours down to the deepest zoom and back, and scrolling at
 *   depth, with the 200 segment regions drawn. Each frame's main-thread time is measured from the
 *   frame's start (the requestAnimationFrame timestamp, before input handlers run) to a message
 *   posted at the end of its rendering; the figure is the 95th percentile. The anchor is the same
 *   measure on the same page while idle: what a frame costs with nothing to do.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { composeStudio } from '../src-main/app/composition/compose-studio';
import type { SegmentType } from '../src-main/contract';
import type { Benchmark, BenchResult } from './benchmark';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', 'editor');
const DATA = path.join(CACHE, 'data');
const SOURCE = path.join(CACHE, 'ban-tin-3-gio-48k-mono.wav');
const READY = path.join(CACHE, 'ready.json');
const HOURS = 3;
const SEGMENTS = 200;
const S = 48_000;
/** Bump when what `prepare` builds changes. */
const VERSION = 2;

interface Prepared {
  version: number;
  assetId: string;
  projectId: string;
}

/** The 3-hour asset with its project, 200 segments and a rendered preview, built once. */
async function prepare(): Promise<Prepared> {
  if (existsSync(READY)) {
    const ready = JSON.parse(readFileSync(READY, 'utf8')) as Prepared;
    if (ready.version === VERSION && existsSync(DATA)) return ready;
  }
  // Built again from nothing: an older version's folder would add a second set of segments.
  await rm(DATA, { recursive: true, force: true });
  await mkdir(CACHE, { recursive: true });
  if (!existsSync(SOURCE)) {
    process.stdout.write('  (generating a 3-hour 48 kHz recording once)\n');
    // Pink noise that swells and falls like speech, so the waveform has a shape at every zoom.
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `anoisesrc=c=pink:r=${S}:a=0.25:d=${HOURS * 3600}`],
      ...['-af', "volume='0.15+0.85*abs(sin(2*PI*t/5.3))*abs(sin(2*PI*t/41))':eval=frame"],
      ...['-c:a', 'pcm_s16le', SOURCE],
    ]);
  }
  process.stdout.write('  (importing it, adding 200 segments and rendering its preview once)\n');
  const studio = await composeStudio({ dataDir: DATA, appVersion: 'bench', host: 'cli', env: process.env });
  try {
    const imported = await studio.services.media.importer.importOne(SOURCE, {
      metadata: { title: 'Bản tin 3 giờ', language: 'vie' },
    });
    if (!imported.ok) throw new Error(`import failed: ${imported.error.message}`);
    const edit = studio.services.edit;
    const project = await edit.projects.openProject({ assetId: imported.asset.id });
    const languages = ['vie', 'tyz', 'nut', 'hnj', 'ium'];
    const types: SegmentType[] = ['news', 'report', 'interview', 'music', 'announcement', 'jingle'];
    const step = Math.floor(project.durationSamples / SEGMENTS);
    for (let i = 0; i < SEGMENTS; i++) {
      await edit.projects.addSegment(project.id, {
        start: i * step,
        end: i * step + Math.floor(step * 0.7),
        language: languages[i % languages.length]!,
        type: types[i % types.length]!,
        title: `Tin số ${i + 1}`,
      });
    }
    await edit.previews.preview(project.id);
    // A studio with users: the page signs in as staff do (no window works before an admin exists).
    await studio.services.accounts.setup(BENCH_USER);
    const ready: Prepared = { version: VERSION, assetId: imported.asset.id, projectId: project.id };
    await writeFile(READY, JSON.stringify(ready));
    return ready;
  } finally {
    await studio.close();
  }
}

/** Who the benchmark's page signs in as. */
const BENCH_USER = { name: 'bench', displayName: 'Đo hiệu năng', password: 'mật-khẩu-đo-hiệu-năng' };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

interface Session {
  page: Page;
  close(): Promise<void>;
}

/** The web host on the prepared data folder and Chromium on it, as the E2E fixture starts them. */
async function open(): Promise<Session> {
  if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('the UI is not built: run npm run build first');
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/studio.js'), 'serve', '--data', DATA],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web host exited (${code}):\n${log}`)));
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const close = async () => {
    await browser.close();
    child.kill('SIGTERM');
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // tsx compiles this file with esbuild's keepNames: functions sent to the page call `__name`.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(url);
    await page.getByTestId('sign-in-name').fill(BENCH_USER.name);
    await page.getByTestId('sign-in-password').fill(BENCH_USER.password);
    await page.getByTestId('sign-in-password').press('Enter');
    await page.getByRole('navigation').waitFor();
    return { page, close };
  } catch (err) {
    // A page that never opened must not leave its web host holding the data folder.
    await close();
    throw err;
  }
}

/**
 * Milliseconds from the start (a click on the library's first row, or the editor's hash) until the
 * first wavesurfer canvas inside `hostSelector` has ink on it.
 */
async function timeToInk(
  page: Page,
  hostSelector: string,
  start: { click: string } | { hash: string },
): Promise<number> {
  return page.evaluate(
    ({ hostSelector, start }) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        if ('hash' in start) location.hash = start.hash;
        else document.querySelector<HTMLElement>(start.click)?.click();
        const limit = setTimeout(() => reject(new Error('no waveform within 30 s')), 30_000);
        const check = () => {
          const host = document.querySelector(`${hostSelector} > div`);
          const canvas = host?.shadowRoot?.querySelector('canvas');
          if (canvas && canvas.width > 0) {
            const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
            let ink = 0;
            for (let i = 3; data && i < data.length; i += 16) if (data[i]! > 0) ink++;
            if (ink > 0) {
              clearTimeout(limit);
              resolve(performance.now() - t0);
              return;
            }
          }
          requestAnimationFrame(check);
        };
        check();
      }),
    { hostSelector, start },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function firstPaint(): Promise<BenchResult> {
  const ready = await prepare();
  const s = await open();
  try {
    const { page } = s;
    const ours: number[] = [];
    const anchor: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The library's preview: pick the asset in the list.
      await page.evaluate(() => (location.hash = 'library'));
      const row = page.getByTestId('asset-table').locator('tbody tr').first();
      await row.waitFor();
      anchor.push(await timeToInk(page, '.waveform-canvas', { click: '[data-testid=asset-table] tbody tr' }));
      // The editor, from the hash.
      await page.evaluate(() => (location.hash = 'system'));
      await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Hệ thống' }).waitFor();
      ours.push(await timeToInk(page, '.wave-canvas', { hash: `editor/${ready.assetId}` }));
    }
    return {
      ours: median(ours),
      anchor: median(anchor),
      unit: 'ms',
      target: '< 500 ms',
      note: `3-hour asset, ${SEGMENTS} segments, cached preview; median of 5 (editor ${ours.map((x) => x.toFixed(0)).join(', ')})`,
    };
  } finally {
    await s.close();
  }
}

/** Starts recording each frame's main-thread time in the page; `stop` returns them. */
async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    const channel = new MessageChannel();
    let frameStart = 0;
    channel.port1.onmessage = () => w.__frames.push(performance.now() - frameStart);
    const loop = (ts: number) => {
      frameStart = ts;
      channel.port2.postMessage(0);
      if (w.__recording) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
}

async function frameTime(): Promise<BenchResult> {
  const ready = await prepare();
  const s = await open();
  try {
    const { page } = s;
    await page.evaluate((id) => (location.hash = `editor/${id}`), ready.assetId);
    const wave = page.getByTestId('editor-waveform');
    await page.locator('[data-testid="editor-waveform"]:not([data-loaded=""])').waitFor({ timeout: 60_000 });
    const drawn = await page.getByTestId('segment-lane').getAttribute('data-segments');
    if (Number(drawn) !== SEGMENTS) throw new Error(`expected ${SEGMENTS} segments drawn, found ${drawn}`);

    await recordFrames(page);
    await page.waitForTimeout(3000);
    const idle = await stopFrames(page);

    const box = (await wave.locator('.wave-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await recordFrames(page);
    // Whole file → deepest zoom (1.6× a step), scroll along at depth, then back out.
    for (let i = 0; i < 22; i++) {
      await page.keyboard.press('+');
      await page.waitForTimeout(80);
    }
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(30);
    }
    for (let i = 0; i < 22; i++) {
      await page.keyboard.press('-');
      await page.waitForTimeout(80);
    }
    await page.waitForTimeout(500);
    const busy = await stopFrames(page);
    const slow = busy.filter((x) => x > 16).length;
    return {
      ours: percentile(busy, 95),
      anchor: percentile(idle, 95),
      unit: 'ms',
      target: 'p95 < 16 ms',
      note: `${busy.length} frames zooming 3 h ↔ deepest and scrolling with ${SEGMENTS} regions; ${slow} over 16 ms; max ${Math.max(...busy).toFixed(0)} ms`,
    };
  } finally {
    await s.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'editor: 3-hour asset to first waveform paint',
    anchor: "the library's waveform preview of the same asset",
    run: firstPaint,
  },
  {
    name: 'editor: frame time zooming and scrolling a 3-hour edit with 200 regions (p95)',
    anchor: 'the same page idle',
    run: frameTime,
  },
];
