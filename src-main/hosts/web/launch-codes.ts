import { randomBytes } from 'node:crypto';

/** Long enough for Chromium to start on a slow PC, short enough that a leaked code soon means nothing. */
export const LAUNCH_CODE_LIFETIME_MS = 2 * 60_000;

/**
 * One-time codes that open the studio. A code is on the browser's command line, which every local
 * user can read: so it opens the studio once, for a short while, and is worth nothing after.
 */
export function createLaunchCodes(lifetimeMs = LAUNCH_CODE_LIFETIME_MS, now = () => Date.now()) {
  const issued = new Map<string, { expiry: number; onRedeemed?: () => void }>();
  const forgetExpired = () => {
    for (const [code, { expiry }] of issued) if (expiry <= now()) issued.delete(code);
  };
  return {
    /** A new code; `onRedeemed` is told when this one has opened the studio. */
    issue(onRedeemed?: () => void): string {
      forgetExpired();
      const code = randomBytes(24).toString('base64url');
      issued.set(code, { expiry: now() + lifetimeMs, onRedeemed });
      return code;
    },
    /** Whether `code` opens the studio; true at most once per code. */
    redeem(code: string): boolean {
      forgetExpired();
      const entry = issued.get(code);
      if (!entry) return false;
      issued.delete(code);
      entry.onRedeemed?.();
      return true;
    },
  };
}
