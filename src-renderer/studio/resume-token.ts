/**
 * The secret that lets a reloaded window take its session back (`auth.resume`). Session storage,
 * not local storage: it is this window's alone and goes when the window closes; it never touches
 * the disk.
 */
const KEY = 'studio.resumeToken';

export function readResumeToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function keepResumeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (a locked-down browser): a reload then asks to sign in again.
  }
}
