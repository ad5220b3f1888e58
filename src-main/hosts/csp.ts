/**
 * The Content-Security-Policy both hosts send with the UI. Scripts only from our own origin; no
 * inline style but those carrying the page's nonce. The one inline style the UI needs is
 * wavesurfer.js's <style> in its shadow root (its layout: the progress and cursor layers); it is
 * given the nonce (`cspNonce`). React's style={{}} props are set through the CSSOM, which
 * style-src does not govern, so an injected style="" or <style> in the page stays refused.
 * Media may also come from this computer's own stream server (the live desk's pre-listen,
 * `live.prelisten`: `http://127.0.0.1:<port>/live/programme.mp3?token=`), whose port is the
 * station's setting and may change while the window is open: any port, on the loopback only.
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = [], styleNonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    ['style-src', "'self'", ...(styleNonce ? [`'nonce-${styleNonce}'`] : [])].join(' '),
    "font-src 'self' data:",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: http://127.0.0.1:*",
    ['connect-src', "'self'", ...extraConnect].join(' '),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
