/**
 * A programme the province aired (issue 14): sent from its approval tab, the province's operator
 * reports the first commune's airing, and after "Cập nhật trạng thái" the programme list's badge
 * says "Đã phát" and its approval history names the province's system as who took the step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { held, sandbox } from '../support/provincial';
import { expect, test } from './fixtures';
import { approvedProgramme, configureProvince, importTones, sendFromApprovalTab } from './publish-steps';

const TITLE = 'Bản tin phòng chống bão';

test('the province’s first airing report makes the programme "Đã phát", in the province’s name', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page } = studio;
  await page.setViewportSize({ width: 1366, height: 900 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-aired-'));
  const province = await sandbox(dir);
  try {
    await configureProvince(page, province.url);
    await importTones(page, { [TITLE]: 3 });
    const address = await approvedProgramme(page, TITLE);
    await sendFromApprovalTab(page, address);
    const row = page.getByTestId('outbox-row').filter({ hasText: TITLE });
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect(row).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });

    // The province's operator: accepted, then the first commune reports it aired.
    const [bulletin] = await held(province.url);
    for (const [move, body] of [
      ['accept', {}],
      ['aired', { units: ['01234'] }],
    ] as const) {
      const res = await fetch(`${province.url}/sandbox/bulletins/${bulletin?.id}/${move}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
    await page.getByRole('button', { name: 'Cập nhật trạng thái' }).click();
    // (The runner also asks now and then: whichever asked first found the change.)
    await expect(row.getByTestId('outbox-province')).toHaveAttribute('data-status', 'aired');

    await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
    const listed = page.getByTestId('programme-table').getByRole('row').filter({ hasText: TITLE });
    await expect(listed.getByTestId('approval-badge')).toHaveText('Đã phát');
    await expect(listed.getByTestId('approval-badge')).toHaveAttribute('data-approval', 'aired');
    await page.getByTestId('approval-filter').selectOption({ label: 'Đã phát' });
    await expect(listed).toHaveCount(1);
    await studio.screenshot('programme-list-aired-vi');

    await listed.click();
    await expect(page.locator('.programme-head').getByTestId('approval-badge')).toHaveText('Đã phát');
    await page.getByRole('tab', { name: 'Duyệt' }).click();
    const last = page.getByTestId('approval-history').locator('li').first();
    await expect(last).toHaveAttribute('data-state', 'aired');
    await expect(last).toContainText('Hệ thống tỉnh');
    await expect(last).toContainText('Tỉnh báo đã phát (xã 01234)');
    await expect(page.getByTestId('approval-history').locator('li').nth(1)).toHaveAttribute(
      'data-state',
      'sent',
    );
    await page.getByTestId('approval-history').scrollIntoViewIfNeeded();
    await studio.screenshot('programme-approval-aired-vi');
  } finally {
    await province.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
