/**
 * The schedule's calls and CLI (issue 16): a slot is only added with audio whose hash is known now
 * (an approved programme's master, a readable file, a relay with its length), the week is planned
 * with its conflicts, and every change is announced and audited. Real ffmpeg, real files, the
 * real router and the real command line.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScheduleList, ScheduleSlot, ScheduleSlotResult } from '../../src-main/contract';
import { approvedProgramme, renderedProgramme } from '../support/approved-programme';
import { runStudioCli } from '../support/cli';
import { text, tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

describe('schedule calls', () => {
  it('schedules only approved programmes, readable audio and relays with a length, and plans the week', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    for (const [code, group] of [
      ['XA-01', 'Vùng núi'],
      ['XA-02', 'Vùng núi'],
      ['XA-03', null],
    ] as const)
      await t.call('stations.add', { code, name: `Xã ${code}`, ...(group ? { group } : {}) });

    // A file: its decoded length and its SHA-256 are kept; its name is its title.
    const news = tone(path.join(dir, 'tin-sang.mp3'), {
      seconds: 3,
      codec: ['-c:a', 'libmp3lame', '-b:a', '64k'],
    });
    const morning = await t.call('schedule.add', {
      at: '06:00',
      play: `file:${news}`,
      target: { kind: 'group', group: 'Vùng núi' },
    });
    expect(morning.slot).toMatchObject({
      title: 'tin-sang.mp3',
      at: '06:00:00',
      repeat: { kind: 'daily' },
      priority: 'normal',
      createdBy: 'Quản trị máy này',
    });
    expect(morning.slot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(morning.slot.lengthSeconds).toBeGreaterThan(2.9);
    expect(morning.slot.lengthSeconds).toBeLessThan(3.2);
    expect(morning.conflicts).toEqual([]);

    // Not audio, missing, a relay with no length, a programme not yet approved: refused, in Vietnamese.
    const notes = text(path.join(dir, 'ghi-chu.mp3'));
    const notAudio = await t.fail('schedule.add', {
      at: '07:00',
      play: `file:${notes}`,
      target: { kind: 'all' },
    });
    expect(notAudio.code).toBe('MEDIA_NOT_AUDIO');
    expect(notAudio.message).toContain('không phải tệp âm thanh đọc được');
    const missing = await t.fail('schedule.add', {
      at: '07:00',
      play: `file:${path.join(dir, 'khong-co.mp3')}`,
      target: { kind: 'all' },
    });
    expect(missing.message).toContain('Không tìm thấy tệp');
    const relayNoLength = await t.fail('schedule.add', {
      at: '19:00',
      play: 'url:http://127.0.0.1:9/vov1',
      target: { kind: 'all' },
    });
    expect(relayNoLength.message).toContain('Tiếp sóng cần thời lượng');
    const draft = await renderedProgramme(t, dir, 'Bản tin chưa duyệt');
    expect(
      (await t.fail('schedule.add', { at: '08:00', play: `programme:${draft.id}`, target: { kind: 'all' } }))
        .code,
    ).toBe('PROGRAMME_NOT_APPROVED');
    expect(
      (await t.fail('schedule.add', { at: '25:00', play: 'url:http://x/y', target: { kind: 'all' } }))
        .message,
    ).toContain('Giờ phát là HH:MM');

    // An approved programme: its master's hash and length; a priority bulletin at 06:01 on XA-02
    // meets the morning news every day of the week and is told so.
    const approved = await approvedProgramme(t, dir, 'Tin khẩn phòng chống bão', { seconds: 2 });
    const bulletin = await t.call('schedule.add', {
      at: '06:00:01',
      play: `programme:${approved.id}`,
      target: { kind: 'stations', codes: ['xa-02', 'XA-03'] },
      priority: 'priority',
    });
    expect(bulletin.slot).toMatchObject({
      title: 'Tin khẩn phòng chống bão',
      sha256: approved.approval.masterSha256,
    });
    expect(bulletin.slot.lengthSeconds).toBeGreaterThan(1.9);
    expect(bulletin.conflicts).toHaveLength(7);
    expect(bulletin.conflicts[0]).toMatchObject({ codes: ['XA-02'], resolution: 'preempts' });
    expect(bulletin.conflicts[0]!.first.slotId).toBe(morning.slot.id);

    // The relay on weekdays, with its length.
    const relay = await t.call('schedule.add', {
      at: '19:00',
      repeat: { kind: 'weekly', days: ['fri', 'mon'] },
      play: 'url:http://127.0.0.1:9/vov1',
      lengthSeconds: 3600,
      target: { kind: 'all' },
    });
    expect(relay.slot).toMatchObject({
      title: 'Tiếp sóng 127.0.0.1:9/vov1',
      sha256: null,
      repeat: { kind: 'weekly', days: ['mon', 'fri'] },
    });

    // The week of Monday 7 December 2026: 7 + 7 + 2 occurrences, 7 conflicts; a skipped date and a
    // slot turned off leave the plan.
    let week = await t.call('schedule.list', { week: '2026-12-09' });
    expect(week.fromMs).toBe(new Date(2026, 11, 7).getTime());
    expect(week.occurrences).toHaveLength(16);
    expect(week.conflicts).toHaveLength(7);
    await t.call('schedule.update', { id: morning.slot.id, skipDates: ['2026-12-08'] });
    await t.call('schedule.update', { id: relay.slot.id, enabled: false });
    week = await t.call('schedule.list', { week: '2026-12-09' });
    expect(week.occurrences).toHaveLength(13);
    expect(week.conflicts.map((c) => c.first.date)).not.toContain('2026-12-08');

    // Removing answers the slot as it was (an undo adds it back); every change was announced and audited.
    const removed = await t.call('schedule.remove', { id: relay.slot.id });
    expect(removed).toMatchObject({ id: relay.slot.id, enabled: false });
    expect((await t.call('schedule.list', {})).slots.map((s) => s.id).sort()).toEqual(
      [morning.slot.id, bulletin.slot.id].sort(),
    );
    expect(t.events.filter((e) => e.event === 'schedule.changed').map((e) => e.payload)).toEqual([
      { slotId: morning.slot.id, change: 'added' },
      { slotId: bulletin.slot.id, change: 'added' },
      { slotId: relay.slot.id, change: 'added' },
      { slotId: morning.slot.id, change: 'updated' },
      { slotId: relay.slot.id, change: 'updated' },
      { slotId: relay.slot.id, change: 'removed' },
    ]);
    const audited = (await t.call('audit.list', {})).entries.filter((e) => e.action.startsWith('schedule.'));
    expect(audited.map((e) => [e.action, e.objectId])).toEqual(
      expect.arrayContaining([
        ['schedule.add', morning.slot.id],
        ['schedule.remove', relay.slot.id],
      ]),
    );
    expect(
      audited.find((e) => e.action === 'schedule.add' && e.objectId === bulletin.slot.id)?.details,
    ).toMatchObject({
      play: `programme:${approved.id}`,
      sha256: approved.approval.masterSha256,
      priority: 'priority',
    });

    // The pre-empted rule: resume by default, skip when the station says so.
    expect(await t.call('schedule.settings', {})).toEqual({ preempted: 'resume' });
    expect(await t.call('schedule.configure', { preempted: 'skip' })).toEqual({ preempted: 'skip' });
  });
});

describe('studio schedule', () => {
  it('adds with the exact flags, warns of conflicts, lists and removes', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const studio = (args: string[]) => runStudioCli([...args, '--data', data]);
    expect(studio(['stations', 'add', 'XA-01', '--name', 'Xã Một', '--group', 'Núi']).code).toBe(0);
    const audio = tone(path.join(dir, 'thong-bao.wav'), { seconds: 2 });

    const added = studio([
      'schedule',
      'add',
      '--at',
      '17:00',
      '--days',
      'daily',
      '--play',
      `file:${audio}`,
      '--length',
      '600',
      '--to',
      'all',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const first = JSON.parse(added.stdout) as ScheduleSlotResult;
    expect(first.slot).toMatchObject({
      at: '17:00:00',
      repeat: { kind: 'daily' },
      play: `file:${audio}`,
      lengthSeconds: 600,
      target: { kind: 'all' },
      priority: 'normal',
    });
    expect(first.conflicts).toEqual([]);

    // An emergency tomorrow during it: printed with its id, the conflict it makes as a warning.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    const emergency = studio([
      'schedule',
      'add',
      '--at',
      '17:00:30',
      '--date',
      date,
      '--play',
      'url:http://127.0.0.1:9/canh-bao',
      '--length',
      '120',
      '--to',
      'group:Núi',
      '--priority',
      'emergency',
    ]);
    expect(emergency.code, emergency.stderr).toBe(0);
    const id = /Đã thêm mục lịch (\S+):/.exec(emergency.stdout)?.[1];
    expect(id).toBeTruthy();
    expect(emergency.stdout).toContain('khẩn cấp');
    expect(emergency.stderr).toContain(
      `Cảnh báo: ${date} 17:00: trùng với mục ${first.slot.id} tại XA-01 (mục ${id} ngắt mục ${first.slot.id})`,
    );

    const list = studio(['schedule', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const week = JSON.parse(list.stdout) as ScheduleList;
    expect(week.slots.map((s: ScheduleSlot) => s.id).sort()).toEqual([first.slot.id, id].sort());
    expect(week.settings).toEqual({ preempted: 'resume' });

    const removed = studio(['schedule', 'remove', id!, '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect((JSON.parse(removed.stdout) as ScheduleSlot).priority).toBe('emergency');
  }, 120_000);
});
