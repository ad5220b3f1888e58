/** The cause of a failed fetch, as Node reports it (ECONNREFUSED, ENOTFOUND, a timeout), for `technical`. */
export function networkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (err.name === 'TimeoutError') return 'no answer in time';
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}
