/**
 * The nonce the host gave this page load for its inline styles (the CSP allows no other inline
 * style; see src-main/hosts/csp.ts). Only wavesurfer.js needs one, for the <style> of its shadow root.
 */
export function styleNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="studio-style-nonce"]')?.content || undefined;
}
