/**
 * Programme renders measured with ffmpeg: generated signals with cosine bursts at known samples
 * are placed on the programme's tracks through the router, rendered, decoded back to float PCM and
 * measured: burst onsets to the sample, the bed's level under voice, loudness and true peak, seconds
 * per language, determinism, and the refusals of programmes that cannot render.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SPEECH, type ProgrammeRenderProgressEvent, type ProgrammeState } from '../../src-main/contract';
import { decode, loudness, onsets, rmsDb, signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, apply, filesIn, importAs, render, renderOk, S, trackId } from '../support/programme';

interface Assets {
  vie: string;
  tyz: string;
  jingle: string;
  bed: string;
  silent: string;
  peaky: string;
  long: string;
}

let t: TestStudio;
let dir: string;
let a: Assets;
/** Where ffmpeg's own 48 kHz decode of the MP3 jingle has its burst. */
let jingleOnset: number;
let outCount = 0;

async function outDir(): Promise<string> {
  const d = path.join(dir, `out-${++outCount}`);
  await mkdir(d);
  return d;
}

async function newProgramme(title: string, extra: Record<string, unknown> = {}): Promise<ProgrammeState> {
  return t.call('programme.create', { metadata: { title, languages: ['vie', 'tyz'], ...extra } });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-render-'));
  t = await openTestStudio(path.join(dir, 'data'));
  const f = (name: string) => path.join(dir, name);
  // Voices: a quiet 300 Hz tone (the loudness) with one loud 1 kHz burst (the marker).
  const voice = (name: string, samples: number, burstAt: number, title: string, language: string) =>
    importAs(
      t,
      signal(f(name), {
        samples,
        tone: { freq: 300, amp: 0.1 },
        bursts: [{ at: burstAt, length: 2400, amp: 0.8 }],
      }),
      title,
      language,
    );
  a = {
    vie: await voice('vie.wav', 72_000, 12_000, 'Tin tiếng Việt', 'vie'),
    tyz: await voice('tyz.wav', 48_000, 24_000, 'Tin tiếng Tày', 'tyz'),
    jingle: await importAs(
      t,
      signal(f('jingle.mp3'), {
        samples: 22_050,
        rate: 44_100,
        channels: 2,
        bursts: [{ at: 11_025, length: 2205, amp: 0.6 }],
        codec: ['-c:a', 'libmp3lame', '-b:a', '192k'],
      }),
      'Nhạc hiệu',
    ),
    bed: await importAs(
      t,
      signal(f('bed.wav'), { samples: 7 * S, channels: 2, tone: { freq: 440, amp: 0.1 } }),
      'Nhạc nền',
    ),
    silent: await importAs(t, signal(f('silent.wav'), { samples: 72_000 }), 'Lời (lặng)', 'vie'),
    // 5 ms bursts at full scale twice a second over a faint tone: peaks far above the loudness.
    peaky: await importAs(
      t,
      signal(f('peaky.wav'), {
        samples: 3 * S,
        tone: { freq: 300, amp: 0.05 },
        bursts: Array.from({ length: 6 }, (_, k) => ({ at: 6000 + k * 24_000, length: 240, amp: 0.94 })),
      }),
      'Tiếng nổ',
    ),
    long: await importAs(
      t,
      signal(f('long.wav'), { samples: 60 * S, channels: 2, tone: { freq: 440, amp: 0.2 } }),
      'Nhạc dài',
    ),
  };
  jingleOnset = onsets(decode(f('jingle.mp3'), { rate: S, channels: 2 }), 0.3)[0] as number;
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

/** Jingle at 0; the Vietnamese news at 0.6 s; its Tày version at 2.3 s. */
async function newsProgramme(): Promise<ProgrammeState> {
  let p = await newProgramme('Bản tin sáng');
  p = (await addAsset(t, p, 'jingle', a.jingle, { start: 0 })).p;
  const vie = await addAsset(t, p, 'voice', a.vie, { start: 28_800 });
  p = (await addAsset(t, vie.p, 'voice', a.tyz, { start: 110_400, versionOf: vie.id })).p;
  return p;
}

describe('items land on the sample', () => {
  it('places jingle, news and its Tày version where the programme says, and counts airtime per language', async () => {
    const p = await newsProgramme();
    expect(p.analysis.problems).toEqual([]);
    expect(p.analysis.lengthSamples).toBe(110_400 + 48_000);
    expect(p.analysis.secondsByLanguage).toEqual({ vie: 1.5, tyz: 1 });
    expect(p.analysis.missingVersions).toEqual([]);
    const done = await renderOk(t, p, await outDir());
    const r = done.report;
    expect(r.lengthSamples).toBe(158_400);
    expect(r.durationSec).toBe(3.3);
    expect(r.channels).toBe(2);
    expect(r.secondsByLanguage).toEqual({ vie: 1.5, tyz: 1 });
    const pcm = decode(r.files[0]?.file as string);
    expect(pcm.frames).toBe(158_400);
    const g = 10 ** (r.gainDb / 20);
    expect(r.limiter).toBe(false);
    // To the sample (a millisecond is 48 samples): the normalisation gain moves nothing.
    expect(onsets(pcm, 0.3 * g)).toEqual([jingleOnset, 28_800 + 12_000, 110_400 + 24_000]);
    // Mono voices play at full level on both sides.
    expect(onsets(pcm, 0.3 * g, 2400, 1)).toEqual(onsets(pcm, 0.3 * g, 2400, 0));
  });

  it('counts a jingle marked "Không lời" on the voice track in no language, and says how long nothing was spoken', async () => {
    let p = await newProgramme('Bản tin có nhạc hiệu');
    p = (await addAsset(t, p, 'voice', a.jingle, { start: 0, language: NO_SPEECH })).p;
    p = (await addAsset(t, p, 'voice', a.vie, { start: 28_800 })).p;
    expect(p.analysis.secondsByLanguage).toEqual({ vie: 1.5 });
    const r = (await renderOk(t, p, await outDir())).report;
    expect(r.secondsByLanguage).toEqual({ vie: 1.5 });
    // The jingle (0.5 s) plays with nothing spoken; the gap before the news is silence.
    expect(r.secondsWithoutSpeech).toBe(0.5);
  });

  it('counts an overlap of two items in one language once (a crossfade)', async () => {
    let p = await newProgramme('Hai tin nối nhau');
    p = (await addAsset(t, p, 'voice', a.vie, { start: 0 })).p;
    // Added without a start: right after the last item of the track, less its crossfade.
    p = (await addAsset(t, p, 'voice', a.vie, { crossfade: 4800 })).p;
    expect(p.items.map((i) => i.start)).toEqual([0, 72_000 - 4800]);
    expect(p.items[1]?.crossfadeIn).toBe(4800);
    expect(p.analysis.problems).toEqual([]);
    expect(p.analysis.secondsByLanguage).toEqual({ vie: (2 * 72_000 - 4800) / S });
    // The Tày version is missing for both.
    expect(p.analysis.missingVersions.map((m) => m.language)).toEqual(['tyz', 'tyz']);
    const done = await renderOk(t, p, await outDir());
    expect(done.report.secondsByLanguage).toEqual({ vie: 2.9 });
    const pcm = decode(done.report.files[0]?.file as string);
    const g = 10 ** (done.report.gainDb / 20);
    expect(onsets(pcm, 0.3 * g)).toEqual([12_000, 72_000 - 4800 + 12_000]);
    // In the middle of the crossfade both play at half gain each (half-cosine): the tones sum to one.
    // (The two tones are in phase there: 67 200 samples are 420 periods of 300 Hz.)
    expect(rmsDb(pcm, 67_200 + 2400 - 480, 67_200 + 2400 + 480)).toBeCloseTo(rmsDb(pcm, 30_000, 39_600), 1);
  });
});

describe('preview', () => {
  it('plays exactly what renders, and a window of it exactly as the whole has it there', async () => {
    const p = await newsProgramme();
    const rendered = decode((await renderOk(t, p, await outDir())).report.files[0]?.file as string);
    const whole = await t.call('programme.preview', { id: p.id });
    expect(whole).toMatchObject({ start: 0, end: 158_400, channels: 2, durationSec: 3.3, limiter: false });
    expect(whole.peaks.durationSec).toBe(3.3);
    const file = t.studio.services.audio.previews.file(whole.previewId) as string;
    const pcm = decode(file);
    expect(pcm.frames).toBe(rendered.frames);
    // The same audio: the preview is 16-bit, the master 24-bit.
    let maxDiff = 0;
    for (let i = 0; i < pcm.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs((pcm.data[i] as number) - (rendered.data[i] as number)));
    expect(maxDiff).toBeLessThan(1 / 32_768 + 1e-6);
    const window = await t.call('programme.preview', { id: p.id, start: S, end: 2 * S });
    const part = decode(t.studio.services.audio.previews.file(window.previewId) as string);
    expect(part.frames).toBe(S);
    expect(Array.from(part.data)).toEqual(Array.from(pcm.data.subarray(S * 2, 2 * S * 2)));
    expect((await t.call('programme.preview', { id: p.id })).cached).toBe(true);
  });

  it('plays placeholders as silence', async () => {
    let p = await newProgramme('Còn ô trống, nghe thử');
    p = (await addAsset(t, p, 'voice', a.vie, { start: 0 })).p;
    p = await apply(t, p, {
      type: 'add',
      item: {
        trackId: trackId(p, 'voice'),
        source: null,
        title: 'Tin tiếng Tày',
        sourceEnd: S,
        language: 'tyz',
      },
    });
    const pv = await t.call('programme.preview', { id: p.id });
    expect(pv.end).toBe(72_000 + S);
    const pcm = decode(t.studio.services.audio.previews.file(pv.previewId) as string);
    expect(rmsDb(pcm, 72_000, 72_000 + S)).toBe(-Infinity);
    expect((await t.fail('programme.render', { id: p.id, dir: await outDir() })).code).toBe(
      'PROGRAMME_PLACEHOLDER',
    );
  });
});

describe('ducking', () => {
  it('dips the bed by the programme depth under voice, and by a clip’s own depth where it has one', async () => {
    let p = await newProgramme('Nhạc nền dưới lời');
    p = (await addAsset(t, p, 'bed', a.bed, { start: 0 })).p;
    // A voice item (silent: only its place matters) at 2–3.5 s with the defaults (12 dB, 300 ms, 700 ms)…
    p = (await addAsset(t, p, 'voice', a.silent, { start: 2 * S })).p;
    // …and one at 5.5–6 s that asks for 6 dB only.
    p = (await addAsset(t, p, 'voice', a.silent, { start: 5.5 * S, sourceEnd: 24_000, duck: { depthDb: 6 } }))
      .p;
    expect(p.ducking).toEqual({ depthDb: 12, attackMs: 300, releaseMs: 700 });
    const r = (await renderOk(t, p, await outDir())).report;
    const pcm = decode(r.files[0]?.file as string);
    const free = rmsDb(pcm, 0.5 * S, 1.5 * S);
    const at = (a0: number, a1: number) => rmsDb(pcm, Math.round(a0 * S), Math.round(a1 * S)) - free;
    expect(Math.abs(at(2.1, 3.4) + 12)).toBeLessThan(1);
    expect(Math.abs(at(5.55, 5.95) + 6)).toBeLessThan(1);
    // Halfway down the attack (1.85 s) the bed is half as far down, in dB.
    expect(Math.abs(at(1.84, 1.86) + 6)).toBeLessThan(1);
    // Back up after the release (3.5 + 0.7 s), before the next attack (5.2 s).
    expect(Math.abs(at(4.3, 5.1))).toBeLessThan(0.1);
    // Loudness of the whole: QCVN 115 / EBU R128.
    const m = loudness(r.files[0]?.file as string);
    expect(Math.abs(m.integratedLufs + 23)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.integratedLufs + 23)).toBeLessThanOrEqual(0.5);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
  });

  it('follows a change of the programme’s depth', async () => {
    let p = await newProgramme('Nhạc nền 20 dB');
    p = (await addAsset(t, p, 'bed', a.bed, { start: 0, sourceEnd: 4 * S })).p;
    p = (await addAsset(t, p, 'voice', a.silent, { start: 2 * S })).p;
    p = await t.call('programme.update', { id: p.id, ducking: { depthDb: 20, attackMs: 0, releaseMs: 0 } });
    const pcm = decode((await renderOk(t, p, await outDir())).report.files[0]?.file as string);
    const free = rmsDb(pcm, 0.5 * S, 1.9 * S);
    expect(Math.abs(rmsDb(pcm, 2 * S, 3.4 * S) - free + 20)).toBeLessThan(1);
    // No attack: the step is at the voice's first sample.
    expect(Math.abs(rmsDb(pcm, 2 * S - 960, 2 * S) - free)).toBeLessThan(0.2);
  });
});

describe('loudness', () => {
  it('meets the outdoor preset with a limiter when the peaks need one: −16 LUFS, true peak ≤ −1 dBTP', async () => {
    let p = await newProgramme('Loa ngoài trời', { loudness: 'outdoor' });
    p = (await addAsset(t, p, 'voice', a.peaky, { start: 0 })).p;
    const r = (await renderOk(t, p, await outDir(), ['wav', 'mp3', 'opus'])).report;
    expect(r.preset).toBe('outdoor');
    expect(r.targetLufs).toBe(-16);
    expect(r.limiter).toBe(true);
    expect(Math.abs(r.integratedLufs + 16)).toBeLessThanOrEqual(0.5);
    expect(r.truePeakDbtp).toBeLessThanOrEqual(-1);
    const wav = r.files.find((f) => f.format === 'wav')?.file as string;
    const m = loudness(wav);
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThanOrEqual(0.5);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
    // The encodes carry the same loudness.
    for (const f of r.files.filter((x) => x.format !== 'wav')) {
      expect(Math.abs(loudness(f.file).integratedLufs + 16), f.format).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('the same programme renders the same audio', () => {
  it('gives byte-identical WAV and MP3 files from two renders, measured afresh each time', async () => {
    const p = await newsProgramme();
    const first = (await renderOk(t, p, await outDir(), ['wav', 'mp3'])).report;
    await rm(path.join(t.dataDir, 'cache', 'programme'), { recursive: true, force: true });
    const second = (await renderOk(t, p, await outDir(), ['wav', 'mp3'])).report;
    expect(second.renderKey).toBe(first.renderKey);
    for (const k of [0, 1]) {
      const x = readFileSync(first.files[k]?.file as string);
      const y = readFileSync(second.files[k]?.file as string);
      expect(x.equals(y), first.files[k]?.format).toBe(true);
    }
  });
});

describe('programmes that cannot render say why, and write nothing', () => {
  async function refused(p: ProgrammeState, code: string, words: string[]): Promise<void> {
    const out = await outDir();
    const err = await t.fail('programme.render', { id: p.id, dir: out });
    expect(err.code).toBe(code);
    for (const w of words) expect(err.message).toContain(w);
    expect(p.analysis.problems[0]?.code).toBe(code);
    expect(await filesIn(out)).toEqual([]);
  }

  it('an empty programme', async () => {
    await refused(await newProgramme('Trống'), 'PROGRAMME_EMPTY', ['chưa có mục nào']);
  });

  it('two items overlapping on one track', async () => {
    let p = await newProgramme('Chồng lấn');
    p = (await addAsset(t, p, 'voice', a.vie, { start: 0 })).p;
    p = (await addAsset(t, p, 'voice', a.tyz, { start: S })).p;
    await refused(p, 'PROGRAMME_OVERLAP', ['"Tin tiếng Tày"', '"Tin tiếng Việt"', 'chồng lên', '0,5 giây']);
    // On two tracks they may play together.
    p = await apply(t, p, { type: 'addTrack', kind: 'voice' });
    const second = p.tracks.filter((x) => x.kind === 'voice')[1]?.id as string;
    p = await apply(t, p, { type: 'update', itemId: p.items[1]?.id as string, patch: { trackId: second } });
    expect(p.analysis.problems).toEqual([]);
  });

  it('a clip whose audio is in the trash, or whose file is gone', async () => {
    const gone = await importAs(
      t,
      signal(path.join(dir, 'gone.wav'), { samples: S, tone: { freq: 500, amp: 0.2 } }),
      'Phóng sự bị xoá',
    );
    let p = await newProgramme('Thiếu nguồn');
    p = (await addAsset(t, p, 'voice', gone, { start: 0 })).p;
    await t.call('library.trash', { id: gone });
    p = await t.call('programme.get', { id: p.id });
    await refused(p, 'PROGRAMME_SOURCE_MISSING', ['"Phóng sự bị xoá"', 'thùng rác']);
    await t.call('library.restore', { id: gone });
    const asset = t.studio.services.media.library.get(gone);
    await rm(t.studio.services.media.library.audioPath(asset));
    await rm(path.join(t.dataDir, 'cache', 'edit', 'sources', `${gone}.wav`), { force: true });
    p = await t.call('programme.get', { id: p.id });
    await refused(p, 'PROGRAMME_SOURCE_MISSING', ['không tìm thấy tệp âm thanh', 'sao lưu']);
  });

  it('a length of hours', async () => {
    let p = await newProgramme('Dài hàng giờ');
    // Over the 3-hour limit: refused when placed.
    const err = await t.fail('programme.apply', {
      id: p.id,
      op: {
        type: 'add',
        item: {
          trackId: trackId(p, 'voice'),
          source: { kind: 'asset', assetId: a.vie },
          start: 4 * 3600 * S,
        },
      },
    });
    expect(err.code).toBe('PROGRAMME_TOO_LONG');
    expect(err.message).toContain('3 giờ');
    p = await t.call('programme.get', { id: p.id });
    expect(p.items).toEqual([]);
  });

  it('a placeholder without audio', async () => {
    let p = await newProgramme('Còn ô trống');
    p = await apply(t, p, {
      type: 'add',
      item: {
        trackId: trackId(p, 'voice'),
        source: null,
        title: 'Tin tiếng Tày',
        sourceEnd: S,
        language: 'tyz',
      },
    });
    await refused(p, 'PROGRAMME_PLACEHOLDER', ['"Tin tiếng Tày"', 'chưa có âm thanh']);
  });
});

describe('progress and cancel', () => {
  it('reports progress by stage and finishes with the report', async () => {
    const p = await newsProgramme();
    const from = t.events.length;
    const done = await renderOk(t, p, await outDir(), ['wav', 'mp3', 'opus']);
    const mine = t.events.slice(from);
    const progress = mine
      .filter((e) => e.event === 'programme.render.progress')
      .map((e) => e.payload as ProgrammeRenderProgressEvent)
      .filter((e) => e.jobId === done.id);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.fraction).toBeGreaterThanOrEqual(progress[i - 1]?.fraction as number);
    expect(progress.at(-1)).toMatchObject({ stage: 'done', fraction: 1 });
    const finished = mine.find((e) => e.event === 'programme.render.finished');
    expect(finished?.payload).toMatchObject({ job: { id: done.id, state: 'finished' } });
    expect(await filesIn(path.dirname(done.files[0] as string))).toEqual([
      'Bản tin sáng.mp3',
      'Bản tin sáng.opus',
      'Bản tin sáng.report.json',
      'Bản tin sáng.wav',
    ]);
  });

  it('cancels while the files are being written, and leaves nothing behind', async () => {
    let p = await newProgramme('Huỷ giữa chừng');
    p = (await addAsset(t, p, 'bed', a.long, { start: 0 })).p;
    const out = await outDir();
    const job = await t.call('programme.render', { id: p.id, dir: out });
    const programmes = t.studio.services.programme.renders;
    while (
      programmes.renderStatus(job.id).stage !== 'rendering' &&
      programmes.renderStatus(job.id).state === 'running'
    )
      await new Promise((r) => setTimeout(r, 5));
    await t.call('programme.cancelRender', { jobId: job.id });
    const done = await programmes.waitRender(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(await filesIn(out)).toEqual([]);
  });
});

describe('render request', () => {
  it('refuses a folder that does not exist, before starting', async () => {
    const p = await newsProgramme();
    const err = await t.fail('programme.render', { id: p.id, dir: path.join(dir, 'nowhere') });
    expect(err.code).toBe('INVALID_REQUEST');
    expect(err.message).toContain('không tồn tại');
  });

  it('renders nothing for a muted track, and says so when nothing is left', async () => {
    let p = await newsProgramme();
    for (const track of p.tracks)
      p = await apply(t, p, { type: 'updateTrack', trackId: track.id, patch: { muted: true } });
    const out = await outDir();
    const done = await render(t, p, out).catch((e: Error) => e);
    expect(done).toBeInstanceOf(Error);
    expect(String(done)).toContain('PROGRAMME_EMPTY');
  });
});
