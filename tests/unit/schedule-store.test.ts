import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, Store } from '../../src-main/store';
import { ScheduleStore, scheduleTables, type NewScheduleSlot } from '../../src-main/schedule';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const morning: NewScheduleSlot = {
  title: 'Bản tin sáng',
  at: '06:00:00',
  repeat: { kind: 'daily' },
  play: 'file:/srv/tin-sang.mp3',
  lengthSeconds: 1800,
  target: { kind: 'group', group: 'Vùng núi' },
  priority: 'normal',
  sha256: 'cd'.repeat(32),
  skipDates: [],
  enabled: true,
  createdBy: 'Nguyễn Văn An',
};

async function open(dir: string) {
  const database = Database.open(path.join(dir, 'studio.sqlite'), [scheduleTables]);
  const schedule = await ScheduleStore.open(new Store(dir), database.sql);
  return { database, schedule };
}

describe('ScheduleStore', () => {
  it('keeps slots and settings across a reopen, and tells its listeners of every change', async () => {
    const dir = await tempDir();
    const first = await open(dir);
    let changes = 0;
    first.schedule.onChange(() => changes++);
    const added = first.schedule.add(morning);
    const relay = first.schedule.add({
      ...morning,
      title: 'Tiếp sóng VOV 1',
      at: '05:30:00',
      repeat: { kind: 'weekly', days: ['mon', 'fri'] },
      play: 'url:http://127.0.0.1:9/vov1',
      sha256: null,
    });
    const updated = first.schedule.update(added.id, {
      skipDates: ['2026-12-24', '2026-12-08'],
      enabled: false,
    });
    expect(updated).toEqual({ ...added, skipDates: ['2026-12-08', '2026-12-24'], enabled: false });
    expect(first.schedule.settings()).toEqual({ preempted: 'resume' });
    await first.schedule.configure({ preempted: 'skip' });
    expect(changes).toBe(4);
    first.database.close();

    const second = await open(dir);
    // By time of day: the relay at 05:30 first.
    expect(second.schedule.list()).toEqual([relay, updated]);
    expect(second.schedule.settings()).toEqual({ preempted: 'skip' });
    expect(second.schedule.remove(relay.id)).toEqual(relay);
    expect(second.schedule.list().map((s) => s.title)).toEqual(['Bản tin sáng']);
    expect(() => second.schedule.get(relay.id)).toThrow(/Không có mục lịch phát/);
    second.database.close();
  });
});
