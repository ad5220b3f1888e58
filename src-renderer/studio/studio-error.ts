import type { ErrorCode, StudioErrorShape } from '../../src-main/contract';

/** A failed call as the UI sees it: a code for logic, a Vietnamese message for people. */
export class StudioCallError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** What a program said, shown behind "Chi tiết kỹ thuật" (see ErrorMessage). */
  readonly technical?: string;

  constructor(shape: StudioErrorShape) {
    super(shape.message);
    this.name = 'StudioCallError';
    this.code = shape.code;
    this.details = shape.details;
    if (shape.technical) this.technical = shape.technical;
  }
}

export function toStudioCallError(err: unknown): StudioCallError {
  if (err instanceof StudioCallError) return err;
  const e = err as { code?: unknown; message?: unknown; technical?: unknown } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return new StudioCallError({
      code: e.code as ErrorCode,
      message: e.message,
      ...(typeof e.technical === 'string' ? { technical: e.technical } : {}),
    });
  }
  return new StudioCallError({
    code: 'INTERNAL',
    message: 'Đã xảy ra lỗi không mong muốn. Dữ liệu của bạn không bị thay đổi; hãy thử lại.',
    ...(typeof e?.message === 'string' ? { technical: e.message } : {}),
  });
}
