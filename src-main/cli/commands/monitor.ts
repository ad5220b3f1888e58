import { parseArgs } from 'node:util';
import { StudioError, type MonitorSettings, type MonitorState } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = [
  'studio monitor configure [--silence-seconds N] [--webhook URL|none] [--fallback file:ĐƯỜNG_DẪN|none]',
  '    [--retention-months N] [--json]',
  'studio monitor state [--json]',
].join('\n       ');

/**
 * `studio monitor configure [--silence-seconds N] [--webhook URL]` (issue 16, exactly), plus
 * `--fallback file:PATH` (what plays when a relay fails or falls silent) and `--retention-months N`
 * (as-aired recordings, never under 6); `none` clears the webhook or the fallback. Through
 * `monitor.configure` (operator, admin; audited). Prints the settings; `--json` prints ONE object
 * `{ "silenceSeconds", "webhookUrl", "relayFallback", "retentionMonths" }`.
 * `studio monitor state [--json]`: the stations' health, the alarms and the clock (`monitor.state`);
 * `--json` prints the `MonitorState` object (contract/monitor-models.ts).
 */
export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'Giám sát: báo động im lặng, webhook, âm thanh dự phòng, đồng hồ máy',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        'silence-seconds': { type: 'string' },
        webhook: { type: 'string' },
        fallback: { type: 'string' },
        'retention-months': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...extra] = positionals;
    const usage = (why = '') => new StudioError('INVALID_REQUEST', `${why}Cách dùng: ${USAGE}`);
    if (extra.length > 0) throw usage();
    if (action === 'configure') {
      const change = {
        ...(values['silence-seconds'] === undefined
          ? {}
          : { silenceSeconds: whole(values['silence-seconds'], '--silence-seconds', usage) }),
        ...(values.webhook === undefined ? {} : { webhookUrl: noneOr(values.webhook) }),
        ...(values.fallback === undefined ? {} : { relayFallback: noneOr(values.fallback) }),
        ...(values['retention-months'] === undefined
          ? {}
          : { retentionMonths: whole(values['retention-months'], '--retention-months', usage) }),
      };
      const session = await openSession(values.data);
      try {
        const settings = await session.call('monitor.configure', change);
        if (values.json) io.out(JSON.stringify(settings));
        else printSettings(settings, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'state') {
      const session = await openSession(values.data);
      try {
        const state = await session.call('monitor.state', {});
        if (values.json) io.out(JSON.stringify(state));
        else printState(state, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    throw usage();
  },
};

function whole(text: string, flag: string, usage: (why?: string) => StudioError): number {
  if (!/^\d+$/.test(text)) throw usage(`${flag} phải là một số nguyên dương. `);
  return Number(text);
}

function noneOr(text: string): string | null {
  return text === 'none' || text === '' ? null : text;
}

function printSettings(s: MonitorSettings, io: CliIo): void {
  io.out(`Báo động khi im lặng quá ${s.silenceSeconds} giây.`);
  io.out(`Webhook: ${s.webhookUrl ?? 'không có'}.`);
  io.out(`Âm thanh dự phòng khi mất tiếp sóng: ${s.relayFallback ?? 'không có'}.`);
  io.out(`Lưu bản ghi phát sóng ${s.retentionMonths} tháng.`);
}

const STATUS: Record<MonitorState['stations'][number]['status'], string> = {
  playing: 'đang phát',
  silent: 'im lặng',
  disconnected: 'mất kết nối',
  idle: 'không phát',
};

function printState(s: MonitorState, io: CliIo): void {
  io.out(s.clock.message);
  if (s.stations.length === 0) io.out('Chưa có cụm thu nào.');
  for (const st of s.stations) {
    io.out(
      `  ${st.code.padEnd(12)} ${st.name.padEnd(24)} ${STATUS[st.status]}${st.lastError ? ` (${st.lastError})` : ''}`,
    );
  }
  const active = s.alarms.filter((a) => a.active);
  io.out(active.length === 0 ? 'Không có báo động.' : `Báo động (${active.length}):`);
  for (const a of active) io.out(`  ${a.message}`);
}
