/**
 * Issue 14's link test: a 100 MB approved programme sent through the outbox over a link that a TCP
 * proxy on 127.0.0.1 cuts every 10 MB it carries towards the server. The upload resumes from the
 * server's offset after each cut, so it completes with the bulletin on the sandbox exactly once
 * (the approved SHA-256, every byte) and at most 10% more bytes carried than the file has.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { approvedProgramme, masterOf } from '../support/approved-programme';
import { held, sandbox, TOKEN } from '../support/provincial';
import { cuttingProxy, type CuttingProxy } from '../support/tcp-proxy';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const MB = 1024 * 1024;
/** The master: 48 kHz mono 24-bit WAV, 144 000 bytes a second; 729 s is just over 100 MB. */
const SECONDS = Math.ceil((100 * MB) / 144_000);

describe('a 100 MB programme over a link cut every 10 MB', () => {
  it('arrives once, whole, with at most 10% extra bytes carried', async () => {
    const dir = await tempDir();
    const box = await sandbox(path.join(dir, 'sandbox'));
    closers.push(() => box.close());
    const proxy: CuttingProxy = await cuttingProxy(
      { host: '127.0.0.1', port: box.port },
      { cutEveryBytes: 10 * MB },
    );
    closers.push(() => proxy.close());

    const t = await studios.open(path.join(dir, 'data'), {
      outboxRetry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    await t.call('publish.configure', { endpoint: proxy.url, stationCode: 'TTVH-CB', token: TOKEN });
    const p = await approvedProgramme(t, dir, 'Bản tin dài', { seconds: SECONDS });
    const bytes = (await stat(masterOf(p))).size;
    expect(bytes).toBeGreaterThanOrEqual(100 * MB);

    const item = await t.call('publish.queue', { programmeId: p.id });
    expect(item.bytes).toBe(bytes);
    const run = await t.call('outbox.run', { untilEmpty: true, timeoutSeconds: 240 });
    expect(run, JSON.stringify(run)).toMatchObject({ sent: 1, failed: 0, pending: 0 });

    const bulletins = await held(box.url);
    expect(bulletins).toHaveLength(1);
    expect(bulletins[0]).toMatchObject({ sha256: p.approval.masterSha256, bytes });
    const [sent] = await t.call('outbox.list', {});
    expect(sent).toMatchObject({ state: 'sent', bytesSent: bytes, bulletinId: bulletins[0]?.id });

    // The link was cut about once per 10 MB, and the resumes cost little.
    expect(proxy.cuts).toBeGreaterThanOrEqual(9);
    expect(sent?.attempts).toBe(proxy.cuts + 1);
    expect(proxy.towardsServer).toBeLessThanOrEqual(1.1 * bytes);
  }, 600_000);
});
