import { randomBytes } from 'node:crypto';

/** The meta element the page reads its style nonce from (src-renderer/studio/style-nonce.ts). */
export const STYLE_NONCE_META = 'studio-style-nonce';

/** A fresh nonce for one page load: a nonce known in advance would let any injected <style> in. */
export function newStyleNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** The page with its nonce in a meta element at the top of <head>, where the UI's code finds it. */
export function withStyleNonce(html: string, nonce: string): string {
  const meta = `<meta name="${STYLE_NONCE_META}" content="${nonce}">`;
  return /<head>/i.test(html) ? html.replace(/<head>/i, `<head>\n    ${meta}`) : `${meta}\n${html}`;
}
