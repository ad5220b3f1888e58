import { parseArgs } from 'node:util';
import {
  StudioError,
  type BulletinStatus,
  type OutboxItem,
  type OutboxRunResult,
  type OutboxSyncResult,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = [
  'studio outbox run [--until-empty] [--timeout GIÂY] [--json]',
  'studio outbox list [--json]',
  'studio outbox sync [--json]',
  'studio outbox cancel MÃ_MỤC [--json]',
  'studio outbox retry MÃ_MỤC [--json]',
].join('\n       ');

/** The province's status of a bulletin, as the station says it. */
export const BULLETIN_STATUS_WORDS: Record<BulletinStatus, string> = {
  received: 'tỉnh đã nhận',
  accepted: 'tỉnh đã duyệt',
  rejected: 'tỉnh từ chối',
  scheduled: 'tỉnh đã xếp lịch phát',
  aired: 'đã phát',
  withdrawn: 'đã rút',
};

const STATE_WORDS: Record<OutboxItem['state'], string> = {
  queued: 'chờ gửi',
  uploading: 'đang tải lên',
  publishing: 'đang gửi bản tin',
  sent: 'đã gửi',
  failed: 'không gửi được',
  cancelled: 'đã huỷ',
};

/**
 * `studio outbox run|list`: the outbox of programmes queued for the province (`studio publish
 * PROGRAMME`). `run` sends what is queued, then exits: each item due now once, or with
 * `--until-empty` until nothing waits (retries after their backoff), at most `--timeout` seconds;
 * exit 1 when an item failed for good or, with `--until-empty`, something is still waiting.
 * `--json` prints ONE object (fields may be added, never renamed or removed): for `run`
 * `{ "items": [item…], "sent", "failed", "pending" }`; for `list` an array of items, newest first,
 * each with at least `id`, `programmeId`, `title`, `state` (queued, uploading, publishing, sent,
 * failed, cancelled), `bytes`, `bytesSent`, `attempts`, `lastError`, `bulletinId`, and the
 * province's side: `bulletinStatus`, `bulletinReason`, `scheduledAt`, `airings`, `statusCheckedAt`,
 * `programmeChangedAt`.
 *
 * `sync` asks the province now for the status of every sent bulletin that may still change
 * (`--json`: `{ "checked", "changed", "items": [changed item…], "failed", "lastError" }`; exit 1 when
 * some could not be read). `cancel MÃ_MỤC` and `retry MÃ_MỤC` (the item's `id`) print the item
 * (`--json`: the item); a cancel refused because a bulletin may already be at the province says to
 * withdraw it (`studio publish withdraw`).
 */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'Hàng đợi gửi lên tỉnh: gửi những gì đang chờ, xem từng mục, hỏi trạng thái, huỷ, gửi lại',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        'until-empty': { type: 'boolean', default: false },
        timeout: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...extra] = positionals;
    const usage = (why = '') => new StudioError('INVALID_REQUEST', `${why}Cách dùng: ${USAGE}`);
    if (action === 'cancel' || action === 'retry') {
      const [itemId, ...more] = extra;
      if (!itemId || more.length > 0) throw usage();
      const session = await openSession(values.data);
      try {
        const item = await session.call(action === 'cancel' ? 'outbox.cancel' : 'outbox.retry', { itemId });
        if (values.json) io.out(JSON.stringify(item));
        else {
          io.out(
            action === 'cancel'
              ? `Đã huỷ “${item.title}”: không gửi lên tỉnh.`
              : `“${item.title}” sẽ được gửi ở lần chạy tới.`,
          );
          io.out(line(item));
        }
      } finally {
        await session.close();
      }
      return 0;
    }
    if (extra.length > 0) throw usage();
    if (action === 'sync') {
      const session = await openSession(values.data);
      try {
        const result = await session.call('outbox.sync', {});
        printSync(result, values.json, io);
        return result.failed > 0 ? 1 : 0;
      } finally {
        await session.close();
      }
    }
    if (action === 'list') {
      const session = await openSession(values.data);
      try {
        printList(await session.call('outbox.list', {}), values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'run') {
      const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeout !== undefined && !(timeout > 0)) throw usage('--timeout là số giây lớn hơn 0. ');
      const session = await openSession(values.data);
      try {
        const result = await session.call('outbox.run', {
          untilEmpty: values['until-empty'],
          ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
        });
        printRun(result, values.json, io);
        return result.failed > 0 || (values['until-empty'] && result.pending > 0) ? 1 : 0;
      } finally {
        await session.close();
      }
    }
    throw usage();
  },
};

export function line(i: OutboxItem): string {
  const progress = i.bytes > 0 ? ` ${Math.floor((i.bytesSent / i.bytes) * 100)}%` : '';
  const error = i.lastError && i.state !== 'sent' ? ` — ${i.lastError}` : '';
  const province = i.bulletinStatus
    ? `, ${BULLETIN_STATUS_WORDS[i.bulletinStatus]}${i.bulletinReason ? ` (${i.bulletinReason})` : ''}`
    : '';
  const changed = i.programmeChangedAt ? ' — chương trình đã sửa sau khi gửi' : '';
  return `${i.programmeId}  ${STATE_WORDS[i.state]}${progress}${province}, ${i.attempts} lần thử  “${i.title}”${error}${changed}  [mục ${i.id}]`;
}

function printSync(r: OutboxSyncResult, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(r));
  for (const i of r.items) io.out(line(i));
  io.out(`Đã hỏi tỉnh ${r.checked} bản tin, ${r.changed} bản tin đổi trạng thái.`);
  if (r.failed > 0) io.out(`Chưa đọc được ${r.failed} bản tin: ${r.lastError ?? ''}`);
}

function printList(items: OutboxItem[], json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(items));
  if (items.length === 0) return io.out('Hàng đợi gửi lên tỉnh đang trống.');
  for (const i of items) io.out(line(i));
}

function printRun(r: OutboxRunResult, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(r));
  for (const i of r.items) io.out(line(i));
  io.out(`Đã gửi ${r.sent}, không gửi được ${r.failed}, còn chờ ${r.pending}.`);
}
