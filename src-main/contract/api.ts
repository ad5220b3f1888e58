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
 * superseded preview stops rendering). The web host's client carries it; Electron's preload
 * cannot pass a signal through the context bridge and ignores it (the call then simply runs on).
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
/** The name of the IPC channel events travel on in Electron. */
export const IPC_EVENT_CHANNEL = 'studio:event';
