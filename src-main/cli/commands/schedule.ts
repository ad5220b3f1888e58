import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  StudioError,
  WEEKDAYS,
  type LiveTarget,
  type ScheduleConflict,
  type ScheduleList,
  type ScheduleRepeat,
  type ScheduleSlot,
  type ScheduleSlotResult,
  type Weekday,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';
import { parseTargetArg } from '../target-arg';

const USAGE = [
  'studio schedule add --at HH:MM[:SS] [--date YYYY-MM-DD | --days daily|mon,tue,...]',
  '    --play file:ĐƯỜNG_DẪN|programme:MÃ|url:URL [--length GIÂY] --to all|group:NHÓM|MÃ,MÃ',
  '    [--priority normal|priority|emergency] [--title TÊN] [--json]',
  'studio schedule list [--json]',
  'studio schedule remove MÃ_MỤC [--json]',
].join('\n       ');

const PRIORITY_NAMES = { normal: 'thông thường', priority: 'ưu tiên', emergency: 'khẩn cấp' } as const;
const DAY_NAMES: Record<Weekday, string> = {
  mon: 'T2',
  tue: 'T3',
  wed: 'T4',
  thu: 'T5',
  fri: 'T6',
  sat: 'T7',
  sun: 'CN',
};

/**
 * `studio schedule add|list|remove` (issue 16): the schedule (lịch phát) through the same
 * `schedule.*` calls as the "Lịch phát" workspace (`schedule.write` to change it). A slot repeats
 * daily unless `--date` (once) or `--days` says otherwise; a file's or programme's own length is
 * its length unless `--length` says otherwise, and a relay must be given one. Only an approved
 * programme (its master's hash checked now) or a readable audio file (its SHA-256 kept) can be
 * scheduled. `--json` prints ONE object (fields may be added, never renamed or removed): for `add`
 * `{ "slot": { "id", "title", "at", "repeat", "play", "lengthSeconds", "target", "priority",
 * "sha256", "skipDates", "enabled", "createdAt", "createdBy" }, "conflicts": [ { "first", "second",
 * "codes", "resolution" } ] }` (the conflicts it makes over the coming seven days, also printed as
 * warnings on stderr without --json); for `list` `{ "slots", "fromMs", "toMs", "occurrences",
 * "conflicts", "settings" }` (this week, Monday to Sunday); for `remove` the removed slot.
 */
export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: 'Lịch phát: thêm, xem, xoá các mục phát tự động',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        at: { type: 'string' },
        date: { type: 'string' },
        days: { type: 'string' },
        play: { type: 'string' },
        length: { type: 'string' },
        to: { type: 'string' },
        priority: { type: 'string' },
        title: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, id, ...extra] = positionals;
    const usage = (why = '') => new StudioError('INVALID_REQUEST', `${why}Cách dùng: ${USAGE}`);
    if (extra.length > 0) throw usage();

    if (action === 'add') {
      if (id) throw usage();
      if (values.at === undefined) throw usage('Thiếu --at. ');
      if (values.play === undefined) throw usage('Thiếu --play. ');
      if (values.to === undefined) throw usage('Thiếu --to. ');
      if (values.date !== undefined && values.days !== undefined)
        throw usage('Chỉ dùng một trong --date và --days. ');
      const request = {
        at: values.at,
        repeat: repeatOf(values.date, values.days),
        play: playOf(values.play),
        target: parseTargetArg(values.to, bad),
        ...(values.length === undefined ? {} : { lengthSeconds: lengthOf(values.length) }),
        ...(values.priority === undefined ? {} : { priority: values.priority as ScheduleSlot['priority'] }),
        ...(values.title === undefined ? {} : { title: values.title }),
      };
      const session = await openSession(values.data);
      try {
        const added = await session.call('schedule.add', request);
        printAdded(added, values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'list') {
      if (id) throw usage();
      const session = await openSession(values.data);
      try {
        printList(await session.call('schedule.list', {}), values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'remove') {
      if (!id) throw usage('Thiếu mã mục lịch. ');
      const session = await openSession(values.data);
      try {
        const removed = await session.call('schedule.remove', { id });
        if (values.json) io.out(JSON.stringify(removed));
        else io.out(`Đã xoá mục lịch ${removed.id}: ${describe(removed)}.`);
      } finally {
        await session.close();
      }
      return 0;
    }
    throw usage();
  },
};

function bad(message: string): StudioError {
  return new StudioError('INVALID_REQUEST', message);
}

function repeatOf(date: string | undefined, days: string | undefined): ScheduleRepeat {
  if (date !== undefined) return { kind: 'once', date: date.trim() };
  const text = days?.trim().toLowerCase() ?? 'daily';
  if (text === 'daily') return { kind: 'daily' };
  const list = text.split(',').map((d) => d.trim());
  const wrong = list.filter((d) => !(WEEKDAYS as readonly string[]).includes(d));
  if (list.length === 0 || wrong.length > 0)
    throw bad(
      `--days "${days}" không hợp lệ: hãy dùng daily hoặc các ngày mon,tue,wed,thu,fri,sat,sun cách nhau bằng dấu phẩy.`,
    );
  return { kind: 'weekly', days: list as Weekday[] };
}

/** A file is named from where the command runs, as a shell user expects; the studio needs it whole. */
function playOf(play: string): string {
  const text = play.trim();
  if (text.startsWith('file:')) return `file:${path.resolve(text.slice('file:'.length))}`;
  return text;
}

function lengthOf(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw bad(`--length "${text}" không hợp lệ: hãy cho số giây lớn hơn 0.`);
  return seconds;
}

function printAdded(added: ScheduleSlotResult, json: boolean, io: CliIo): void {
  if (json) {
    io.out(JSON.stringify(added));
    return;
  }
  io.out(`Đã thêm mục lịch ${added.slot.id}: ${describe(added.slot)}.`);
  for (const c of added.conflicts) io.err(`Cảnh báo: ${conflictText(c, added.slot.id)}`);
}

function printList(list: ScheduleList, json: boolean, io: CliIo): void {
  if (json) {
    io.out(JSON.stringify(list));
    return;
  }
  if (list.slots.length === 0) {
    io.out('Lịch phát đang trống.');
    return;
  }
  for (const slot of list.slots) io.out(`${slot.id}  ${describe(slot)}${slot.enabled ? '' : ' (đang tắt)'}`);
  if (list.conflicts.length > 0) {
    io.out(`\nTrùng giờ trong tuần này (${list.conflicts.length}):`);
    for (const c of list.conflicts) io.out(`  ${conflictText(c, null)}`);
  }
}

function describe(slot: ScheduleSlot): string {
  const minutes = Math.round(slot.lengthSeconds / 60);
  return `${slot.at} ${repeatText(slot.repeat)}, “${slot.title}” (${minutes} phút, ${PRIORITY_NAMES[slot.priority]}) tới ${targetText(slot.target)}`;
}

function repeatText(repeat: ScheduleRepeat): string {
  if (repeat.kind === 'daily') return 'hằng ngày';
  if (repeat.kind === 'once') return `ngày ${repeat.date}`;
  return repeat.days.map((d) => DAY_NAMES[d]).join(', ');
}

function targetText(target: LiveTarget): string {
  if (target.kind === 'all') return 'mọi cụm thu';
  if (target.kind === 'group') return `nhóm ${target.group}`;
  return target.codes.join(', ');
}

function conflictText(c: ScheduleConflict, self: string | null): string {
  const time = (ms: number) => new Date(ms).toTimeString().slice(0, 5);
  const other = self !== null && c.first.slotId === self ? c.second : c.first;
  const rule =
    c.resolution === 'queued'
      ? 'cùng mức ưu tiên: mục sau phải chờ'
      : c.resolution === 'preempts'
        ? `mục ${c.second.slotId} ngắt mục ${c.first.slotId}`
        : `mục ${c.first.slotId} ngắt mục ${c.second.slotId}`;
  const who = self === null ? `${c.first.slotId} và ${c.second.slotId}` : `trùng với mục ${other.slotId}`;
  return `${c.first.date} ${time(c.second.startMs)}: ${who} tại ${c.codes.join(', ')} (${rule}).`;
}
