/**
 * Edit benchmarks (issue 4). A 30-minute 48 kHz stereo recording (pink noise and a tone, generated
 * once into a cache folder under the OS temp dir) gets 100 edits through the real service: cuts,
 * pastes (some out of order), inserts of a 44.1 kHz MP3 jingle, fades of every shape, gain ranges,
 * envelopes and silences. Then the edit is exported to WAV.
 *
 * The anchor is ONE ffmpeg command running the same filter graph, written out as a script and run by
 * hand (`ffmpeg -filter_complex_script graph.txt … out.wav`): the figure is what the studio adds
 * around ffmpeg (opening the project, replaying the history, resolving sources, building the graph,
 * the job, progress, the atomic rename). Both outputs must be byte-identical, or the run fails.
 *
 * The machine is shared and small (2 cores), so each figure is the best of a few runs, ours and the
 * anchor's taken alternately in the same run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeStudio, type ComposedStudio } from '../src-main/app/composition/compose-studio';
import { editOpRequestSchema, type EditOpRequestIn, type EditProjectState } from '../src-main/contract';
import { compileDocument } from '../src-main/audio/render/compile';
import { buildRenderGraph, outputArgs } from '../src-main/audio/render/renderer';
import type { Benchmark } from './benchmark';
import { ffmpegPath, run, time } from './support';

const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', 'edit');
const SOURCE = path.join(CACHE, 'interview-30min-48k-stereo.wav');
const JINGLE = path.join(CACHE, 'jingle-10s-44k.mp3');
const S = 48_000;
const ROUNDS = 3;

async function ensureInputs(ffmpeg: string): Promise<void> {
  await mkdir(CACHE, { recursive: true });
  if (!existsSync(SOURCE)) {
    process.stdout.write('  (generating a 30-minute 48 kHz stereo WAV once)\n');
    await run(ffmpeg, [
      ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
      ...['-f', 'lavfi', '-i', 'anoisesrc=c=pink:r=48000:a=0.1:d=1800'],
      ...['-f', 'lavfi', '-i', 'sine=f=220:r=48000:d=1800'],
      ...['-filter_complex', 'amix=inputs=2,pan=stereo|c0=c0|c1=0.8*c0'],
      ...['-c:a', 'pcm_s16le', '-f', 'wav', `${SOURCE}.part`],
    ]);
    await rename(`${SOURCE}.part`, SOURCE);
  }
  if (!existsSync(JINGLE)) {
    await run(ffmpeg, [
      ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
      ...['-f', 'lavfi', '-i', 'sine=f=880:r=44100:d=10', '-ac', '2'],
      ...['-c:a', 'libmp3lame', '-b:a', '192k', '-f', 'mp3', `${JINGLE}.part`],
    ]);
    await rename(`${JINGLE}.part`, JINGLE);
  }
}

/** A small deterministic random source, so every run makes the same 100 edits. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CURVES = ['lin', 'exp', 'log', 'scurve'] as const;

/** 100 operations spread over the recording, as an editor cutting an interview makes them. */
async function hundredEdits(
  studio: ComposedStudio,
  assetId: string,
  jingleId: string,
): Promise<EditProjectState> {
  const edit = studio.services.edit.projects;
  let p = await edit.openProject({ assetId, newProject: true });
  const rnd = random(4);
  const at = (len: number) => Math.floor(rnd() * (p.durationSamples - len - S));
  const secs = (a: number, b: number) => Math.round((a + rnd() * (b - a)) * S);
  const ops: Array<() => EditOpRequestIn | Promise<EditOpRequestIn>> = [];
  for (let i = 0; i < 50; i++) {
    ops.push(() => {
      const len = secs(2, 15);
      const start = at(len);
      return { type: 'cut', start, end: start + len };
    });
  }
  for (let i = 0; i < 10; i++) {
    ops.push(async () => {
      const len = secs(3, 10);
      const start = at(len);
      await edit.copy(p.id, start, start + len, 'bench');
      return { type: 'paste', at: at(0) };
    });
  }
  for (let i = 0; i < 5; i++) ops.push(() => ({ type: 'insertAsset', at: at(0), assetId: jingleId }));
  for (let i = 0; i < 10; i++) {
    ops.push(() => {
      const len = secs(0.5, 3);
      const start = at(len);
      return { type: 'fade', direction: i % 2 ? 'in' : 'out', start, end: start + len, curve: CURVES[i % 4] };
    });
  }
  for (let i = 0; i < 10; i++) {
    ops.push(() => {
      const len = secs(2, 20);
      const start = at(len);
      return { type: 'gain', start, end: start + len, gainDb: i % 2 ? 4 : -6 };
    });
  }
  for (let i = 0; i < 5; i++) {
    ops.push(() => {
      const a = at(secs(10, 30));
      return {
        type: 'envelope',
        points: [
          { at: a, gainDb: 0 },
          { at: a + secs(1, 3), gainDb: -10 },
          { at: a + secs(5, 8), gainDb: -10 },
          { at: a + secs(9, 10), gainDb: 0 },
        ],
      };
    });
  }
  for (let i = 0; i < 10; i++) {
    ops.push(() => {
      const len = secs(0.2, 1);
      const start = at(len);
      return { type: 'silence', start, end: start + len };
    });
  }
  // Interleave the kinds, as real editing does.
  const order = ops.map((_, i) => i).sort((a, b) => ((a * 37) % 101) - ((b * 37) % 101));
  for (const i of order) {
    const op = await (ops[i] as () => EditOpRequestIn | Promise<EditOpRequestIn>)();
    // Validated as the router would (defaults applied).
    p = (await edit.apply(p.id, editOpRequestSchema.parse(op), 'bench')).project;
  }
  if (p.historyLength !== 100) throw new Error(`expected 100 edits, got ${p.historyLength}`);
  return p;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'edit: 100-edit list on a 30-min source, export to WAV',
    anchor: 'the same graph by hand: ffmpeg -filter_complex_script',
    async run() {
      const ffmpeg = await ffmpegPath();
      await ensureInputs(ffmpeg);
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'studio-bench-edit-'));
      const studio = await composeStudio({ dataDir, appVersion: 'bench', host: 'cli', env: process.env });
      try {
        const media = studio.services.media.importer;
        const source = await media.importOne(SOURCE, { metadata: { title: 'Phỏng vấn 30 phút' } });
        const jingle = await media.importOne(JINGLE, { metadata: { title: 'Nhạc hiệu' } });
        if (!source.ok || !jingle.ok) throw new Error('import failed');
        const p = await hundredEdits(studio, source.asset.id, jingle.asset.id);
        const edit = studio.services.edit;
        const { sources } = studio.services.audio;

        // The anchor's command: the graph the engine builds for this edit, written to a file once.
        const doc = p.document;
        const resolved = await sources.resolveAll(doc.clips.map((c) => c.assetId));
        const tl = compileDocument(doc, resolved);
        const { graph, out } = buildRenderGraph(tl, null);
        const script = path.join(dataDir, 'graph.txt');
        await writeFile(script, graph.toScript());
        const ourFile = path.join(dataDir, 'ours.wav');
        const anchorFile = path.join(dataDir, 'anchor.wav');
        const anchorArgs = [
          ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-filter_complex_script', script],
          ...outputArgs(out, { format: 'wav', bitDepth: 16 }, anchorFile),
        ];

        let ours = Infinity;
        let anchor = Infinity;
        // Each writes 280 MB: the disk's writeback of one run must not slow the next, so the dirty
        // pages are flushed (untimed) before each, and the old file is removed before the clock starts.
        const settle = async (file: string) => {
          await rm(file, { force: true });
          await run('sync', []);
        };
        for (let i = 0; i < ROUNDS; i++) {
          await settle(anchorFile);
          anchor = Math.min(anchor, await time(() => run(ffmpeg, anchorArgs, dataDir)));
          await settle(ourFile);
          ours = Math.min(
            ours,
            await time(async () => {
              const job = await edit.exports.start({
                projectId: p.id,
                format: 'wav',
                bitDepth: 16,
                bitrateKbps: 192,
                path: ourFile,
              });
              const done = await edit.exports.wait(job.id);
              if (done.state !== 'finished') throw new Error(done.error?.message ?? done.state);
            }),
          );
        }
        if (!readFileSync(ourFile).equals(readFileSync(anchorFile))) throw new Error('outputs differ');
        const minutes = tl.length / S / 60;
        return {
          ours: ours / 1000,
          anchor: anchor / 1000,
          unit: 's',
          target: '≤ 1.1×',
          note:
            `${tl.runs.length} clips, ${graph.size} chains, ${minutes.toFixed(1)} min out ` +
            `(${(tl.length / S / (ours / 1000)).toFixed(0)}× real time); outputs byte-identical; best of ${ROUNDS}`,
        };
      } finally {
        await studio.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
];
