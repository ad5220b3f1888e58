/**
 * 'outbox.changed' from the outbox's writes: a state change is announced at once; an upload's
 * progress at most every 250 ms per item, its last one always.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../src-main/contract';
import { OutboxEvents } from '../../src-main/publish/outbox-events';

function recorder() {
  const heard: Array<{ at: number; ids: string[] }> = [];
  const events = new OutboxEvents(<E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'outbox.changed')
      heard.push({ at: Date.now(), ids: (payload as EventPayload<'outbox.changed'>).itemIds });
  });
  return { events, heard };
}

describe('outbox.changed', () => {
  it('announces progress at most about 4 times a second per item, and the last one', async () => {
    const { events, heard } = recorder();
    const start = Date.now();
    let bytes = 0;
    while (Date.now() - start < 1_000) {
      events.changed('a', { uploadUrl: 'http://127.0.0.1/u/1', bytesSent: (bytes += 1000) });
      events.changed('b', { bytesSent: bytes });
      await delay(5);
    }
    await delay(300);
    const of = (id: string) => heard.filter((h) => h.ids.includes(id));
    for (const id of ['a', 'b']) {
      expect(of(id).length).toBeGreaterThanOrEqual(3);
      expect(of(id).length).toBeLessThanOrEqual(6);
      const gaps = of(id)
        .slice(1)
        .map((h, i) => h.at - (of(id)[i] as { at: number }).at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
    }
    // The last write was announced (after the pause), so a list that listens ends up current.
    expect((heard.at(-1) as { at: number }).at - start).toBeGreaterThanOrEqual(1_000);
  });

  it('announces an item added, or its state, at once, and tells its listeners of every write', () => {
    const { events, heard } = recorder();
    const told: string[] = [];
    events.listen((id, change) =>
      told.push(`${id}:${change === 'added' ? 'added' : Object.keys(change).join('+')}`),
    );
    events.changed('a', 'added');
    events.changed('a', { state: 'uploading', bytesSent: 0 });
    events.changed('a', { bytesSent: 10 });
    events.changed('a', { state: 'failed', lastError: 'x' });
    expect(heard.map((h) => h.ids)).toEqual([['a'], ['a'], ['a']]);
    expect(told).toEqual(['a:added', 'a:state+bytesSent', 'a:bytesSent', 'a:state+lastError']);
    events.close();
  });
});
