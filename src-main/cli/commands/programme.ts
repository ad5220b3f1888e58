import path from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError, type ProgrammeApprovalState, type ProgrammeState } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliSession } from '../cli-context';

/**
 * One programme's approval as `studio programme submit|approve|return --json` prints it (fields
 * may be added, never renamed or removed).
 */
export interface CliApprovalResult {
  id: string;
  title: string;
  state: ProgrammeApprovalState;
  /** SHA-256 of the WAV master submitted or approved; null otherwise. */
  masterSha256: string | null;
  /** The approver's reason, while the programme is returned. */
  comment: string | null;
  emergency: boolean;
}

const STATE_LABELS: Record<ProgrammeApprovalState, string> = {
  draft: 'nháp',
  submitted: 'chờ duyệt',
  approved: 'đã duyệt',
  returned: 'trả lại',
  sent: 'đã gửi tỉnh',
  aired: 'đã phát',
};

const USAGE =
  'studio programme import FILE [--json] | studio programme submit|approve|return ID [--comment TEXT] [--sha256 HASH] [--emergency] [--json] [--data DIR]';

/**
 * `studio programme import FILE [--json] [--data DIR]`: an exported programme file (as
 * `programme.export` writes it) into the data folder as a new draft; prints its id (`--json`:
 * `{ "id" }`).
 *
 * `studio programme submit ID [--comment TEXT]`: sends the programme's current render for approval.
 * `studio programme approve ID [--sha256 HASH] [--comment TEXT] [--emergency]`: approves the master
 * that was submitted (its hash is read from the programme, or pinned with `--sha256`); with
 * `--emergency`, a draft or returned programme's current master in one step (khẩn cấp).
 * `studio programme return ID --comment TEXT`: returns it to its maker with the reason.
 * `--json` prints ONE object `{ "id", "title", "state", "masterSha256", "comment", "emergency" }`.
 * Exit status 0 when done, 1 when refused (PROGRAMME_STATE: not in a state that allows it), 2 for
 * a wrong command line.
 */
export const programmeCommand: CliCommand = {
  name: 'programme',
  summary: 'Nhập tệp chương trình; gửi duyệt, duyệt hoặc trả lại chương trình',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        comment: { type: 'string' },
        sha256: { type: 'string' },
        emergency: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, target] = positionals;
    if (positionals.length !== 2 || !action || !target) {
      throw new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
    }
    const session = await openSession(values.data);
    try {
      if (action === 'import') {
        const p = await session.call('programme.import', { path: path.resolve(target) });
        io.out(values.json ? JSON.stringify({ id: p.id }) : p.id);
        return 0;
      }
      let p: ProgrammeState;
      if (action === 'submit') {
        p = await session.call('programme.submit', { id: target, comment: values.comment });
      } else if (action === 'approve') {
        const masterSha256 = values.sha256 ?? (await masterToApprove(session, target, values.emergency));
        p = await session.call('programme.approve', {
          id: target,
          masterSha256,
          comment: values.comment,
          emergency: values.emergency,
        });
      } else if (action === 'return') {
        if (!values.comment?.trim()) {
          throw new StudioError('INVALID_REQUEST', 'Hãy ghi lý do trả lại: --comment "…".');
        }
        p = await session.call('programme.return', { id: target, comment: values.comment });
      } else {
        throw new StudioError('INVALID_REQUEST', `Không có việc "${action}". Cách dùng: ${USAGE}`);
      }
      const result: CliApprovalResult = {
        id: p.id,
        title: p.metadata.title,
        state: p.approval.state,
        masterSha256: p.approval.masterSha256,
        comment: p.approval.comment,
        emergency: p.approval.emergency,
      };
      if (values.json) io.out(JSON.stringify(result));
      else {
        io.out(
          `Chương trình "${result.title}": ${STATE_LABELS[result.state]}${result.emergency ? ' (khẩn cấp)' : ''}.`,
        );
        if (result.masterSha256) io.out(`  Mã băm bản gốc (SHA-256): ${result.masterSha256}`);
        if (result.comment) io.out(`  Lý do trả lại: ${result.comment}`);
      }
      return 0;
    } finally {
      await session.close();
    }
  },
};

/**
 * The hash an approval without `--sha256` approves: the submitted master's, or for an emergency
 * the current render's (main checks either against the file on disk).
 */
async function masterToApprove(session: CliSession, id: string, emergency: boolean): Promise<string> {
  const p = await session.call('programme.get', { id });
  const hash = emergency
    ? p.lastRender?.files.find((f) => f.format === 'wav')?.sha256
    : p.approval.state === 'submitted'
      ? p.approval.masterSha256
      : null;
  if (hash) return hash;
  throw new StudioError(
    'PROGRAMME_STATE',
    emergency
      ? `Chương trình "${p.metadata.title}" chưa có bản dựng WAV để duyệt khẩn cấp. Hãy dựng nó trước.`
      : `Chương trình "${p.metadata.title}" đang ở trạng thái "${STATE_LABELS[p.approval.state]}", không phải "chờ duyệt". Tin khẩn cấp thì thêm --emergency.`,
  );
}
