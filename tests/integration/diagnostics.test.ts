/**
 * The diagnostics file for IT support, through the real router: versions, the doctor's report, the
 * settings, repairs and the end of the studio's log (logs/studio.log), with no secret in it.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src-main/contract';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

describe('diagnostics', () => {
  it('gives IT support one file: versions, doctor report, settings, repairs and the log, without secrets', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const a = await studios.open(data);
    await a.importFile(signal(path.join(dir, 'tin.wav'), { samples: 4_800 }), 'Tin sáng');
    await studios.closeAll();
    await rm(path.join(data, 'db', 'settings.json'));

    const b = await studios.open(data);
    // Something a host might log with a secret in it: it must not reach the file.
    b.studio.log.warn('Refused /ws?token=0123456789abcdef', { cookie: 'studio_session=feedbeef' });
    const bundle = await b.call('system.diagnostics', {});

    expect(bundle.fileName).toMatch(/^chan-doan-studio-\d{4}-\d{2}-\d{2}-\d{4}\.txt$/);
    const text = bundle.text;
    expect(text).toContain('Studio Truyền thanh test (web)');
    expect(text).toContain(`Node ${process.versions.node}`);
    expect(text).toContain(data);
    const doctor = JSON.parse(
      /===== Kiểm tra hệ thống \/ Doctor report =====\n([\s\S]*?)\n\n=====/.exec(text)?.[1] ?? 'null',
    ) as DoctorReport;
    expect(doctor.checks.find((c) => c.id === 'ffmpeg')?.status).toBe('ok');
    expect(text).toContain('"uiLanguage"');
    expect(text).toContain('Đã khôi phục cài đặt của studio từ bản sao lưu');
    // Both starts are in the log's end, the second after the first.
    expect(text.split('Studio test started (web)').length - 1).toBe(2);
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('feedbeef');
  });
});
