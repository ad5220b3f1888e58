import type { StudioApi, StudioCallBridge } from '../../src-main/contract';
import { callOverBridge } from './electron-calls';
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
}

/** The one way the renderer reaches main, whichever host it runs in. */
export function createStudioClient(): StudioClient {
  if (window.studio) {
    // Through studio.call, so that `{ signal }` cancels a call in Electron as on the web.
    const { call, on } = window.studio;
    const api = call ? apiOverCalls(callOverBridge({ call }), on) : window.studio;
    return { api, host: 'electron', onConnectionState: () => () => undefined };
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const conn = new WsStudioConnection(`${scheme}://${location.host}/ws`);
  return {
    api: apiOverCalls(
      (name, request, signal) => conn.call(name, request, signal),
      (event, handler) => conn.on(event, handler),
    ),
    host: 'web',
    onConnectionState: (l) => conn.onState(l),
  };
}
