import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../contract';
import { isExecutable } from '../platform/find-executable';
import { runCommand } from '../platform/run-command';

/** The version an ffmpeg binary reports, or null when the file does not run as ffmpeg. */
export async function ffmpegVersion(file: string): Promise<string | null> {
  if (!(await isExecutable(file))) return null;
  try {
    const out = await runCommand(file, ['-hide_banner', '-version'], { timeoutMs: 8000 });
    return /^ffmpeg version (\S+)/i.exec(out.stdout.trimStart())?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Why a file is not taken for ffmpeg, in words for the station's staff. */
const REFUSALS = {
  missing: 'không có tệp nào ở đường dẫn này',
  notFile: 'đây là một thư mục, không phải tệp chương trình',
  notExecutable: 'tệp này không có quyền chạy',
  script: 'đây là một tệp lệnh (script), không phải chương trình ffmpeg',
  otherProgram: 'đây là một chương trình khác, không phải ffmpeg',
  writableByOthers: 'người dùng khác trên máy này có thể sửa tệp này hoặc thư mục chứa nó',
  noBanner: 'chương trình không trả lời như ffmpeg',
} as const;

export type FfmpegRefusal = keyof typeof REFUSALS;

/** The first bytes of the native programs an OS runs (ELF, Mach-O, PE): never a script. */
const NATIVE_MAGIC = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]),
  Buffer.from('MZ'),
];

/**
 * A message compiled into the ffmpeg program itself (fftools, since 2012), in no other program:
 * found in the file's bytes before the file is ever run.
 */
const FFMPEG_MARK = Buffer.from('FFmpeg cannot edit existing files in-place');

const looked = new Map<string, { key: string; refusal: FfmpegRefusal | null }>();

/**
 * Whether `file` is, by its bytes and its permissions, an ffmpeg program, without running it: a
 * regular executable file in a native format whose bytes hold ffmpeg's own messages, that no other
 * user of the PC can change (nor its folder). Returns the file's real path (symlinks resolved),
 * which is what should be run, so that a link changed later cannot point elsewhere.
 */
export async function inspectFfmpegFile(
  file: string,
): Promise<{ ok: true; realPath: string } | { ok: false; refusal: FfmpegRefusal }> {
  const real = await realpath(file).catch(() => null);
  if (real === null) return { ok: false, refusal: 'missing' };
  const info = await stat(real).catch(() => null);
  if (!info) return { ok: false, refusal: 'missing' };
  if (!info.isFile()) return { ok: false, refusal: 'notFile' };
  if (!(await isExecutable(real))) return { ok: false, refusal: 'notExecutable' };
  if (process.platform !== 'win32') {
    const folder = await stat(path.dirname(real)).catch(() => null);
    if (!folder || !safeOwner(info) || !safeOwner(folder)) return { ok: false, refusal: 'writableByOthers' };
  }
  // A file already read unchanged is not read again (a static ffmpeg is 80 MB).
  const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
  const known = looked.get(real);
  const refusal = known?.key === key ? known.refusal : await refusalFromBytes(real);
  looked.set(real, { key, refusal });
  return refusal ? { ok: false, refusal } : { ok: true, realPath: real };
}

/** Owned by root or by the studio's user, and writable by nobody else. */
function safeOwner(info: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.() ?? 0;
  return (info.uid === 0 || info.uid === uid) && (info.mode & 0o022) === 0;
}

async function refusalFromBytes(file: string): Promise<FfmpegRefusal | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head.subarray(0, 2).toString('latin1') === '#!') return 'script';
    if (!NATIVE_MAGIC.some((m) => head.subarray(0, m.length).equals(m))) return 'otherProgram';
    // Read in chunks that overlap by the mark's length, so a mark across two chunks is found.
    const chunk = Buffer.alloc(1 << 20);
    let position = 0;
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) return 'otherProgram';
      const window = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      if (window.includes(FFMPEG_MARK)) return null;
      carry = window.subarray(Math.max(0, window.length - FFMPEG_MARK.length));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Refuses a user-chosen ffmpeg path unless it is an ffmpeg: first by its bytes and permissions
 * (so a script or another program is never run), then by running it with -version and reading
 * ffmpeg's banner.
 */
export async function assertUsableFfmpeg(file: string): Promise<void> {
  const inspected = await inspectFfmpegFile(file);
  const refusal = inspected.ok
    ? (await ffmpegVersion(inspected.realPath)) === null
      ? 'noBanner'
      : null
    : inspected.refusal;
  if (refusal) {
    throw new StudioError(
      'FFMPEG_NOT_VERIFIED',
      `"${file}" không phải là ffmpeg chạy được: ${REFUSALS[refusal]}. ` +
        'Hãy chỉ tới tệp ffmpeg (thường là /usr/bin/ffmpeg), hoặc bấm "Tự tìm".',
      { refusal },
      `ffmpegPath ${file}: ${refusal} (checked before running: regular executable file, native ` +
        'format, ffmpeg marker in its bytes, not writable by other users; then -version banner)',
    );
  }
}
