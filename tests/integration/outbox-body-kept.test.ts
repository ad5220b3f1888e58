/**
 * A retry sends the bytes first sent (issue 14). The province's answer to a publish is lost on the
 * way back (a real HTTP proxy on 127.0.0.1 lets the request through, lets the sandbox make the
 * bulletin, then cuts the connection before the answer); the admin changes the field mapping; the
 * next attempt must send the first body again under the same Idempotency-Key, so the province
 * answers the bulletin it made (a body made again with the new mapping would be refused: 422).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme } from '../support/approved-programme';
import { held, sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Forwards everything to `target`; the first `eat` publish answers are read, then the client is cut off. */
async function answerEatingProxy(target: URL, eat: number): Promise<string> {
  const server = http.createServer((req, res) => {
    const up = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        if (req.method === 'POST' && req.url === '/api/v1/bulletins' && eat > 0) {
          eat -= 1;
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  server.on('connection', (socket) => closers.push(async () => void socket.destroy()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the outbox keeps the body it first sent', () => {
  it('sends the first body again after the field mapping changed, and the province answers its one bulletin', async () => {
    const dir = await tempDir();
    const box: RunningSandbox = await sandbox(path.join(dir, 'sandbox'));
    closers.push(() => box.close());
    const endpoint = await answerEatingProxy(new URL(box.url), 1);
    const t = await studios.open(path.join(dir, 'data'), {
      outboxRetry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    const settings = { endpoint, stationCode: 'TTVH-CB', token: TOKEN };
    const mapping = (code: string) => ({
      rename: {},
      subjectAreas: { 'Phòng chống thiên tai': code },
      priorities: {},
    });
    await t.call('publish.configure', { ...settings, fieldMapping: mapping('PCTT') });
    const p = await approvedProgramme(t, dir, 'Bản tin phòng chống bão');
    const item = await t.call('publish.queue', { programmeId: p.id });

    // The bulletin is made, but its answer never comes back: the item waits to publish again.
    const first = await t.call('outbox.run', {});
    expect(first.items).toMatchObject([{ id: item.id, state: 'publishing', bulletinId: null }]);
    expect(await held(box.url)).toHaveLength(1);

    await t.call('publish.configure', { ...settings, fieldMapping: mapping('THIEN-TAI') });
    await t.call('outbox.retry', { itemId: item.id });
    const second = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 60 });
    expect(second.items).toMatchObject([{ id: item.id, state: 'sent', lastError: null }]);

    const [bulletin] = await held(box.url);
    expect(await held(box.url)).toHaveLength(1);
    expect(second.items[0]?.bulletinId).toBe(bulletin?.id);
    const stored = (await (
      await fetch(`${box.url}/api/v1/bulletins/${bulletin?.id}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { metadata: { subjectArea: string } };
    // What the province holds is what was first sent, under the mapping of that moment.
    expect(stored.metadata.subjectArea).toBe('PCTT');
  }, 180_000);
});
