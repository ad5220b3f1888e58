/**
 * The web host against what a hostile or broken client sends, in its own `studio serve` process so
 * that anything thrown past a handler shows as what it is for a station: the studio gone.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { caller, signedIn } from '../support/host-socket';
import { hostRequest, redeemLaunchUrl } from '../support/host-request';
import { hostileRequest } from '../support/hostile-requests';
import { rawExchange, rawGet } from '../support/raw-http';
import { fuzzSeed, SeededRandom } from '../support/seeded-random';
import { serveStudio, type ServedStudio } from '../support/served-studio';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const served: ServedStudio[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.stop();
});

async function start(): Promise<{ studio: ServedStudio; cookie: string }> {
  const studio = await serveStudio(await tempDir());
  served.push(studio);
  return { studio, cookie: await redeemLaunchUrl(studio.launchUrl) };
}

/** The headers of a WebSocket handshake a browser on the studio's page sends. */
function upgradeHeaders(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: `127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    ...extra,
  };
}

/** A real call through the WebSocket, as the signed-in page makes it. */
async function stillAnswers(studio: ServedStudio, cookie: string): Promise<void> {
  expect(studio.alive(), studio.log()).toBe(true);
  const ws = await signedIn(studio.port, { cookie });
  const reply = await caller(ws)('settings.get');
  expect(reply).toMatchObject({ ok: true, result: { uiLanguage: 'vi' } });
  ws.close();
}

describe('web host against malformed requests', () => {
  it('refuses a WebSocket upgrade with a malformed cookie or target, and keeps running', async () => {
    const { studio, cookie } = await start();
    const port = studio.port;
    const badCookie = await rawExchange(
      port,
      rawGet('/ws', upgradeHeaders(port, { Cookie: 'studio_session=%E0' })),
      { waitMs: 3000 },
    );
    expect(badCookie.status).toBe(401);
    await stillAnswers(studio, cookie);

    const badTarget = await rawExchange(
      port,
      rawGet('http://[x/ws', upgradeHeaders(port, { Cookie: cookie })),
      {
        waitMs: 3000,
      },
    );
    expect(badTarget.status).toBe(400);
    await stillAnswers(studio, cookie);
  });

  it('answers a page request with a malformed cookie or target with a refusal, not a server error', async () => {
    const { studio, cookie } = await start();
    const port = studio.port;
    const host = { Host: `127.0.0.1:${port}` };
    const badCookie = await rawExchange(port, rawGet('/', { ...host, Cookie: 'studio_session=%E0' }), {
      waitMs: 3000,
    });
    expect(badCookie.status).toBe(401);
    const badTarget = await rawExchange(port, rawGet('http://[x/', { ...host, Cookie: cookie }), {
      waitMs: 3000,
    });
    expect(badTarget.status).toBe(400);
    await stillAnswers(studio, cookie);
  });
});

describe('web host under a fuzz of malformed requests', () => {
  it('answers thousands of malformed requests with refusals and still works after them', async () => {
    const { studio, cookie } = await start();
    const seed = fuzzSeed(20260510);
    const random = new SeededRandom(seed);
    const total = 2500;
    const requests = Array.from({ length: total }, () =>
      hostileRequest(random, { port: studio.port, cookie }),
    );
    const statuses = new Map<string, number>();
    const serverErrors: string[] = [];
    let next = 0;
    let diedAfter: string | null = null;
    const worker = async () => {
      while (next < requests.length && diedAfter === null) {
        const i = next++;
        const req = requests[i];
        if (!req) break;
        const reply = await rawExchange(studio.port, req.bytes, {
          waitMs: req.complete ? 5000 : 150,
          end: req.complete,
        });
        const key = String(reply.status ?? (reply.closed ? 'closed' : 'no answer'));
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (reply.status !== null && reply.status >= 500)
          serverErrors.push(`#${i} ${req.what}: ${reply.status}`);
        if (!studio.alive() && diedAfter === null) diedAfter = `#${i} ${req.what}`;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    const summary = `seed ${seed} (replay with FUZZ_SEED=${seed}); ${JSON.stringify(Object.fromEntries(statuses))}`;
    expect(diedAfter, `the studio died after ${diedAfter}; ${summary}\n${studio.log()}`).toBeNull();
    expect(serverErrors, summary).toEqual([]);
    // Refusals, mostly: the generator makes few requests a page could make.
    expect((statuses.get('400') ?? 0) + (statuses.get('401') ?? 0), summary).toBeGreaterThan(total / 4);
    expect(Date.now() - started).toBeLessThan(120_000);

    await stillAnswers(studio, cookie);
    const page = await hostRequest({ port: studio.port }, '/', { cookie });
    expect(page.status).toBe(200);
  }, 180_000);
});
