import { parseArgs } from 'node:util';
import { StudioError } from '../../contract';
import { runReceiverSim, type ReceiverSimReport } from '../../live/receiver-sim/receiver-sim';
import type { CliCommand, CliIo } from '../cli-context';

const USAGE = 'studio receiver-sim --url URL --count N --seconds S [--json]';

/**
 * `studio receiver-sim`: N simulated commune receivers pull one HTTP stream (Icecast-style MP3 or
 * Ogg/Opus) for S seconds, each on its own connection, reconnecting with jittered backoff, playing
 * on a real-time loudspeaker clock (live/receiver-sim/playout.ts); a sample of them decodes to find
 * silence and the timing marks (latency). Needs no data folder and no user: installers run it to
 * check a station's link. `--json` prints ONE object at the end, ReceiverSimReport
 * (live/receiver-sim/receiver-sim.ts; fields may be added, never renamed or removed). Exit status
 * 0 when it ran, 1 when no receiver ever connected, 2 for bad arguments. SIGINT/SIGTERM end the run
 * early, with its report.
 */
export const receiverSimCommand: CliCommand = {
  name: 'receiver-sim',
  summary: 'Giả lập các cụm thu kéo luồng: đo byte, mất tiếng, im lặng, kết nối lại và độ trễ',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        count: { type: 'string' },
        seconds: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    const bad = (why: string) => new StudioError('INVALID_REQUEST', `${why} Cách dùng: ${USAGE}`);
    let url: URL;
    try {
      url = new URL(values.url ?? '');
    } catch {
      throw bad('Cần --url là địa chỉ luồng http:// hoặc https://.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw bad('Cần --url là địa chỉ luồng http:// hoặc https://.');
    }
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || count > 5000)
      throw bad('Cần --count N với N từ 1 đến 5000.');
    const seconds = Number(values.seconds);
    if (values.seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
      throw bad('Cần --seconds S với S lớn hơn 0 (tối đa 86400).');
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let report: ReceiverSimReport;
    try {
      if (!values.json) io.err(`Đang chạy ${count} máy thu trong ${seconds} giây: ${url.href}`);
      report = await runReceiverSim({ url: url.href, count, seconds, signal: stop.signal });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (values.json) io.out(JSON.stringify(report));
    else printReport(report, io);
    if (report.connected === 0) {
      const why = report.receivers.find((r) => r.lastError)?.lastError;
      io.err(`Không máy thu nào kết nối được tới ${report.url}${why ? ` (${why})` : ''}.`);
      return 1;
    }
    return 0;
  },
};

function printReport(r: ReceiverSimReport, io: CliIo): void {
  io.out(`Luồng: ${r.url} (${r.codec ?? 'không rõ'})`);
  io.out(`Máy thu: ${r.connected}/${r.count} đã kết nối, ${r.playing} đã phát tiếng`);
  io.out(`Đã nhận: ${(r.bytes / 1e6).toFixed(2)} MB`);
  io.out(`Mất tiếng: ${r.dropouts} lần, tổng ${(r.stalledMs / 1000).toFixed(1)} giây`);
  io.out(`Kết nối lại: ${r.reconnections} lần (${r.failedAttempts} lần thử không được)`);
  io.out(`Giải mã: ${r.decoded} máy thu; im lặng ${r.silenceSeconds.toFixed(1)} giây`);
  if (r.startedAfterMs) {
    io.out(`Bắt đầu phát sau: trung vị ${r.startedAfterMs.p50} ms, p95 ${r.startedAfterMs.p95} ms`);
  }
  if (r.latencyMs) {
    io.out(`Độ trễ (${r.marks} mốc thời gian): trung vị ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms`);
  } else io.out('Độ trễ: không nghe thấy mốc thời gian nào trong luồng.');
}
