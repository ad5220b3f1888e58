/**
 * The Electron host's transport, without Electron: what `ipcMain.handle` runs for a call, and
 * how studio events reach the windows. `main.ts` only plugs these into ipcMain and the windows.
 */
import {
  DEFAULT_ERROR_MESSAGES,
  IPC_EVENT_CHANNEL,
  StudioError,
  wireCancelSchema,
  type Reply,
} from '../../contract';
import type { Connection } from '../../app/connection';
import type { EventListener } from '../../app/event-bus';
import { createCallGate } from '../call-gate';
import { assertTrustedSender, isTrustedSender, isTrustedUrl, type IpcSenderEvent } from './security';

/** Longest call name accepted, as on the web host's wire (`wireRequestSchema`). */
const MAX_CALL_NAME = 128;

/** The handler of IPC_CALL_CHANNEL, with the listener of IPC_CANCEL_CHANNEL that cancels its calls. */
export interface IpcCallHandler {
  (event: IpcSenderEvent, name: unknown, request: unknown, id?: unknown): Promise<Reply>;
  /**
   * `{ cancel: id }` from the window: its call `id`, if it still runs, is aborted (its work stops
   * and it answers CANCELLED). Anything else, or from another sender, is ignored.
   */
  cancel(event: IpcSenderEvent, message: unknown): void;
  /** The page is gone (window closed, renderer crashed): every call it still runs is aborted. */
  abortAll(): void;
}

/**
 * The handler of IPC_CALL_CHANNEL. The sender frame must be the app's own page and the name a
 * short string; then the window's connection passes the call to the router as whoever is signed in
 * on it at that moment (no caller is kept here: it changes on sign-in, lock and sign-out), and the
 * router validates the name and request against the contract and checks that caller's permission.
 * Resolves with a Reply in every case (never rejects), so the renderer always gets
 * `{ code, message }` and a crafted message cannot make main throw.
 *
 * A call may carry an id (the preload numbers the calls a page may cancel, as the web client
 * numbers its messages): an AbortSignal cannot cross contextBridge, so the page's abort travels
 * as `{ cancel: id }` on IPC_CANCEL_CHANNEL, and main aborts that call's AbortController.
 */
export function createIpcCallHandler(
  window: Pick<Connection, 'call'>,
  log: { error(message: string, err: unknown): void } = console,
): IpcCallHandler {
  // The app has one window: one gate for its calls, as for one WebSocket of the web host.
  const gate = createCallGate();
  const running = new Map<string | number, AbortController>();
  const handle = async (event: IpcSenderEvent, name: unknown, request: unknown, id?: unknown) => {
    try {
      assertTrustedSender(event);
      const callId = id === undefined ? undefined : callIdSchema.safeParse(id);
      if (typeof name !== 'string' || name.length > MAX_CALL_NAME || callId?.success === false) {
        return { ok: false, error: { code: 'BAD_MESSAGE', message: DEFAULT_ERROR_MESSAGES.BAD_MESSAGE } };
      }
      if (!callId) return await gate(() => window.call(name, request));
      const controller = new AbortController();
      running.set(callId.data, controller);
      try {
        return await gate(() => window.call(name, request, controller.signal));
      } finally {
        if (running.get(callId.data) === controller) running.delete(callId.data);
      }
    } catch (err) {
      if (err instanceof StudioError) return { ok: false, error: err.toShape() };
      log.error('IPC call failed outside the router', err);
      return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_ERROR_MESSAGES.INTERNAL } };
    }
  };
  const cancel = (event: IpcSenderEvent, message: unknown) => {
    if (!isTrustedSender(event)) return;
    const parsed = wireCancelSchema.safeParse(message);
    if (parsed.success) running.get(parsed.data.cancel)?.abort();
  };
  const abortAll = () => {
    for (const controller of running.values()) controller.abort();
  };
  return Object.assign(handle, { cancel, abortAll }) as IpcCallHandler;
}

/** A call's id, as the web host's wire takes it. */
const callIdSchema = wireCancelSchema.shape.cancel;

/** The part of a WebContents the forwarder uses. */
export interface EventTargetContents {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Sends every studio event to every live window showing the app's own page, on IPC_EVENT_CHANNEL
 * as `(event, payload)`. A page that has navigated elsewhere (which the hardening prevents
 * anyway) gets nothing.
 */
export function createEventForwarder(targets: () => Iterable<EventTargetContents>): EventListener {
  return (event, payload) => {
    for (const contents of targets()) {
      if (contents.isDestroyed() || !isTrustedUrl(contents.getURL())) continue;
      contents.send(IPC_EVENT_CHANNEL, event, payload);
    }
  };
}
