/**
 * How the preload turns the contract's call names into `window.studio`, as pure functions
 * (no Electron, no zod: this file is bundled into the sandboxed preload and unit-tested).
 *
 *   'settings.update'  ->  studio.settings.update(request)
 *   'live.outputs.start' -> studio.live['outputs.start'](request)   (split at the first dot,
 *                                                                    as `StudioCalls` types it)
 */
import type {
  EventName,
  EventPayload,
  Reply,
  StudioApi,
  StudioCallBridge,
  StudioErrorShape,
  WireCancel,
} from '../../contract';

/** Sends one call to main (with its id when it may be cancelled) and resolves with main's raw Reply. */
export type CallInvoker = (name: string, request: unknown, id?: number) => Promise<unknown>;

export type CallMethod = (request?: unknown) => Promise<unknown>;
export type CallTree = Record<string, Record<string, CallMethod>>;

/** Call-name segments: lower camelCase identifiers, so no `__proto__`, `constructor` or spaces. */
const SEGMENT = /^[a-z][A-Za-z0-9]*$/;
/** Namespaces that would collide with the API's own members (`on`, and the preload's `call`). */
const RESERVED_NAMESPACES = new Set(['on', 'call']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'then']);

/** Splits `ns.method` at the first dot; throws on a name the API cannot carry. */
export function splitCallName(name: string): { namespace: string; method: string } {
  const dot = name.indexOf('.');
  const namespace = dot > 0 ? name.slice(0, dot) : '';
  const method = dot > 0 ? name.slice(dot + 1) : '';
  const ok =
    SEGMENT.test(namespace) &&
    method.split('.').every((s) => SEGMENT.test(s)) &&
    !RESERVED_NAMESPACES.has(namespace) &&
    !FORBIDDEN_KEYS.has(namespace) &&
    !FORBIDDEN_KEYS.has(method);
  if (!ok) throw new Error(`Invalid call name for the studio API: "${name}"`);
  return { namespace, method };
}

/** One frozen object per namespace, one method per call. Duplicate names are an error. */
export function buildCallTree(names: readonly string[], invoke: CallInvoker): CallTree {
  const tree: CallTree = {};
  for (const name of names) {
    const { namespace, method } = splitCallName(name);
    const ns = (tree[namespace] ??= {});
    if (Object.prototype.hasOwnProperty.call(ns, method)) throw new Error(`Duplicate call name "${name}"`);
    ns[method] = (request?: unknown) => invoke(name, request === undefined ? {} : request);
  }
  for (const ns of Object.values(tree)) Object.freeze(ns);
  return Object.freeze(tree);
}

function errorShape(code: StudioErrorShape['code'], message: string, details?: unknown): StudioErrorShape {
  return details === undefined ? { code, message } : { code, message, details };
}

/**
 * Turns main's Reply into the promise the renderer sees: the result, or a rejection with a
 * plain `{ code, message, details? }` object. A plain object, not an Error, because
 * contextBridge keeps only an Error's message and drops its code; plain objects are copied whole.
 */
export function settleReply(reply: unknown): Promise<unknown> {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const r = reply as Reply;
    if (r.ok === true) return Promise.resolve(r.result);
    if (r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string') {
      return Promise.reject(errorShape(r.error.code, r.error.message, r.error.details));
    }
  }
  return Promise.reject(
    errorShape('INTERNAL', 'Studio trả về dữ liệu không đúng định dạng. Hãy khởi động lại studio.'),
  );
}

/** When the IPC itself fails (main not ready, handler missing), the renderer still gets a shape. */
export function ipcFailure(): StudioErrorShape {
  return errorShape(
    'UNAVAILABLE',
    'Không liên lạc được với phần lõi của studio. Hãy đóng rồi mở lại studio.',
  );
}

/** Invokes a call and settles its Reply; never rejects with anything but a `StudioErrorShape`. */
export function unwrappingInvoker(rawInvoke: CallInvoker): CallInvoker {
  return (name, request, id) =>
    (id === undefined ? rawInvoke(name, request) : rawInvoke(name, request, id)).then(settleReply, () =>
      Promise.reject(ipcFailure()),
    );
}

/**
 * `window.studio.call`: each call gets the next id, and its cancel function sends `{ cancel: id }`
 * for main to abort that call (see StudioCallBridge). Once the call is over, cancelling does nothing.
 */
export function createCallBridge(
  invoke: CallInvoker,
  sendCancel: (message: WireCancel) => void,
): StudioCallBridge {
  const call = unwrappingInvoker(invoke);
  let nextId = 1;
  return Object.freeze({
    call(name: string, request: unknown, whenStarted?: (cancel: () => void) => void): Promise<unknown> {
      if (typeof name !== 'string')
        return Promise.reject(errorShape('BAD_MESSAGE', 'Tên chức năng không hợp lệ.'));
      const id = nextId++;
      let over = false;
      const reply = call(name, request === undefined ? {} : request, id).finally(() => (over = true));
      if (typeof whenStarted === 'function') {
        whenStarted(() => {
          if (!over) sendCancel({ cancel: id });
        });
      }
      return reply;
    },
  });
}

type AnyHandler = (payload: unknown) => void;

/** The renderer's event subscriptions, fed by one IPC listener. */
export interface EventHub {
  on: StudioApi['on'];
  dispatch(event: unknown, payload: unknown): void;
}

export function createEventHub(onHandlerError: (err: unknown) => void = () => undefined): EventHub {
  const handlers = new Map<string, Set<AnyHandler>>();
  return {
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      if (typeof event !== 'string' || typeof handler !== 'function') {
        throw new TypeError('studio.on(event, handler): event must be a string and handler a function');
      }
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      const h = handler as AnyHandler;
      set.add(h);
      return () => {
        set.delete(h);
      };
    },
    dispatch(event, payload) {
      if (typeof event !== 'string') return;
      for (const h of [...(handlers.get(event) ?? [])]) {
        try {
          h(payload);
        } catch (err) {
          onHandlerError(err);
        }
      }
    },
  };
}

/** `window.studio`: one method per call name, plus `on`. */
export function buildStudioApi(names: readonly string[], invoke: CallInvoker, hub: EventHub): StudioApi {
  const tree = buildCallTree(names, unwrappingInvoker(invoke));
  return Object.freeze({ ...tree, on: hub.on }) as unknown as StudioApi;
}
