/**
 * Whether this PC's clock is synchronised (NTP): a schedule is only as right as the clock. Asked of
 * systemd (`timedatectl`), else chrony, else ntpd; "unknown" when none answers (a container, a PC
 * without any of them). Never throws.
 */
import type { ClockStatus } from '../contract';
import { runCommand } from './run-command';

const SYNCED = 'Đồng hồ máy đã đồng bộ với máy chủ thời gian (NTP).';
const NOT_SYNCED =
  'Đồng hồ máy CHƯA đồng bộ với máy chủ thời gian (NTP): lịch phát có thể lệch giờ. Hãy bật đồng bộ thời gian của hệ điều hành.';
const UNKNOWN =
  'Không biết đồng hồ máy có đồng bộ (NTP) hay không: không hỏi được timedatectl, chronyc hay ntpq. Hãy kiểm tra giờ máy bằng tay.';

type Probe = () => Promise<boolean | null>;

/** What a program says, or null when it cannot be run or does not say. */
async function output(file: string, args: string[]): Promise<string | null> {
  try {
    const r = await runCommand(file, args, { timeoutMs: 3_000 });
    return r.code === 0 && !r.timedOut ? r.stdout : null;
  } catch {
    return null; // not installed: the next probe is asked
  }
}

const PROBES: Array<[string, Probe]> = [
  [
    'timedatectl',
    async () => {
      const out = (await output('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']))?.trim();
      return out === 'yes' ? true : out === 'no' ? false : null;
    },
  ],
  [
    'chronyc',
    async () => {
      const out = await output('chronyc', ['tracking']);
      const leap = out ? /Leap status\s*:\s*(.+)/.exec(out)?.[1]?.trim() : undefined;
      return leap === undefined ? null : leap === 'Normal';
    },
  ],
  [
    'ntpq',
    async () => {
      const out = await output('ntpq', ['-pn']);
      if (out === null) return null;
      // The peer ntpd follows is marked `*` at the start of its line.
      return out.split('\n').some((line) => line.startsWith('*'));
    },
  ],
];

export async function clockStatus(): Promise<ClockStatus> {
  for (const [source, probe] of PROBES) {
    const synchronised = await probe();
    if (synchronised !== null) return { synchronised, source, message: synchronised ? SYNCED : NOT_SYNCED };
  }
  return { synchronised: null, source: null, message: UNKNOWN };
}
