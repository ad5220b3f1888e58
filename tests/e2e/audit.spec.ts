/**
 * Issue 13: the audit viewer. Entries a year of use left (written by the log itself, with its own
 * clock) and changes made in this window, listed in plain Vietnamese, filtered by kind of work, by
 * words and by a user clicked in a row, paged, saved as CSV through the studio's own "save as"
 * window, and the monthly report with the chain's head to keep elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lineHash } from '../../src-main/audit/audit-files';
import { AuditLog } from '../../src-main/audit/audit-log';
import { RECORD_TABLES } from '../../src-main/app/composition/record-tables';
import { createFileLogger } from '../../src-main/platform/logger';
import { Database } from '../../src-main/store';
import { parseCsv } from '../support/csv';
import { expect, test } from './fixtures';

const data = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-audit-'));
test.use({ dataFolder: data });

const COMMENT = 'Đoạn mở đầu quá dài, bỏ bớt, rồi gửi lại';

// October 2025: a programme made, submitted, returned with a comment; then 60 changes of November.
test.beforeAll(async () => {
  const database = Database.open(path.join(data, 'db', 'studio.sqlite'), RECORD_TABLES);
  let clock = new Date(2025, 9, 3, 8, 0);
  const audit = await AuditLog.open({
    dataDir: data,
    sql: database.sql,
    log: createFileLogger({ dir: path.join(data, 'logs') }),
    now: () => clock,
  });
  const add = async (d: Date, userId: string, action: string, details?: Record<string, unknown>) => {
    clock = d;
    await audit.append({
      actor: { userId, host: 'electron' },
      action,
      object: { kind: 'programme', id: 'p1' },
      details,
    });
  };
  await add(new Date(2025, 9, 3, 8, 0), 'lan', 'programme.create');
  await add(new Date(2025, 9, 3, 9, 0), 'lan', 'programme.submit');
  await add(new Date(2025, 9, 31, 22, 0), 'hung', 'programme.return', { comment: COMMENT });
  for (let i = 0; i < 60; i++) await add(new Date(2025, 10, 2, 8, i), 'lan', 'programme.apply');
  await audit.close();
  database.close();
});

test.afterAll(() => rmSync(data, { recursive: true, force: true }));

test('lists the log in plain words, filters it, pages it, saves it as CSV and reports a month with its head', async ({
  studio,
}) => {
  test.skip(studio.host !== 'web', 'The Electron app saves through the OS\'s own "save as" window.');
  const { page } = studio;
  // Before it: the fixture's admin added by the CLI (64) and signed in (65). A change made in this
  // window by that admin: the interface's language, twice.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  await page.getByRole('link', { name: 'Nhật ký' }).click();
  const table = page.getByTestId('audit-table');
  const rows = table.locator('tbody tr');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–50 trên 67');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText('admin đã đổi cài đặt');
  await expect(rows.first()).toHaveAttribute('data-seq', '67');

  // The next page from the keyboard (Page Down), then back.
  await rows.first().locator('button').first().focus();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 51–67 trên 67');
  await expect(rows.last()).toContainText('lan đã tạo chương trình (mã p1)');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–50 trên 67');

  // Approval only: the submission and the return, with the approver's comment.
  await page.getByTestId('audit-group').selectOption({ label: 'Duyệt' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('hung đã trả lại chương trình (mã p1)');
  await expect(rows.nth(0)).toContainText(`Ghi chú: ${COMMENT}`);
  await expect(rows.nth(1)).toContainText('lan đã gửi duyệt chương trình (mã p1)');
  await studio.screenshot('audit-list-vi');

  // A user clicked in a row: only what they did.
  await page.getByTestId('audit-group').selectOption({ label: 'Mọi nhóm việc' });
  await rows.filter({ hasText: 'hung đã trả lại' }).getByRole('button', { name: 'hung' }).click();
  await expect(page.getByTestId('audit-user')).toHaveValue('hung');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–1 trên 1');
  // Or chosen from everyone in the log.
  await page.getByTestId('audit-user').selectOption({ label: 'lan' });
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–50 trên 62');
  // The local admin: the CLI adding the window's admin, before any user existed (see the fixture).
  await page.getByTestId('audit-user').selectOption({ label: 'Quản trị (máy này)' });
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–1 trên 1');
  await page.getByTestId('audit-user').selectOption({ label: 'Mọi người' });
  // Words in the action.
  await page.getByTestId('audit-text').fill('settings');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–2 trên 2');
  // Days: 3 October 2025 only.
  await page.getByTestId('audit-text').fill('');
  await page.getByTestId('audit-from').fill('03/10/2025');
  await page.getByTestId('audit-to').fill('03/10/2025');
  await page.getByTestId('audit-to').press('Tab');
  await expect(page.getByTestId('audit-count')).toHaveText('Mục 1–2 trên 2');

  // Saved as CSV, in a folder chosen in the studio's own window.
  await page.getByTestId('audit-export').click();
  const dialog = page.getByTestId('save-as');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Tên tệp').fill('Nhật ký tháng 10');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('audit-export-saved')).toContainText('Đã lưu 2 mục vào tệp:');
  const file = (await page.getByTestId('audit-export-path').textContent()) as string;
  expect(path.basename(file)).toBe('Nhật ký tháng 10.csv');
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = parseCsv(bytes.toString('utf8').slice(1));
  expect(csv.map((r) => [r[0], r[2], r[4]])).toEqual([
    ['Số thứ tự', 'Người dùng', 'Hành động'],
    ['1', 'lan', 'programme.create'],
    ['2', 'lan', 'programme.submit'],
  ]);
  // Saving again under the same name asks before replacing the file.
  await page.getByTestId('audit-export').click();
  await dialog.getByLabel('Tên tệp').fill('Nhật ký tháng 10');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('audit-export-exists')).toContainText('Đã có tệp Nhật ký tháng 10.csv ở đó.');
  await page.getByTestId('audit-export-exists').getByRole('button', { name: 'Ghi đè' }).click();
  await expect(page.getByTestId('audit-export-saved')).toContainText('Đã lưu 2 mục vào tệp:');

  // The monthly report of October 2025: its head is the hash of October's last line.
  await page.getByTestId('audit-view-report').click();
  await page.getByTestId('audit-report-year').selectOption('2025');
  await page.getByTestId('audit-report-month').selectOption('10');
  const report = page.getByTestId('audit-report');
  await expect(report.getByRole('heading', { name: 'Báo cáo nhật ký kiểm tra tháng 10/2025' })).toBeVisible();
  await expect(report).toContainText('Số mục trong tháng: 3');
  await expect(page.getByTestId('audit-report-chain')).toHaveText(
    'Chuỗi nhật ký còn nguyên vẹn (67 mục đã kiểm tra).',
  );
  const lines = readFileSync(path.join(data, 'audit', 'audit-2025.jsonl'), 'utf8').split('\n');
  await expect(page.getByTestId('audit-report-head')).toHaveText(lineHash(lines[2] as string));
  await expect(report).toContainText('Mục số 3');
  await studio.screenshot('audit-report-vi');
  // Printed, the report is the page: no navigation, no filters, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(page.getByRole('button', { name: 'In báo cáo' })).toBeHidden();
  await expect(page.getByTestId('audit-report-head')).toBeVisible();
  await studio.screenshot('audit-report-print');

  // In English too.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'List' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(rows.first()).toContainText('admin changed the settings');
  await studio.screenshot('audit-list-en');
});
