import { parseArgs } from 'node:util';
import { StudioError, type AsAiredSegment } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = 'studio as-aired list [--from DATE] [--to DATE | --entry ID] [--json] [--data DIR]';

/**
 * `studio as-aired list [--from DATE] [--to DATE] [--json]`: the as-aired recording's segments
 * (what each channel of the air sent, as MP3 files) that hold air between the two (a date
 * `YYYY-MM-DD` is the whole local day; an ISO instant is that instant; default: today until now),
 * oldest first; `--entry ID` instead: the segments of a broadcast log entry, from its actual
 * start to its end (`studio broadcast-log --json` gives the ids). `--json` prints ONE object (fields may be added, never renamed or removed):
 *   { "segments": [{ "channel", "file", "path", "start", "end", "seconds", "bytes", "recording" }] }
 */
export const asAiredCommand: CliCommand = {
  name: 'as-aired',
  summary: 'Bản ghi những gì đã phát (theo kênh, từng đoạn MP3): liệt kê các đoạn trong một khoảng thời gian',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        entry: { type: 'string' },
      },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'list')
      throw new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
    const session = await openSession(values.data);
    try {
      const result = await session.call('asAired.list', {
        ...(values.from !== undefined ? { from: values.from } : {}),
        ...(values.to !== undefined ? { to: values.to } : {}),
        ...(values.entry !== undefined ? { entry: values.entry } : {}),
      });
      if (values.json) io.out(JSON.stringify(result));
      else print(result.segments, io);
      return 0;
    } finally {
      await session.close();
    }
  },
};

function print(segments: AsAiredSegment[], io: CliIo): void {
  if (segments.length === 0) {
    io.out('Không có đoạn ghi nào trong khoảng thời gian này.');
    return;
  }
  const time = (iso: string) => new Date(iso).toLocaleString('vi-VN', { hour12: false });
  for (const s of segments) {
    const mark = s.recording ? ' (đang ghi)' : '';
    io.out(
      `${time(s.start)} → ${time(s.end)}  ${s.channel.padEnd(10)} ${formatSeconds(s.seconds)}  ${s.path}${mark}`,
    );
  }
  const total = segments.reduce((sum, s) => sum + s.seconds, 0);
  io.out(`${segments.length} đoạn, tổng ${formatSeconds(total)}.`);
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
