/**
 * What a slot may play, checked when it is scheduled: only audio whose hash is known now. A
 * programme only by its approved master (hash checked against the file just now, by the gate the
 * composition gives: schedule may not import programme/); a file only if ffmpeg reads audio in it,
 * its SHA-256 kept so that the runner can refuse it if it changes; a relay only with a length.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorLines, FfmpegProcess, parseInputHeader } from '../audio';
import { StudioError } from '../contract';
import { sha256OfFile } from '../platform/file-hash';

/** A programme's approved master as the gate answers it (PROGRAMME_NOT_APPROVED otherwise). */
export interface ApprovedAudio {
  title: string;
  file: string;
  sha256: string;
}

export interface ScheduleAudioDeps {
  approvedProgramme: (id: string) => Promise<ApprovedAudio>;
  resolveFfmpeg: () => Promise<string | null>;
}

/** What the slot keeps of its audio. */
export interface CheckedAudio {
  title: string;
  sha256: string | null;
  lengthSeconds: number;
}

export async function checkAudio(
  deps: ScheduleAudioDeps,
  play: string,
  lengthSeconds: number | undefined,
): Promise<CheckedAudio> {
  if (play.startsWith('url:')) {
    if (lengthSeconds === undefined)
      throw new StudioError(
        'INVALID_REQUEST',
        'Tiếp sóng cần thời lượng (--length, số giây): luồng trực tiếp không tự kết thúc.',
      );
    return { title: `Tiếp sóng ${relayName(play.slice(4))}`, sha256: null, lengthSeconds };
  }
  if (play.startsWith('programme:')) {
    const master = await deps.approvedProgramme(play.slice('programme:'.length));
    const length = lengthSeconds ?? (await audioLength(deps, master.file, master.title));
    return { title: master.title, sha256: master.sha256, lengthSeconds: length };
  }
  const file = play.slice('file:'.length);
  if (!path.isAbsolute(file))
    throw new StudioError('INVALID_REQUEST', `Đường dẫn tệp phải là đường dẫn đầy đủ: “${file}”.`);
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) throw new StudioError('NOT_FOUND', `Không tìm thấy tệp “${file}”.`);
  const title = path.basename(file);
  const length = await audioLength(deps, file, title);
  const sha256 = await sha256OfFile(file);
  if (sha256 === null) throw new StudioError('MEDIA_UNREADABLE', `Không đọc được tệp “${file}”.`);
  return { title, sha256, lengthSeconds: lengthSeconds ?? length };
}

/**
 * The audio's length in seconds, decoded to its end (an MP3's header only estimates it); refuses
 * a file with no audio ffmpeg can read.
 */
async function audioLength(deps: ScheduleAudioDeps, file: string, title: string): Promise<number> {
  const ffmpeg = await deps.resolveFfmpeg();
  if (!ffmpeg)
    throw new StudioError(
      'FFMPEG_MISSING',
      'Không tìm thấy ffmpeg để đọc tệp âm thanh. Hãy chọn ffmpeg trong Cài đặt.',
    );
  const run = new FfmpegProcess({
    ffmpeg,
    args: ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-f', 'null', '-'],
    stdout: 'ignore',
    background: true,
    logHeadMax: 16 * 1024,
    stallTimeoutMs: 30_000,
  });
  const exit = await run.exited;
  const log = exit.log.text;
  const probe = parseInputHeader(log);
  const times = [...log.matchAll(/time=(\d+):(\d\d):(\d\d(?:\.\d+)?)/g)];
  const last = times.at(-1);
  const decoded = last ? Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]) : 0;
  if (exit.ended !== 'exited' || exit.code !== 0 || !probe?.audio || decoded <= 0) {
    const why = errorLines(log).at(-1);
    throw new StudioError(
      'MEDIA_NOT_AUDIO',
      `“${title}” không phải tệp âm thanh đọc được${why ? ` (${why})` : ''}.`,
    );
  }
  return Math.round(decoded * 1000) / 1000;
}

/** A relay's name as the schedule shows it: its host and path, without credentials. */
function relayName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}
