import { spawn } from 'node:child_process';
import os from 'node:os';
import { expect, it } from 'vitest';
import { lowerPriority } from '../../src-main/audio';

it('runs a background check at a lower CPU priority than the studio', async () => {
  const child = spawn('sleep', ['5'], { stdio: 'ignore' });
  try {
    lowerPriority(child.pid);
    expect(os.getPriority(child.pid)).toBe(10);
    expect(os.getPriority()).toBeLessThan(10);
    // A process that is gone is not an error: the check would simply have run at normal priority.
    expect(() => lowerPriority(2 ** 22 + 12345)).not.toThrow();
    expect(() => lowerPriority(undefined)).not.toThrow();
  } finally {
    child.kill();
  }
});
