/**
 * Telling whether a process number still means the process it meant. A number alone does not: after
 * a restart (or once enough processes have come and gone) the same number belongs to another
 * program. With the machine's boot and the process's start time recorded beside the number, a
 * reused number can be told from the original process.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Whether a process with this number runs (whoever it is). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: a random id the kernel draws at each boot; null where there is none. */
export function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** When this machine booted (milliseconds since 1970), to within a second or two. */
export function currentBootTime(): number {
  return Math.round(Date.now() - os.uptime() * 1000);
}

/**
 * Linux: when process `pid` started, in clock ticks since the boot (field 22 of `/proc/PID/stat`);
 * null where there is no /proc or the process is gone.
 */
export function processStartTicks(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The second field is the program's name in parentheses and may itself hold spaces or ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

/** Linux: when the machine booted, from /proc/stat (seconds since 1970); null elsewhere. */
export function linuxBootSeconds(): number | null {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return m?.[1] ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
