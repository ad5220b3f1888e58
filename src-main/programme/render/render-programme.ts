/**
 * Rendering a mixed programme to files, loudness-normalised, with the edit engine's renderer:
 *
 * 1. measure: ebur128 on the mix, integrated loudness and SAMPLE peak (true peak costs a 4×
 *    oversampling, twice the time of the whole pass). The limiter is needed when the sample peak
 *    after the gain passes the limiter's own ceiling, 1 dB under the true-peak ceiling: so the
 *    sample peak plus 1 dB stands for the true peak in `planNormalization`, which then plans the
 *    gain (and, with a limiter, re-measures with true peak and corrects the gain). The plan, and the
 *    output's measure once verified, are kept on disk under the render key, so the same programme
 *    gets the same gain (and the same audio) every time without measuring again;
 * 2. render: every output (WAV master, MP3, Opus) is the same graph — the mix, the gain and, only when
 *    needed, the true-peak limiter — each in its own ffmpeg run, as many at once as there are cores,
 *    beside one more run of the same graph into ebur128 that verifies what the files carry (unless
 *    that very graph was measured with true peak already: by the plan, or by an earlier render).
 *    Each MP3 and Opus file is also decoded and measured (ebur128, true peak) while it is written
 *    (`measureWhileWritten`), since lossy encoding can put peaks over the ceiling that the master
 *    does not have;
 * 3. verify: the master's integrated loudness within ±0.5 LU of the target and its true peak at or
 *    under the ceiling. A true peak over the ceiling without a limiter (peaks between samples)
 *    renders once more with the limiter; anything else that misses fails, and no file is left;
 * 4. fit the encoded files: one whose true peak is over the ceiling is encoded again, quieter by
 *    its excess plus `ENCODED_PEAK_MARGIN_DB`, and measured again; at most `ENCODED_PEAK_RETRIES`
 *    times, then PROGRAMME_ENCODED_PEAK. The file then carries less than the target loudness (by
 *    that attenuation): the ceiling is the rule a transmitter cannot break, and the report gives
 *    each file's own loudness and true peak. (An encoded file's loudness differs from the master's
 *    anyway: MP3 drops what is above about 16 kHz.)
 *
 * Files are written as `<file>.part` and renamed only when every output is written and verified;
 * a failure or a cancel removes the `.part` files.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, type LoudnessPreset, type ProgrammeRenderFormat } from '../../contract';
import { formatNumberVi } from '../../edit/model';
import {
  addNormalize,
  LIMITER_MARGIN_DB,
  measureLoudness,
  num,
  planNormalization,
  renderToFile,
  type GraphInput,
  type LoudnessMeasure,
  type NormalizePlan,
  type NormalizeStage,
  type OutputFormat,
  type RenderEnv,
} from '../../audio';
import { measureWhileWritten } from './measure-written';

export interface RenderTarget {
  format: ProgrammeRenderFormat;
  /** Final path (absolute). */
  file: string;
  output: OutputFormat;
}

/** What one rendered file carries, as the render measured it (WAV: the master). */
export interface ProgrammeRenderFileMeasure {
  format: ProgrammeRenderFormat;
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  /** How much quieter than the master the file was encoded, to stay under the ceiling. */
  attenuationDb: number;
  /** Times the file was encoded again (0: the first encoding passed). */
  reencodes: number;
}

export type RenderPhase = 'measuring' | 'rendering' | 'verifying';

export interface RenderProgrammeOptions {
  env: RenderEnv;
  mix: GraphInput;
  preset: LoudnessPreset;
  targets: readonly RenderTarget[];
  /** Identity of the mix and target: names the cached loudness plan. */
  key: string;
  /** Folder of cached loudness plans. */
  planCacheDir: string;
  /** ffmpeg runs at once while rendering (the cores of the machine). */
  concurrency: number;
  signal: AbortSignal;
  onProgress(phase: RenderPhase, fraction: number): void;
  /** Times an encoded file over the ceiling is encoded again; `ENCODED_PEAK_RETRIES` unless given. */
  encodedPeakRetries?: number;
}

export interface RenderProgrammeResult {
  /** Before normalisation. */
  mixLufs: number;
  stage: NormalizeStage;
  /** Measured on the output. */
  integratedLufs: number;
  truePeakDbtp: number;
  /** Per target, in the order of `targets`: what each file carries (encoded files decoded and measured). */
  files: ProgrammeRenderFileMeasure[];
}

/** Allowed distance from the target loudness, as QCVN 115 / EBU R128 practice allows (±0.5 LU). */
export const LOUDNESS_TOLERANCE_LU = 0.5;

/** Rough CPU time of each run, relative (measured on a 30-minute stereo programme). */
const COST: Record<ProgrammeRenderFormat | 'verify', number> = { mp3: 23, opus: 20, verify: 10, wav: 4 };

/** Extra attenuation, beyond the excess, when an encoded file is encoded again under the ceiling. */
export const ENCODED_PEAK_MARGIN_DB = 0.3;
/** Times an encoded file over the ceiling is encoded again before the render fails. */
export const ENCODED_PEAK_RETRIES = 2;

export function partFile(file: string): string {
  return `${file}.part`;
}

/** What is kept per render key: the plan, and the output's true-peak measure once verified. */
export interface Cached {
  plan: NormalizePlan;
  output: { stage: NormalizeStage; measure: LoudnessMeasure } | null;
}

async function readCache(file: string): Promise<Cached | null> {
  try {
    const c = JSON.parse(await readFile(file, 'utf8')) as Cached;
    return typeof c?.plan?.stage?.gainDb === 'number' ? c : null;
  } catch {
    return null;
  }
}

async function writeCache(file: string, c: Cached): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(c));
  await rename(`${file}.${process.pid}.tmp`, file);
}

const sameStage = (a: NormalizeStage, b: NormalizeStage) =>
  a.gainDb === b.gainDb && a.limiterLimit === b.limiterLimit;

/** Runs `tasks` with at most `limit` at once; on the first failure aborts the rest and rethrows it. */
async function pool(
  tasks: ReadonlyArray<(signal: AbortSignal) => Promise<void>>,
  limit: number,
  outer: AbortSignal,
): Promise<void> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < tasks.length && failure === null) {
      const task = tasks[next++] as (signal: AbortSignal) => Promise<void>;
      try {
        await task(inner.signal);
      } catch (err) {
        if (failure === null) failure = err;
        inner.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  } finally {
    outer.removeEventListener('abort', onAbort);
  }
  if (outer.aborted)
    throw new StudioError('CANCELLED', 'Đã huỷ dựng chương trình theo yêu cầu. Không có tệp nào được ghi.');
  if (failure !== null) throw failure;
}

function loudnessFailed(preset: LoudnessPreset, m: LoudnessMeasure): StudioError {
  const lufs = m.integratedLufs === null ? 'không đo được' : `${formatNumberVi(m.integratedLufs)} LUFS`;
  const tp = m.truePeakDbtp === null ? 'không đo được' : `${formatNumberVi(m.truePeakDbtp)} dBTP`;
  return new StudioError(
    'PROGRAMME_LOUDNESS',
    `Sau khi chuẩn hoá, chương trình đo được ${lufs}, đỉnh thực ${tp}, ` +
      `chưa đạt mức "${preset.label}" (${formatNumberVi(preset.targetLufs)} LUFS ±${formatNumberVi(LOUDNESS_TOLERANCE_LU)}, ` +
      `đỉnh ≤ ${formatNumberVi(preset.truePeakDbtp)} dBTP). Không có tệp nào được ghi. ` +
      'Hãy kiểm tra các mục quá to hoặc bị méo rồi dựng lại.',
    { measured: m, target: preset },
  );
}

export type PlanOptions = Pick<
  RenderProgrammeOptions,
  'env' | 'mix' | 'preset' | 'key' | 'planCacheDir' | 'signal' | 'onProgress'
>;

/**
 * Step 1: the loudness plan of the mix (measured, or read from the cache), and the output's
 * true-peak measure when one is known; PROGRAMME_LOUDNESS for a programme too quiet to measure.
 */
export async function planLoudness(o: PlanOptions): Promise<Cached & { mixLufs: number }> {
  const cached = await readCache(path.join(o.planCacheDir, `${o.key}.json`));
  o.onProgress('measuring', 0);
  let plan = cached?.plan ?? null;
  let output = cached?.output ?? null;
  if (!plan) {
    const control = { signal: o.signal, onProgress: (f: number) => o.onProgress('measuring', f) };
    const sample = await measureLoudness(o.env, o.mix, control, null, 'sample');
    const estimate: LoudnessMeasure = {
      integratedLufs: sample.integratedLufs,
      truePeakDbtp: sample.truePeakDbtp === null ? null : sample.truePeakDbtp + LIMITER_MARGIN_DB,
    };
    plan = await planNormalization(o.env, o.mix, o.preset, control, estimate);
    // With a limiter the plan measured its final stage with true peak: that is the output's measure.
    if (plan.result) output = { stage: plan.stage, measure: plan.result };
    if (plan.measured.integratedLufs !== null)
      await writeCache(path.join(o.planCacheDir, `${o.key}.json`), { plan, output });
  }
  const mixLufs = plan.measured.integratedLufs;
  if (mixLufs === null) {
    throw new StudioError(
      'PROGRAMME_LOUDNESS',
      'Chương trình gần như im lặng (nhỏ hơn −70 LUFS) nên không chuẩn hoá độ lớn được. ' +
        'Hãy kiểm tra âm lượng các mục và các rãnh đang tắt tiếng. Không có tệp nào được ghi.',
    );
  }
  o.onProgress('measuring', 1);
  return { plan, output, mixLufs };
}

export async function renderProgramme(o: RenderProgrammeOptions): Promise<RenderProgrammeResult> {
  // 1. Measure (or reuse the plan measured for this very mix and target).
  const cacheFile = path.join(o.planCacheDir, `${o.key}.json`);
  const { plan, output, mixLufs } = await planLoudness(o);

  // 2. Render every output and verify, twice at most (the second time with the limiter).
  let stage = plan.stage;
  for (let attempt = 0; ; attempt++) {
    const known = output && sameStage(output.stage, stage) ? output.measure : null;
    const { master: verified, encoded } = await renderPass(o, stage, known);
    const tpOk = verified.truePeakDbtp !== null && verified.truePeakDbtp <= o.preset.truePeakDbtp;
    const lufsOk =
      verified.integratedLufs !== null &&
      Math.abs(verified.integratedLufs - o.preset.targetLufs) <= LOUDNESS_TOLERANCE_LU;
    if (tpOk && lufsOk) {
      let files: ProgrammeRenderFileMeasure[];
      try {
        files = await fitEncoded(o, stage, verified, encoded);
      } catch (err) {
        await removeParts(o.targets);
        throw err;
      }
      for (const t of o.targets) await rename(partFile(t.file), t.file);
      if (!known) await writeCache(cacheFile, { plan, output: { stage, measure: verified } });
      return {
        mixLufs,
        stage,
        integratedLufs: verified.integratedLufs as number,
        truePeakDbtp: verified.truePeakDbtp as number,
        files,
      };
    }
    await removeParts(o.targets);
    if (attempt > 0 || stage.limiterLimit !== null || !lufsOk) throw loudnessFailed(o.preset, verified);
    // Peaks between samples went over the ceiling: the limiter, with room below the ceiling.
    stage = {
      ...stage,
      limiterLimit: Math.round(10 ** ((o.preset.truePeakDbtp - LIMITER_MARGIN_DB) / 20) * 1e6) / 1e6,
    };
  }
}

async function removeParts(targets: readonly RenderTarget[]): Promise<void> {
  await Promise.all(targets.map((t) => rm(partFile(t.file), { force: true })));
}

/**
 * One MP3 or Opus file (its `.part`) written from the mix through `stage`, quieter by
 * `attenuationDb`, and measured while it is written.
 */
async function encodeMeasured(
  o: RenderProgrammeOptions,
  stage: NormalizeStage,
  t: RenderTarget,
  attenuationDb: number,
  signal: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<LoudnessMeasure> {
  const format = t.output.format;
  if (format === 'wav') throw new Error('a WAV file is the master: it is verified, not measured apart');
  const part = partFile(t.file);
  // The measure reads the file as it grows: no stale file from an earlier run may be read first.
  await rm(part, { force: true });
  const input: GraphInput =
    attenuationDb === 0
      ? o.mix
      : {
          length: o.mix.length,
          build: (graph) =>
            graph.chain(
              addNormalize(graph, o.mix.build(graph), stage),
              [`volume=${num(-attenuationDb)}dB`],
              'q',
            ),
        };
  const writing = renderToFile(o.env, input, attenuationDb === 0 ? stage : null, t.output, part, {
    signal,
    onProgress,
  });
  const [written, measured] = await Promise.allSettled([
    writing,
    measureWhileWritten(o.env.ffmpeg, part, format, writing, signal),
  ]);
  if (written.status === 'rejected') throw written.reason;
  if (measured.status === 'rejected') throw measured.reason;
  if (!measured.value) throw new StudioError('CANCELLED', 'Đã huỷ theo yêu cầu.');
  return measured.value;
}

/**
 * Every output and the verification (unless the stage's output is `known` already), as many at
 * once as `concurrency`; `.part` files only. Returns the master's measure, and per target the
 * measure of an encoded file (`null` for WAV).
 */
async function renderPass(
  o: RenderProgrammeOptions,
  stage: NormalizeStage,
  known: LoudnessMeasure | null,
): Promise<{ master: LoudnessMeasure; encoded: Array<LoudnessMeasure | null> }> {
  o.onProgress('rendering', 0);
  const fractions = new Array<number>(o.targets.length + 1).fill(0);
  let lastReport = 0;
  const report = (k: number, f: number) => {
    fractions[k] = f;
    const now = Date.now();
    if (now - lastReport < 200) return;
    lastReport = now;
    o.onProgress('rendering', fractions.reduce((a, b) => a + b, 0) / fractions.length);
  };
  let verified: LoudnessMeasure = known ?? { integratedLufs: null, truePeakDbtp: null };
  const encoded = o.targets.map((): LoudnessMeasure | null => null);
  if (known) fractions[0] = 1;
  const verify = {
    cost: COST.verify,
    run: async (signal: AbortSignal) => {
      // Beside the encoders, which the user waits for: at a lower priority.
      verified = await measureLoudness(
        o.env,
        o.mix,
        { signal, onProgress: (f) => report(0, f), background: true },
        stage,
      );
    },
  };
  const tasks: Array<{ cost: number; run: (signal: AbortSignal) => Promise<void> }> = [
    ...(known ? [] : [verify]),
    ...o.targets.map((t, k) => ({
      cost: COST[t.format],
      run: async (signal: AbortSignal) => {
        const onProgress = (f: number) => report(k + 1, f);
        if (t.output.format === 'wav') {
          await renderToFile(o.env, o.mix, stage, t.output, partFile(t.file), { signal, onProgress });
        } else {
          encoded[k] = await encodeMeasured(o, stage, t, 0, signal, onProgress);
        }
      },
    })),
  ];
  // Longest first, so that the cores finish together.
  tasks.sort((a, b) => b.cost - a.cost);
  try {
    await pool(
      tasks.map((t) => t.run),
      o.concurrency,
      o.signal,
    );
  } catch (err) {
    await removeParts(o.targets);
    throw err;
  }
  o.onProgress('verifying', 1);
  return { master: verified, encoded };
}

function encodedPeakFailed(
  preset: LoudnessPreset,
  t: RenderTarget,
  m: LoudnessMeasure,
  attenuationDb: number,
  retries: number,
): StudioError {
  const tp = m.truePeakDbtp === null ? 'không đo được' : `${formatNumberVi(m.truePeakDbtp)} dBTP`;
  const again =
    retries > 0 ? ` dù đã mã hoá lại ${retries} lần, nhỏ đi ${formatNumberVi(attenuationDb)} dB` : '';
  return new StudioError(
    'PROGRAMME_ENCODED_PEAK',
    `Tệp ${t.format.toUpperCase()} sau khi nén có đỉnh thực ${tp}, vượt mức trần ` +
      `${formatNumberVi(preset.truePeakDbtp)} dBTP${again}. Không có tệp nào được ghi. ` +
      'Hãy chọn tốc độ bit cao hơn, hoặc giảm bớt âm cao chói (tiếng xì, tiếng rè) trong các mục rồi dựng lại.',
    { format: t.format, file: t.file, measured: m, attenuationDb, ceilingDbtp: preset.truePeakDbtp },
  );
}

/**
 * Step 4: what each file carries (WAV: the master); an MP3 or Opus file over the ceiling encoded
 * again, quieter by its excess plus the margin, until it is under (at most `encodedPeakRetries`
 * times, then PROGRAMME_ENCODED_PEAK).
 */
async function fitEncoded(
  o: RenderProgrammeOptions,
  stage: NormalizeStage,
  master: LoudnessMeasure,
  encoded: ReadonlyArray<LoudnessMeasure | null>,
): Promise<ProgrammeRenderFileMeasure[]> {
  const retries = o.encodedPeakRetries ?? ENCODED_PEAK_RETRIES;
  const files: ProgrammeRenderFileMeasure[] = o.targets.map((t, k) => ({
    format: t.format,
    ...(encoded[k] ?? master),
    attenuationDb: 0,
    reencodes: 0,
  }));
  const over = (m: LoudnessMeasure) => (m.truePeakDbtp === null ? 0 : m.truePeakDbtp - o.preset.truePeakDbtp);
  const tasks = o.targets.flatMap((t, k) =>
    t.format === 'wav' || over(files[k] as ProgrammeRenderFileMeasure) <= 0
      ? []
      : [
          async (signal: AbortSignal) => {
            for (let n = 1; ; n++) {
              const f = files[k] as ProgrammeRenderFileMeasure;
              if (over(f) <= 0) return;
              if (n > retries) throw encodedPeakFailed(o.preset, t, f, f.attenuationDb, retries);
              const attenuationDb =
                Math.round((f.attenuationDb + over(f) + ENCODED_PEAK_MARGIN_DB) * 100) / 100;
              const m = await encodeMeasured(o, stage, t, attenuationDb, signal);
              files[k] = { format: t.format, ...m, attenuationDb, reencodes: n };
            }
          },
        ],
  );
  if (tasks.length > 0) await pool(tasks, o.concurrency, o.signal);
  return files;
}
