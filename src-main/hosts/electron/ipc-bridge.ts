/**
 * The Electron host's transport, without Electron: what `ipcMain.handle` runs for a call, and
 * how studio events reach the windows. `main.ts` only plugs these into ipcMain and the windows.
 */
import { DEFAULT_ERROR_MESSAGES, IPC_EVENT_CHANNEL, StudioError, type Reply } from '../../contract';
import type { EventListener } from '../../app/event-bus';
import type { Caller } from '../../app/policy';
import type { Router } from '../../app/router';
import { createCallGate } from '../call-gate';
import { assertTrustedSender, isTrustedUrl, type IpcSenderEvent } from './security';

/** Longest call name accepted, as on the web host's wire (`wireRequestSchema`). */
const MAX_CALL_NAME = 128;

/**
 * The handler of IPC_CALL_CHANNEL. The sender frame must be the app's own page and the name a
 * short string; then the router validates the name and request against the contract and checks
 * the caller's permission. Resolves with a Reply in every case (never rejects), so the renderer
 * always gets `{ code, message }` and a crafted message cannot make main throw.
 */
export function createIpcCallHandler(
  router: Pick<Router, 'call'>,
  caller: Caller,
  log: { error(message: string, err: unknown): void } = console,
): (event: IpcSenderEvent, name: unknown, request: unknown) => Promise<Reply> {
  // The app has one window: one gate for its calls, as for one WebSocket of the web host.
  const gate = createCallGate();
  return async (event, name, request) => {
    try {
      assertTrustedSender(event);
      if (typeof name !== 'string' || name.length > MAX_CALL_NAME) {
        return { ok: false, error: { code: 'BAD_MESSAGE', message: DEFAULT_ERROR_MESSAGES.BAD_MESSAGE } };
      }
      return await gate(() => router.call(name, request, caller));
    } catch (err) {
      if (err instanceof StudioError) return { ok: false, error: err.toShape() };
      log.error('IPC call failed outside the router', err);
      return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_ERROR_MESSAGES.INTERNAL } };
    }
  };
}

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
