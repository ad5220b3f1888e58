/**
 * `studio import FILE... --json`: the contract scripts rely on, through the real CLI, on inputs made
 * with ffmpeg at test time. Values are checked against ffmpeg's own measure of the same file.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAssets } from '../support/media-services';
import {
  amr,
  ffmpegDuration,
  ffmpegLoudness,
  png,
  silence,
  text,
  tone,
  truncated,
  unknownCodecWav,
  videoWithAudio,
  zeroLengthWav,
} from '../support/media-inputs';
import { runStudioCli } from '../support/cli';

const root = path.resolve(__dirname, '../..');

interface CliAsset {
  id: string;
  durationSec: number;
  sampleRate: number;
  channels: number;
  loudness: { integratedLufs: number | null; lraLu: number | null; peakDbfs: number | null };
}
type CliItem =
  | { file: string; ok: true; asset: CliAsset; duplicate?: true }
  | { file: string; ok: false; error: { code: string; message: string; technical?: string } };

const studio = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = root) => runStudioCli(args, { env, cwd });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

let dir: string;
const good: Record<string, { file: string; rate: number; channels: number }> = {};
const bad: Record<string, { file: string; code: string }> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-'));
  const p = (name: string) => path.join(dir, name);
  const add = (key: string, file: string, rate: number, channels: number) =>
    (good[key] = { file, rate, channels });
  add(
    'mp3',
    tone(p('tin tức sáng.mp3'), { channels: 2, peakDb: -12, codec: ['-c:a', 'libmp3lame', '-b:a', '128k'] }),
    44100,
    2,
  );
  add(
    'm4a',
    tone(p('Phỏng vấn bà Nguyễn Thị Lan.m4a'), {
      freq: 500,
      peakDb: -9,
      codec: ['-c:a', 'aac', '-b:a', '96k'],
    }),
    44100,
    1,
  );
  add(
    'wav96',
    tone(p('hires 96k.wav'), { rate: 96000, channels: 2, peakDb: -3, codec: ['-c:a', 'pcm_s24le'] }),
    96000,
    2,
  );
  add('six', tone(p('six channels.wav'), { rate: 48000, channels: 6, peakDb: -20 }), 48000, 6);
  add('amr', amr(p('ghi âm điện thoại.amr')), 8000, 1);
  add(
    'opus',
    tone(p('voice.opus.ogg'), { rate: 48000, freq: 700, codec: ['-c:a', 'libopus', '-b:a', '48k'] }),
    48000,
    1,
  );
  add('flac', tone(p('voice.flac'), { freq: 300, peakDb: -15, codec: ['-c:a', 'flac'] }), 44100, 1);
  add('wma', tone(p('old.wma'), { channels: 2, codec: ['-c:a', 'wmav2', '-b:a', '64k'] }), 44100, 2);
  add('mp4', videoWithAudio(p('clip.mp4')), 48000, 1);
  add('mkv', videoWithAudio(p('clip.mkv')), 48000, 1);
  add('silence', silence(p('im lặng.wav')), 48000, 2);

  bad.text = { file: text(p('ghi chú.mp3')), code: 'MEDIA_NOT_AUDIO' };
  bad.png = { file: png(p('ảnh.mp3')), code: 'MEDIA_NOT_AUDIO' };
  bad.empty = { file: text(p('trống.mp3'), ''), code: 'MEDIA_EMPTY' };
  bad.zero = { file: zeroLengthWav(p('zero.wav')), code: 'MEDIA_EMPTY' };
  bad.truncM4a = {
    file: truncated(good.m4a?.file ?? '', p('cut short.m4a'), 0.5),
    code: 'MEDIA_CORRUPT',
  };
  bad.codec = { file: unknownCodecWav(p('lạ.wav')), code: 'MEDIA_UNSUPPORTED' };
  // An MP3 cut in half still holds half its audio: that half is imported.
  add('truncMp3', truncated(good.mp3?.file ?? '', p('cut short.mp3'), 0.5), 44100, 2);
  bad.missing = { file: p('không có.mp3'), code: 'MEDIA_UNREADABLE' };
  // Tests run as root, for whom chmod 000 changes nothing: a folder is what cannot be read as a file.
  await mkdir(p('a folder.mp3'));
  bad.folder = { file: p('a folder.mp3'), code: 'MEDIA_UNREADABLE' };
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('studio import --json', () => {
  it('answers one object per file in input order; values match ffmpeg; bad files fail with a code and exit 1', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-data-'));
    try {
      const keys = ['mp3', 'text', 'm4a', 'png', 'wav96', 'empty', 'six', 'zero', 'amr', 'truncM4a', 'opus'];
      keys.push('missing', 'flac', 'folder', 'wma', 'codec', 'mp4', 'mkv', 'truncMp3', 'silence', 'mp3');
      const files = keys.map((k) => (good[k] ?? bad[k])?.file ?? '');
      const r = studio(['import', ...files, '--json', '--data', data]);
      expect(r.code, r.stderr).toBe(1);
      const items = JSON.parse(r.stdout) as CliItem[];
      expect(items.map((i) => i.file)).toEqual(files);

      for (const [i, key] of keys.entries()) {
        const item = items[i] as CliItem;
        const expected = good[key];
        if (!expected) {
          expect(item.ok, key).toBe(false);
          if (item.ok) continue;
          expect(item.error.code, key).toBe(bad[key]?.code);
          expect(item.error.message, key).toMatch(
            /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/,
          );
          expect(item.error.message, key).toContain(path.basename(expected ?? bad[key]?.file ?? ''));
          continue;
        }
        expect(item.ok, `${key}: ${JSON.stringify(item)}`).toBe(true);
        if (!item.ok) continue;
        expect(Object.keys(item.asset).sort(), key).toEqual([
          'channels',
          'durationSec',
          'id',
          'loudness',
          'sampleRate',
        ]);
        expect(item.asset.id, key).toMatch(/^[0-9a-f]{64}$/);
        expect(item.asset.sampleRate, key).toBe(expected.rate);
        expect(item.asset.channels, key).toBe(expected.channels);
        expect(item.asset.durationSec, key).toBeCloseTo(ffmpegDuration(expected.file, expected.rate), 2);
        const ref = ffmpegLoudness(expected.file);
        const l = item.asset.loudness;
        if (key === 'silence') {
          expect(l).toEqual({ integratedLufs: null, lraLu: 0, peakDbfs: null });
        } else {
          expect(Math.abs((l.integratedLufs ?? NaN) - ref.integratedLufs), key).toBeLessThanOrEqual(0.1);
          expect(Math.abs((l.lraLu ?? NaN) - ref.lraLu), key).toBeLessThanOrEqual(0.1);
          expect(Math.abs((l.peakDbfs ?? NaN) - ref.peakDbfs), key).toBeLessThanOrEqual(0.1);
        }
      }
      // The tone's level is known: a 1 kHz sine peaking at −12 dBFS on both channels is about −12 LUFS
      // (K-weighting adds ~0.7 dB at 1 kHz, stereo adds 3 dB, and a sine's RMS is 3 dB under its peak).
      const mp3 = items[0] as Extract<CliItem, { ok: true }>;
      expect(mp3.asset.loudness.integratedLufs).toBeGreaterThan(-13.5);
      expect(mp3.asset.loudness.integratedLufs).toBeLessThan(-10.5);
      expect(mp3.asset.loudness.peakDbfs).toBeCloseTo(-12, 0);

      const cut = items[keys.indexOf('truncMp3')] as Extract<CliItem, { ok: true }>;
      expect(cut.asset.durationSec).toBeGreaterThan(0.8);
      expect(cut.asset.durationSec).toBeLessThan(1.2);

      // The same file again in one batch: recognised, same asset, not stored twice.
      const last = items.at(-1) as Extract<CliItem, { ok: true }>;
      expect(last.duplicate).toBe(true);
      expect(last.asset).toEqual(mp3.asset);
      expect('duplicate' in mp3).toBe(false);

      // The library holds the good files once each, with peaks beside them; nothing of the bad ones.
      const assets = new Set(items.flatMap((i) => (i.ok ? [i.asset.id] : [])));
      expect(assets.size).toBe(Object.keys(good).length);
      const stored = await filesUnder(path.join(data, 'library'));
      expect(stored.filter((f) => !f.startsWith('.incoming'))).toHaveLength(assets.size * 2);
      for (const id of assets) {
        expect(stored.some((f) => f.startsWith(`${id.slice(0, 2)}/${id}.`) && !f.endsWith('.peaks'))).toBe(
          true,
        );
        expect(stored).toContain(`${id.slice(0, 2)}/${id}.peaks`);
      }
      expect(stored.filter((f) => f.startsWith('.incoming'))).toEqual([]);
      const records = storedAssets(data).map((a) => a.id);
      expect(records.sort()).toEqual([...assets].sort());

      // The user's files are untouched.
      for (const g of Object.values(good)) await expect(readFile(g.file)).resolves.toBeTruthy();

      // Everything again: all duplicates, all ok, exit 0.
      const goodFiles = Object.values(good).map((g) => g.file);
      const again = studio(['import', ...goodFiles, '--json', '--data', data]);
      expect(again.code, again.stderr).toBe(0);
      const againItems = JSON.parse(again.stdout) as CliItem[];
      expect(againItems.every((i) => i.ok && i.duplicate === true)).toBe(true);
      expect(new Set(againItems.map((i) => (i.ok ? i.asset.id : '')))).toEqual(assets);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }, 180_000);

  it('keeps a path as given (relative, with spaces and diacritics)', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-data-'));
    try {
      const rel = path.basename(good.m4a?.file ?? '');
      const r = studio(
        ['import', rel, '--json', '--data', data, '--language', 'tyz', '--reporter', 'Hoàng Văn Sơn'],
        {},
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      const items = JSON.parse(r.stdout) as CliItem[];
      expect(items).toHaveLength(1);
      expect(items[0]?.file).toBe('Phỏng vấn bà Nguyễn Thị Lan.m4a');
      const [record] = storedAssets(data);
      expect(record).toMatchObject({
        title: 'Phỏng vấn bà Nguyễn Thị Lan',
        originalName: 'Phỏng vấn bà Nguyễn Thị Lan.m4a',
        language: 'tyz',
        reporter: 'Hoàng Văn Sơn',
      });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('prints one Vietnamese line per file without --json', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-data-'));
    try {
      const r = studio(['import', good.flac?.file ?? '', bad.text?.file ?? '', '--data', data]);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(
        /^\[1\/2\] Đã nhập: voice\.flac → "voice" — 0:02, 44,1 kHz, mono, độ lớn -\d+,\d LUFS$/,
      );
      expect(lines[1]).toMatch(/^\[2\/2\] Lỗi: Tệp "ghi chú\.mp3" là tệp văn bản/);
      expect(lines.at(-1)).toMatch(/^Xong: 1 tệp đã nhập, 1 tệp lỗi\./);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('says ffmpeg is missing for every file (FFMPEG_MISSING) and leaves the library empty', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-data-'));
    const bin = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-bin-'));
    try {
      await symlink(process.execPath, path.join(bin, 'node'));
      const r = studio(['import', good.mp3?.file ?? '', good.flac?.file ?? '', '--json', '--data', data], {
        PATH: bin,
        FFMPEG_BIN: '',
      });
      expect(r.code).toBe(1);
      const items = JSON.parse(r.stdout) as CliItem[];
      expect(items.map((i) => (i.ok ? 'ok' : i.error.code))).toEqual(['FFMPEG_MISSING', 'FFMPEG_MISSING']);
      // Staff read what to do in their words; where the studio looked is for a technician.
      const error = (items[0] as Extract<CliItem, { ok: false }>).error;
      expect(error.message).toContain('Hãy mở màn hình Hệ thống để xem cách cài');
      expect(error.message).not.toMatch(/studio doctor|FFMPEG_BIN|PATH/);
      expect(error.technical).toMatch(/FFMPEG_BIN.*PATH/);
      expect(
        (await filesUnder(path.join(data, 'library'))).filter((f) => !f.startsWith('.incoming')),
      ).toEqual([]);
    } finally {
      await rm(data, { recursive: true, force: true });
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('refuses a bad language code before touching anything (exit 2)', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'studio-media-cli-data-'));
    try {
      const r = studio(['import', good.mp3?.file ?? '', '--language', 'Vietnamese', '--data', data]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('ISO 639-3');
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
