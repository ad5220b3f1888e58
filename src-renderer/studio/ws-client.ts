import type {
  CallOptions,
  EventName,
  EventPayload,
  StudioApi,
  StudioErrorShape,
  WireEvent,
  WireReply,
} from '../../src-main/contract';
import { StudioCallError } from './studio-error';

export type ConnectionState = 'connecting' | 'open' | 'closed';

const CANCELLED: StudioErrorShape = { code: 'CANCELLED', message: 'Đã huỷ theo yêu cầu.' };

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * The contract over the web host's WebSocket. Calls made while (re)connecting wait in a queue;
 * a dropped connection is retried with backoff, and calls that were in flight fail with a
 * message the user understands rather than hanging.
 */
export class WsStudioConnection {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private retryMs = 250;
  private opened = false;
  /**
   * The window's resume token, asked at each reconnection: a new socket is a new connection in
   * main, signed in as nobody, so it resumes the session before the calls that waited are sent.
   */
  resumeToken: () => string | null = () => null;
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string) {
    this.connect();
  }

  /** One call; `signal` cancels it: it rejects with CANCELLED at once and main is told to stop. */
  call(name: string, request: unknown, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new StudioCallError(CANCELLED));
    const id = this.nextId++;
    const message = JSON.stringify({ id, call: name, request: request ?? {} });
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.send(JSON.stringify({ cancel: id }));
        reject(new StudioCallError(CANCELLED));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => (settle(), resolve(v)),
        reject: (e) => (settle(), reject(e)),
      });
      this.send(message);
    });
  }

  private send(message: string): void {
    if (this.state === 'open' && this.ws?.readyState === WebSocket.OPEN) this.ws.send(message);
    else this.queue.push(message);
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    const h = handler as (payload: unknown) => void;
    set.add(h);
    return () => set.delete(h);
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      const token = this.opened ? this.resumeToken() : null;
      this.opened = true;
      const flush = () => {
        this.setState('open');
        for (const m of this.queue.splice(0)) ws.send(m);
      };
      if (!token) return flush();
      // Main answers messages concurrently: the queued calls go only once the session is back
      // (or known gone, when they fail with UNAUTHORIZED and the window shows the sign-in screen).
      const id = this.nextId++;
      this.pending.set(id, { resolve: flush, reject: flush });
      ws.send(JSON.stringify({ id, call: 'auth.resume', request: { resumeToken: token } }));
    };
    ws.onmessage = (e) => this.receive(String(e.data));
    ws.onclose = () => {
      this.setState('closed');
      const lost: StudioErrorShape = {
        code: 'UNAVAILABLE',
        message: 'Mất kết nối với studio trong khi đang xử lý. Hãy kiểm tra kết quả rồi thử lại.',
      };
      for (const p of this.pending.values()) p.reject(new StudioCallError(lost));
      this.pending.clear();
      setTimeout(() => {
        this.setState('connecting');
        this.connect();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private receive(text: string): void {
    let msg: WireReply | WireEvent;
    try {
      msg = JSON.parse(text) as WireReply | WireEvent;
    } catch {
      return;
    }
    if ('event' in msg) {
      for (const h of this.handlers.get(msg.event) ?? []) h(msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!p || typeof msg.id !== 'number') return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new StudioCallError(msg.error));
  }
}

/** `studio.settings.get()` becomes the call `settings.get`: the API is a view over call names. */
export function apiOverCalls(
  call: (name: string, request: unknown, signal?: AbortSignal) => Promise<unknown>,
  on: StudioApi['on'],
): StudioApi {
  return new Proxy({} as StudioApi, {
    get(_target, ns) {
      if (ns === 'on') return on;
      if (typeof ns !== 'string') return undefined;
      return new Proxy(
        {},
        {
          get(_t, method) {
            if (typeof method !== 'string') return undefined;
            return (request?: unknown, options?: CallOptions) =>
              call(`${ns}.${method}`, request, options?.signal);
          },
        },
      );
    },
  });
}
