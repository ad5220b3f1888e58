import WebSocket from 'ws';

export type Message = Record<string, unknown>;

/** Opens the web host's WebSocket; resolves once open, or rejects with the HTTP status of a refusal. */
export function connect(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Buffers every message so that none is missed between two awaits. */
export function inbox(ws: WebSocket): () => Promise<Message> {
  const queue: Message[] = [];
  const waiting: Array<(m: Message) => void> = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as Message;
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return () => {
    const m = queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => waiting.push(resolve));
  };
}

/** Sends calls and resolves each with its reply, whatever events arrive between them. */
export function caller(ws: WebSocket): (call: string, request?: unknown) => Promise<Message> {
  let nextId = 1;
  const pending = new Map<number, (m: Message) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as Message;
    if (typeof m.id !== 'number') return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  return (call, request = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, call, request }));
    });
}
