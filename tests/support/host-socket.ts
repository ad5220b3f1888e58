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

/** The admin a test's page sets up on a fresh data folder, then signs in as. */
export const PAGE_ADMIN = {
  name: 'quantri',
  displayName: 'Quản trị viên',
  password: 'mật khẩu quản trị',
} as const;

/** One call's reply, from a page's socket or a connection alike. */
type CallReply = { ok?: unknown; result?: unknown; error?: unknown };

/**
 * Signs in as PAGE_ADMIN through `call`, as a window does after its first screen: on a data folder
 * without users it sets the admin up (`auth.setup`, the first start), otherwise it signs in.
 */
export async function signInAsPageAdmin(
  call: (name: string, request: unknown) => Promise<CallReply>,
): Promise<void> {
  const state = await call('auth.state', {});
  const setupNeeded = (state.result as { setupNeeded?: boolean } | undefined)?.setupNeeded;
  if (setupNeeded === undefined) throw new Error(`auth.state failed: ${JSON.stringify(state)}`);
  const reply = setupNeeded
    ? await call('auth.setup', PAGE_ADMIN)
    : await call('auth.signIn', { name: PAGE_ADMIN.name, password: PAGE_ADMIN.password });
  if (reply.ok !== true) throw new Error(`signing the page in failed: ${JSON.stringify(reply)}`);
}

/**
 * The web host's WebSocket as a signed-in page has it (a page's socket starts as nobody): the one
 * way tests get a socket that may do more than sign in. Its sign-in replies are its own (string
 * ids): a test's numbered calls and `inbox` see only what comes after.
 */
export async function signedIn(port: number, headers: Record<string, string>): Promise<WebSocket> {
  const ws = await connect(port, headers);
  const pending = new Map<string, (m: Message) => void>();
  const onMessage = (d: WebSocket.RawData) => {
    const m = JSON.parse(d.toString()) as Message;
    if (typeof m.id !== 'string') return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  };
  ws.on('message', onMessage);
  let n = 0;
  try {
    await signInAsPageAdmin(
      (call, request) =>
        new Promise((resolve) => {
          const id = `sign-in-${++n}`;
          pending.set(id, resolve);
          ws.send(JSON.stringify({ id, call, request }));
        }),
    );
  } catch (err) {
    ws.close();
    throw err;
  } finally {
    ws.off('message', onMessage);
  }
  return ws;
}
