import type { StudioApi, StudioCallBridge } from '../../src-main/contract';
import { callOverBridge } from './electron-calls';
import { readResumeToken } from './resume-token';
import { apiOverCalls, type ConnectionState, WsStudioConnection } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload (the methods, and `call` to cancel by a signal); absent on the web. */
    studio?: StudioApi & Partial<StudioCallBridge>;
  }
}

export interface StudioClient {
  api: StudioApi;
  host: 'electron' | 'web';
  /** Web host only: the WebSocket's state, for the "reconnecting" banner. */
  onConnectionState(listener: (s: ConnectionState) => void): () => void;
  /**
   * Some call was refused because this window's session is locked or gone (SESSION_LOCKED,
   * UNAUTHORIZED: main locked it after the idle time, an admin disabled the user): the window asks
   * who it is again and shows the lock or sign-in screen.
   */
  onSessionTrouble(listener: () => void): () => void;
}

type Call = (name: string, request: unknown, signal?: AbortSignal) => Promise<unknown>;

/** Tells `listeners` when a call fails for want of a session (except the calls that ask for one). */
function watchingSession(call: Call, listeners: Set<() => void>): Call {
  return (name, request, signal) =>
    call(name, request, signal).catch((err: unknown) => {
      const code = (err as { code?: unknown } | null)?.code;
      if ((code === 'SESSION_LOCKED' || code === 'UNAUTHORIZED') && !name.startsWith('auth.')) {
        for (const l of listeners) l();
      }
      throw err;
    });
}

/** The one way the renderer reaches main, whichever host it runs in. */
export function createStudioClient(): StudioClient {
  const troubled = new Set<() => void>();
  const onSessionTrouble = (l: () => void) => {
    troubled.add(l);
    return () => void troubled.delete(l);
  };
  if (window.studio) {
    // Through studio.call, so that `{ signal }` cancels a call in Electron as on the web.
    const { call, on } = window.studio;
    const api = call ? apiOverCalls(watchingSession(callOverBridge({ call }), troubled), on) : window.studio;
    return { api, host: 'electron', onConnectionState: () => () => undefined, onSessionTrouble };
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const conn = new WsStudioConnection(`${scheme}://${location.host}/ws`);
  conn.resumeToken = readResumeToken;
  return {
    api: apiOverCalls(
      watchingSession((name, request, signal) => conn.call(name, request, signal), troubled),
      (event, handler) => conn.on(event, handler),
    ),
    host: 'web',
    onConnectionState: (l) => conn.onState(l),
    onSessionTrouble,
  };
}
