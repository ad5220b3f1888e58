/**
 * The offline banner tells "the province cannot be reached" from "the province answered no"
 * (issue 14). A refused token is an answer: the link stays online and the item says why; a stopped
 * province is no answer: the link goes offline. Against a real sandbox on 127.0.0.1.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src-main/sandbox/provincial/sandbox-server';
import { approvedProgramme } from '../support/approved-programme';
import { sandbox } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

describe('the publish link', () => {
  it('stays online when the province refuses the token, and goes offline when it does not answer', async () => {
    const dir = await tempDir();
    const box = await sandbox(path.join(dir, 'sandbox'));
    sandboxes.push(box);
    const t = await studios.open(path.join(dir, 'data'), {
      outboxRetry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    await t.call('publish.configure', { endpoint: box.url, stationCode: 'TTVH-CB', token: 'not-the-token' });
    const p = await approvedProgramme(t, dir, 'Bản tin sáng');
    const item = await t.call('publish.queue', { programmeId: p.id });

    const refused = await t.call('outbox.run', {});
    expect(refused.items).toMatchObject([{ id: item.id, state: 'queued' }]);
    expect(refused.items[0]?.lastError).toMatch(/mã truy cập/);
    expect(await t.call('publish.link', {})).toMatchObject({ state: 'online', lastError: null });

    await sandboxes.splice(0)[0]?.close();
    await t.call('outbox.retry', { itemId: item.id });
    await t.call('outbox.run', {});
    const link = await t.call('publish.link', {});
    expect(link.state).toBe('offline');
    expect(link.lastError).toMatch(/kết nối/);
  }, 180_000);
});
