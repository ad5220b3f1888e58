import { expect, test } from './fixtures';

test.use({ microphone: true });

test('records a take from the microphone with a live meter and markers, and it lands in the library', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('link', { name: 'Thu âm' }).click();
  await expect(page.getByRole('heading', { name: 'Thu âm', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Thiết bị thu')).toContainText('Micro_thu_nghiem');
  // The microphone was tried before anyone pressed R: it works, so nothing warns.
  await expect(page.getByTestId('recorder-state')).toHaveText('Sẵn sàng');
  await expect(page.getByTestId('mic-problem')).toHaveCount(0);
  await page.getByLabel('Tên bản thu').fill('Bản tin sáng – giọng đọc');

  const recorder = page.getByTestId('recorder');
  await page.getByRole('button', { name: /Bắt đầu thu/ }).click();
  await expect(recorder).toHaveAttribute('data-state', 'recording');

  // The test source is a 440 Hz sine with its peaks at −6 dBFS: the meter shows it live.
  await expect
    .poll(async () => Number(await page.getByTestId('peak-value').textContent()), { timeout: 10_000 })
    .toBeGreaterThan(-8);
  expect(Number(await page.getByTestId('peak-value').textContent())).toBeLessThan(-4);

  await page.waitForTimeout(1200);
  await page.keyboard.press('m');
  await expect(page.getByTestId('markers').locator('li')).toHaveCount(1);
  await page.keyboard.press(' ');
  await expect(recorder).toHaveAttribute('data-state', 'paused');
  await page.keyboard.press(' ');
  await expect(recorder).toHaveAttribute('data-state', 'recording');
  await expect(page.getByTestId('elapsed')).toHaveText(/^0:0[2-9]$/, { timeout: 10_000 });
  await studio.screenshot('record-vi');

  await page.getByRole('button', { name: /Dừng và lưu/ }).click();
  await expect(page.getByTestId('saved-take')).toContainText('Bản tin sáng – giọng đọc');
  await expect(recorder).toHaveAttribute('data-state', 'idle');

  await page.getByRole('link', { name: 'Mở thư viện' }).click();
  const row = page.getByTestId('asset-table').locator('tbody tr');
  await expect(row).toContainText('Bản tin sáng – giọng đọc');

  // With a microphone that works, the System screen says the studio is ready for everything.
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(page.getByTestId('readiness')).toHaveAttribute('data-readiness', 'ok');
  await expect(page.getByTestId('readiness')).toContainText('Sẵn sàng làm việc');
  await expect(page.locator('tr[data-check="microphone"]')).toHaveAttribute('data-status', 'ok');
});
