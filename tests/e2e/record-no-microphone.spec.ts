import { expect, test } from './fixtures';

/** Words of the sound system that a reporter should never have to read. */
const JARGON = /sox|alsa|snd_pcm|FAIL|pulseaudio/i;

test('without a working microphone the Record screen says so before R, and R does not open it', async ({
  studio,
}) => {
  // The fixture's machine has no sound card and no sound server.
  const { page } = studio;
  await page.getByRole('link', { name: 'Thu âm' }).click();
  await expect(page.getByRole('heading', { name: 'Thu âm', level: 1 })).toBeVisible();

  // Before anyone presses R: main opened the input a take would use, and nothing answered.
  const problem = page.getByTestId('mic-problem');
  await expect(problem).toContainText('Chưa thu âm được');
  await expect(problem).toContainText('Không có micro nào hoạt động');
  await expect(problem).toContainText('cắm micro');
  await expect(problem).toContainText('chọn thiết bị thu khác');
  await expect(problem).toContainText('cài đặt âm thanh');
  await expect(page.getByTestId('recorder-state')).toHaveText('Chưa có micro');
  await studio.screenshot('record-no-microphone-vi');

  // R looks again instead of opening an input known to fail: no take, no sound-system message.
  await page.keyboard.press('r');
  await expect(problem.getByRole('button', { name: 'Kiểm tra lại' })).toBeEnabled();
  await expect(page.getByTestId('recorder')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('recorder-state')).toHaveText('Chưa có micro');
  await page.getByRole('button', { name: /Bắt đầu thu/ }).click();
  await expect(page.getByTestId('recorder')).toHaveAttribute('data-state', 'idle');
  await expect(problem).toContainText('Không có micro nào hoạt động');
  const shown = await page.locator('main').innerText();
  expect(shown).not.toMatch(JARGON);
  await expect(page.locator('.banner-error')).toHaveCount(1);

  // The System screen does not say "ready" either.
  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await expect(page.getByTestId('readiness')).toHaveAttribute('data-readiness', 'warning');
  await expect(page.getByTestId('readiness')).toContainText('Sẵn sàng biên tập, nhưng chưa thu âm được');
  const row = page.locator('tr[data-check="microphone"]');
  await expect(row).toHaveAttribute('data-status', 'missing');
  await expect(row).toContainText('Micro (thu âm)');
  await expect(row.locator('+ tr.advice-row')).toContainText('Không có micro nào hoạt động');
});
