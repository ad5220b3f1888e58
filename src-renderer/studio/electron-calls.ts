import type { StudioCallBridge, StudioErrorShape } from '../../src-main/contract';

const CANCELLED: StudioErrorShape = { code: 'CANCELLED', message: 'Đã huỷ theo yêu cầu.' };

/**
 * A call through Electron's preload whose AbortSignal works: on abort it rejects with CANCELLED at
 * once (a plain `{ code, message }`, as every rejection from the preload) and has the preload send
 * main `{ cancel: id }`, which stops that call's work. A signal cannot cross the context bridge;
 * the cancel function handed back by `whenStarted` can.
 */
export function callOverBridge(
  bridge: StudioCallBridge,
): (name: string, request: unknown, signal?: AbortSignal) => Promise<unknown> {
  return (name, request, signal) => {
    if (!signal) return bridge.call(name, request);
    if (signal.aborted) return Promise.reject({ ...CANCELLED });
    return new Promise((resolve, reject) => {
      let cancel: (() => void) | null = null;
      const onAbort = () => {
        cancel?.();
        reject({ ...CANCELLED });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      bridge
        .call(name, request, (c) => {
          cancel = c;
        })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}
