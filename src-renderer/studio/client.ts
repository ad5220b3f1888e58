import type { StudioApi } from '../../src-main/contract';
import { apiOverCalls, type ConnectionState, WsStudioConnection } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web host. */
    studio?: StudioApi;
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
    return { api: window.studio, host: 'electron', onConnectionState: () => () => undefined };
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
