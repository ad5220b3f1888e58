import type { ErrorCode, StudioErrorShape } from '../../src-main/contract';

/** A failed call as the UI sees it: a code for logic, a Vietnamese message for people. */
export class StudioCallError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(shape: StudioErrorShape) {
    super(shape.message);
    this.name = 'StudioCallError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

export function toStudioCallError(err: unknown): StudioCallError {
  if (err instanceof StudioCallError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return new StudioCallError({ code: e.code as ErrorCode, message: e.message });
  }
  return new StudioCallError({
    code: 'INTERNAL',
    message: typeof e?.message === 'string' ? e.message : 'Đã xảy ra lỗi không mong muốn.',
  });
}
