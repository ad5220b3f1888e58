import { readdirSync, readFileSync } from 'node:fs';

/** The parent of every process this user can see, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: the parent pid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(name), ppid);
    } catch {
      // Ended while we looked.
    }
  }
  return map;
}

/** Every process below `root` (children, grandchildren, …), as the kernel lists them now. */
export function descendants(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** The command line of a process as any local user can read it, arguments joined by spaces. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Samples the number of processes below `root` every `everyMs` until stopped; returns the highest
 * count seen. Each sample is a full /proc scan, so keep the interval above a few milliseconds.
 */
export function sampleDescendants(root: number, everyMs = 15): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, descendants(root).length);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, descendants(root).length);
    },
  };
}
