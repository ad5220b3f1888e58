/**
 * Whether this PC's clock is synchronised (NTP), and how far off it is: a schedule is only as
 * right as the clock. Asked of systemd (`timedatectl`), else chrony, else ntpd; "unknown" when
 * none answers (a container, a PC without any of them). Never throws.
 */
import type { ClockStatus } from '../contract';
import { runCommand } from './run-command';

const SYNCED = 'Đồng hồ máy đã đồng bộ với máy chủ thời gian (NTP).';
const NOT_SYNCED =
  'Đồng hồ máy CHƯA đồng bộ với máy chủ thời gian (NTP): lịch phát có thể lệch giờ. Hãy bật đồng bộ thời gian của hệ điều hành.';
const UNKNOWN =
  'Không biết đồng hồ máy có đồng bộ (NTP) hay không: không hỏi được timedatectl, chronyc hay ntpq. Hãy kiểm tra giờ máy bằng tay.';

/** What a probe learnt: null `synchronised` when the program did not answer. */
interface Reading {
  synchronised: boolean | null;
  offsetMs: number | null;
}
type Probe = () => Promise<Reading>;

const NONE: Reading = { synchronised: null, offsetMs: null };

/** What a program says, or null when it cannot be run or does not say. */
async function output(file: string, args: string[]): Promise<string | null> {
  try {
    const r = await runCommand(file, args, { timeoutMs: 3_000 });
    return r.code === 0 && !r.timedOut ? r.stdout : null;
  } catch {
    return null; // not installed: the next probe is asked
  }
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, min: 60_000 };

/**
 * The offset in `timedatectl timesync-status` ("Offset: -1.234ms", "+12us", "+1.5s"): how far the
 * time server found this clock, the way systemd-timesyncd prints it.
 */
export function timesyncOffsetMs(text: string): number | null {
  const m = /^\s*Offset:\s*([+-]?\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|min)\s*$/m.exec(text);
  return m ? round(Number(m[1]) * UNIT_MS[m[2]!]!) : null;
}

/**
 * chrony's `tracking` ("System time : 0.000012345 seconds fast of NTP time"): fast is ahead (+),
 * slow behind (−); with whether chrony is synchronised (its leap status is Normal).
 */
export function chronyReading(text: string): Reading {
  const leap = /Leap status\s*:\s*(.+)/.exec(text)?.[1]?.trim();
  if (leap === undefined) return NONE;
  const m = /System time\s*:\s*(\d+(?:\.\d+)?)\s*seconds\s+(fast|slow)/.exec(text);
  const offsetMs = m ? round(Number(m[1]) * 1_000 * (m[2] === 'fast' ? 1 : -1)) : null;
  return { synchronised: leap === 'Normal', offsetMs };
}

/**
 * ntpd's `ntpq -pn`: synchronised when a peer is marked `*` (the one it follows), whose `offset`
 * column (ms, the ninth) is how far this clock is from it.
 */
export function ntpqReading(text: string): Reading {
  const peer = text.split('\n').find((line) => line.startsWith('*'));
  if (!peer) return { synchronised: false, offsetMs: null };
  const offset = Number(peer.trim().split(/\s+/)[8]);
  return { synchronised: true, offsetMs: Number.isFinite(offset) ? round(offset) : null };
}

/** Milliseconds to the microsecond: what is worth printing of an NTP offset. */
function round(ms: number): number {
  return Math.round(ms * 1_000) / 1_000;
}

const PROBES: Array<[string, Probe]> = [
  [
    'timedatectl',
    async () => {
      const out = (await output('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']))?.trim();
      const synchronised = out === 'yes' ? true : out === 'no' ? false : null;
      if (synchronised === null) return NONE;
      // Only systemd-timesyncd answers this; with chrony or ntpd beside systemd it fails.
      const status = await output('timedatectl', ['timesync-status']);
      return { synchronised, offsetMs: status === null ? null : timesyncOffsetMs(status) };
    },
  ],
  [
    'chronyc',
    async () => {
      const out = await output('chronyc', ['tracking']);
      return out === null ? NONE : chronyReading(out);
    },
  ],
  [
    'ntpq',
    async () => {
      const out = await output('ntpq', ['-pn']);
      return out === null ? NONE : ntpqReading(out);
    },
  ],
];

export async function clockStatus(): Promise<ClockStatus> {
  for (const [source, probe] of PROBES) {
    const { synchronised, offsetMs } = await probe();
    if (synchronised !== null)
      return { synchronised, source, offsetMs, message: synchronised ? SYNCED : NOT_SYNCED };
  }
  return { synchronised: null, source: null, offsetMs: null, message: UNKNOWN };
}
