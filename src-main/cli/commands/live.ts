import { parseArgs } from 'node:util';
import {
  StudioError,
  type LiveSettings,
  type LiveState,
  type LiveTarget,
  type StationStreams,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo, type CliSession } from '../cli-context';
import { parseTargetArg } from '../target-arg';

const USAGE =
  'studio live --port N [--source SPEC] [--to all|group:NHÓM|MÃ,MÃ] [--icecast URL] [--data DIR] [--json]';

/** What `studio live` was asked, checked before the studio opens. */
export interface LiveArgs {
  port: number;
  /**
   * The source as the live calls name it: `pcm:-`, `file:PATH`, `url:URL`, `mic` or `mic:DEVICE`;
   * null: only the schedule plays.
   */
  source: string | null;
  target: LiveTarget;
  /** An Icecast master to feed besides the built-in server (its password never on the command line). */
  icecast: URL | null;
  json: boolean;
  data: string | undefined;
}

/** One line of the ready report: a station's stream in one codec, its token in the URL. */
export interface ReadyStream {
  station: string;
  codec: string;
  url: string;
}

/** Where the Icecast master's source password comes from: never the command line. */
export const ICECAST_PASSWORD_ENV = 'STUDIO_ICECAST_PASSWORD';

const bad = (why: string) => new StudioError('INVALID_REQUEST', `${why} Cách dùng: ${USAGE}`);

/**
 * The sources `studio live` plays, as the live bus parses them (live/bus/source-spec.ts): checked
 * here too so that a mistyped SPEC is told before the data folder is opened.
 */
function checkSource(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (
    text === 'pcm:-' ||
    text === 'mic' ||
    /^mic:.+/.test(text) ||
    /^file:.+/.test(text) ||
    /^programme:[0-9a-f]{32}$/.test(text) ||
    /^url:(https?|icecast|srt|rtp):\/\/\S+$/i.test(text)
  ) {
    return text;
  }
  throw bad(
    `Nguồn "${text}" không hợp lệ: hãy dùng pcm:- (PCM s16le 48 kHz stereo từ đầu vào chuẩn), file:ĐƯỜNG_DẪN, programme:MÃ (chương trình đã duyệt), url:URL (http, https, icecast, srt, rtp) hoặc mic[:THIẾT_BỊ].`,
  );
}

function parseIcecast(text: string | undefined): URL | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`Địa chỉ Icecast "${text}" không hợp lệ: ví dụ http://203.0.113.5:8000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'icecast:') {
    throw bad(`Địa chỉ Icecast "${text}" không hợp lệ: cần http://, https:// hoặc icecast://.`);
  }
  if (url.username || url.password) {
    throw bad(
      `Đừng ghi tên hay mật khẩu trong địa chỉ Icecast (ai dùng máy này cũng đọc được dòng lệnh): đặt mật khẩu nguồn vào biến ${ICECAST_PASSWORD_ENV}.`,
    );
  }
  return url;
}

export function parseLiveArgs(argv: string[]): LiveArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      port: { type: 'string' },
      source: { type: 'string' },
      to: { type: 'string' },
      icecast: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (values.port === undefined || !/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535) {
    throw bad(
      values.port === undefined
        ? 'Thiếu --port: cổng của máy phát luồng (ví dụ --port 8000).'
        : `Cổng "${values.port}" không hợp lệ: hãy dùng số từ 1 đến 65535.`,
    );
  }
  return {
    port,
    source: checkSource(values.source),
    target: parseTargetArg(values.to ?? 'all', bad),
    icecast: parseIcecast(values.icecast),
    json: values.json,
    data: values.data,
  };
}

/** The first line `--json` prints, once the stream server listens: what scripts wait for. */
export function readyLine(streams: ReadyStream[]): string {
  return JSON.stringify({
    ready: true,
    streams: streams.map((s) => ({ station: s.station, codec: s.codec, url: s.url })),
  });
}

function printStreams(streams: ReadyStream[], io: CliIo): void {
  io.out(`Đang phát trực tiếp tới ${new Set(streams.map((s) => s.station)).size} cụm thu:`);
  for (const s of streams) io.out(`  ${s.station} ${s.codec === 'mp3' ? 'MP3' : 'Opus'}: ${s.url}`);
}

/** The bus's class for a source: a relay gives way to playout, playout to the microphone. */
function priorityOf(source: string): 'relay' | 'playout' | 'mic' {
  if (source.startsWith('url:')) return 'relay';
  if (source === 'mic' || source.startsWith('mic:')) return 'mic';
  return 'playout';
}

/**
 * The port and the Icecast master this run asks for, made the station's live settings when they
 * differ (`live.configure`, which needs settings.write: an operator runs with what the admin set).
 */
async function configure(session: CliSession, args: LiveArgs): Promise<void> {
  const now: LiveSettings = await session.call('live.settings', {});
  const change: { port?: number; icecast?: { url: string; password?: string } } = {};
  if (now.port !== args.port) change.port = args.port;
  if (args.icecast) {
    const url = args.icecast.href;
    const password = process.env[ICECAST_PASSWORD_ENV];
    if (password) change.icecast = { url, password };
    else if (now.icecast?.url === url && now.icecast.passwordSet) {
      // The master is already set with its password: nothing to change.
    } else {
      throw new StudioError(
        'INVALID_REQUEST',
        `Cần mật khẩu nguồn của máy chủ Icecast ${url}: đặt nó vào biến ${ICECAST_PASSWORD_ENV}.`,
      );
    }
  }
  if (Object.keys(change).length > 0) await session.call('live.configure', change);
}

/**
 * Every targeted station's streams, its token in each URL. The registry's URLs carry its base
 * address; while that is the studio's own guess (no address set), the port is this run's.
 */
async function streamsOf(session: CliSession, state: LiveState, port: number): Promise<ReadyStream[]> {
  const list = await session.call('stations.list', {});
  const out: ReadyStream[] = [];
  for (const station of state.stations.filter((s) => s.targeted)) {
    const streams: StationStreams = await session.call('stations.streams', { code: station.code });
    for (const s of streams.streams) {
      const url = new URL(s.url);
      if (list.streamBaseIsDefault) url.port = String(port);
      out.push({ station: station.code, codec: s.codec, url: url.href });
    }
  }
  return out;
}

/**
 * `studio live`: the live engine without a window, until SIGTERM or Ctrl+C (then it stops the air
 * and exits 0). A thin command over the live calls (`live.start`, `live.stop`), acting as the
 * local admin or `--user` (who needs `live.operate`; changing the port or the Icecast master
 * needs settings.write). `pcm:-` reads raw PCM (s16le 48 kHz stereo) from stdin, for automation
 * and tests. At most one source per run; the schedule plays too (alone without `--source`; with
 * one, they meet by the TT 39 classes), its items logged as cut short when the run ends. `--port`
 * and `--icecast` become the station's live settings (the master's source password from
 * STUDIO_ICECAST_PASSWORD, never the command line). With
 * `--json` the FIRST line on stdout is `{"ready":true,"streams":[{"station","codec","url"}]}` once
 * the stream server listens: every targeted station in MP3 and Opus, each URL with the station's
 * token (fields may be added, never renamed or removed); nothing else is printed on stdout unless
 * the air fails (then `{"ok":false,"error"}`). Exit status 0 when stopped by a signal, 2 for bad
 * arguments, 3 for a refused user, 1 when the air could not start or failed.
 */
export const liveCommand: CliCommand = {
  name: 'live',
  summary: 'Phát trực tiếp không cần cửa sổ: một nguồn tới các cụm thu, đến khi nhận SIGTERM',
  usage: USAGE,
  async run(argv, io) {
    const args = parseLiveArgs(argv);
    const stdin = args.source === 'pcm:-';
    if (stdin && process.stdin.isTTY) {
      throw bad('Nguồn pcm:- đọc PCM từ đầu vào chuẩn: hãy chuyển dữ liệu vào bằng ống (|), không gõ tay.');
    }
    // A signal before the air is up stops it as soon as it is.
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const onSignal = () => stop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let session: CliSession | null = null;
    let unsubscribe = () => undefined as void;
    try {
      session = await openSession(args.data, stdin ? { standardInput: process.stdin } : {});
      const s = session;
      await configure(s, args);
      // The air failing under us (its engine gone) ends the run with status 1.
      let failed: (err: StudioError) => void = () => undefined;
      const failure = new Promise<never>((_, reject) => (failed = reject));
      failure.catch(() => undefined); // Raced below; an unobserved rejection would be logged twice.
      let live = false;
      unsubscribe = s.connection.subscribe((event, payload) => {
        if (event !== 'live.state' || !live) return;
        if ((payload as LiveState).mode === 'off') {
          failed(
            new StudioError('UNAVAILABLE', 'Buổi phát trực tiếp đã dừng (xem nhật ký studio để biết lý do).'),
          );
        }
      });
      const state = await s.call('live.start', {
        target: args.target,
        sources: args.source ? [{ spec: args.source, priority: priorityOf(args.source) }] : [],
      });
      live = true;
      // The schedule plays on this air (alone without --source; beside the source by the TT 39
      // classes with one) until the run ends.
      await s.studio.startSchedule();
      const streams = await streamsOf(s, state, args.port);
      if (args.json) io.out(readyLine(streams));
      else {
        printStreams(streams, io);
        io.err('Bấm Ctrl+C (hoặc gửi SIGTERM) để dừng.');
      }
      // Nothing else need hold the process open (the server's socket and the threads may be
      // unreferenced): the air runs until a signal says stop.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        await Promise.race([stopped, failure]);
      } finally {
        clearInterval(keepAlive);
      }
      live = false;
      await s.call('live.stop', {});
      if (!args.json) io.err('Đã dừng phát trực tiếp.');
      return 0;
    } finally {
      unsubscribe();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await session?.close();
      // Our stdin no longer keeps the process alive once the air is off.
      if (stdin) process.stdin.destroy();
    }
  },
};
