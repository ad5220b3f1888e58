/**
 * The typed client API (`window.studio` in Electron, the WebSocket client in the web host):
 * `studio.settings.update({ uiLanguage: 'en' })` for the call named `settings.update`.
 */
import type { CallName, RequestIn, ResultOf } from './calls';
import type { StudioErrorShape } from './errors';
import type { EventName, EventPayload } from './events';

type Namespace<K extends string> = K extends `${infer NS}.${string}` ? NS : never;

/**
 * `signal` cancels the call: it rejects with CANCELLED at once and main stops its work (a
 * superseded preview stops rendering). The web host's client sends `{ cancel: id }` on its
 * WebSocket; in Electron, where a signal cannot cross the context bridge, the renderer goes through
 * `window.studio.call` (StudioCallBridge) and the preload sends `{ cancel: id }` on
 * IPC_CANCEL_CHANNEL.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

// `{} extends Request` asks whether the request may be empty; then the argument is optional.
type Method<K extends CallName> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  {} extends RequestIn<K>
    ? (request?: RequestIn<K>, options?: CallOptions) => Promise<ResultOf<K>>
    : (request: RequestIn<K>, options?: CallOptions) => Promise<ResultOf<K>>;

export type StudioCalls = {
  [NS in Namespace<CallName>]: {
    [K in CallName as K extends `${NS}.${infer M}` ? M : never]: Method<K>;
  };
};

export interface StudioEvents {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

export type StudioApi = StudioCalls & StudioEvents;

/** What crosses the wire for one call, in both hosts. */
export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: StudioErrorShape };

/** The name of the single IPC channel calls travel on in Electron. */
export const IPC_CALL_CHANNEL = 'studio:call';
/** The IPC channel on which Electron's preload sends `{ cancel: id }` (wireCancelSchema) for a call. */
export const IPC_CANCEL_CHANNEL = 'studio:cancel';

/**
 * `window.studio.call` in Electron (beside the methods): one call by name that can be cancelled. Functions cross the
 * context bridge, an AbortSignal does not: `whenStarted` receives the function that cancels this
 * call, for the renderer to call when its signal aborts. Rejects like `window.studio`'s methods,
 * with a plain `{ code, message }`.
 */
export interface StudioCallBridge {
  call(name: string, request: unknown, whenStarted?: (cancel: () => void) => void): Promise<unknown>;
}

/** The name of the IPC channel events travel on in Electron. */
export const IPC_EVENT_CHANNEL = 'studio:event';
