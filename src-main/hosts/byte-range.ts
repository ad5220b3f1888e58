/** The part of a file an HTTP `Range: bytes=…` header asks for; both hosts' media routes use it. */
export type ByteRange =
  | { kind: 'whole'; start: 0; end: number }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/** Supports one range (`a-b`, `a-`, `-n`), which is all audio elements send. */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m) return { kind: 'whole', start: 0, end: size - 1 };
  const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
  const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start > end || start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
