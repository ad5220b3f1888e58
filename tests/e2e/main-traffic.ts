/**
 * The web host's WebSocket routed through the test, for specs that reproduce an order of main's
 * replies and events that a busy machine sometimes gives: every call of the page goes on to main;
 * each message from main is shown to the test, with the call it answers, and passed to the page or
 * held until the test releases it.
 */
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect } from './fixtures';

/** A call of the page, as it goes to main. */
export interface Call {
  id: number;
  call: string;
  request: unknown;
}

/** A message from main: a reply, with the call it answers, or an event. */
export interface FromMain {
  /** The message as main sent it, to hand to the page later when it is held. */
  text: string;
  /** For a reply, the call it answers. */
  call?: Call;
  /** For an event, its name. */
  event?: string;
}

export interface MainTraffic {
  /**
   * Hands held messages to the page, in this order; called while a message is decided, after that
   * message when it is passed.
   */
  release(...texts: string[]): void;
}

export interface Watch {
  /** Sees each call of the page before it goes to main. */
  onCall?(call: Call): void;
  /** Sees each message from main: 'pass' hands it to the page now, 'hold' keeps it from the page. */
  onMessage(msg: FromMain, traffic: MainTraffic): 'pass' | 'hold';
}

/**
 * Routes the page's WebSocket through `watch` and reloads the page, so that it connects through
 * the route (web host only).
 */
export async function routeMainTraffic(page: Page, watch: Watch): Promise<MainTraffic> {
  let socket: WebSocketRoute | null = null;
  // While a message is decided, what `release` hands over waits for it.
  let after: string[] | null = null;
  const traffic: MainTraffic = {
    release: (...texts) => (after ? after.push(...texts) : texts.forEach((t) => socket!.send(t))),
  };
  await page.routeWebSocket(/./, (ws) => {
    socket = ws;
    const server = ws.connectToServer();
    const calls = new Map<number, Call>();
    ws.onMessage((m) => {
      const call = JSON.parse(String(m)) as Call;
      calls.set(call.id, call);
      watch.onCall?.(call);
      server.send(m);
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { id?: number; event?: string };
      const call = typeof msg.id === 'number' ? calls.get(msg.id) : undefined;
      if (call) calls.delete(call.id);
      const text = String(m);
      const released: string[] = (after = []);
      try {
        if (watch.onMessage({ text, call, event: msg.event }, traffic) === 'pass') ws.send(text);
      } finally {
        after = null;
      }
      released.forEach((t) => ws.send(t));
    });
  });
  await page.reload();
  await expect.poll(() => socket !== null, { message: 'the page connects through the route' }).toBe(true);
  return traffic;
}
