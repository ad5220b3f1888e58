/**
 * The studio's pages run under a Content-Security-Policy without 'unsafe-inline' for styles: an
 * injected <style> or style="" (from a file name, a title, a label) cannot restyle or hide parts of
 * the page. The only inline style the studio needs, wavesurfer's own in its shadow root, carries the
 * page's nonce. Every screen is walked through in Chromium, and no style is refused.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { expect, test } from './fixtures';
import { importAndOpen } from './steps';

interface Violation {
  directive: string;
  sample: string;
}

/** Records every CSP violation the page reports, from its next load on. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  const fromConsole: Violation[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text()))
      fromConsole.push({ directive: 'console', sample: m.text() });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: Array<{ directive: string; sample: string }> };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push({ directive: e.violatedDirective, sample: e.sample }),
    );
  });
  await page.reload();
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations)),
  ];
}

/** Whether wavesurfer's shadow-root stylesheet applied: it alone places the progress layer. */
async function waveStylesApplied(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((el) => {
    const host = [...el.querySelectorAll('*')].find((n) => n.shadowRoot);
    const progress = host?.shadowRoot?.querySelector('.progress');
    return progress ? getComputedStyle(progress).position : 'no wavesurfer';
  });
}

test('every screen renders under a CSP with no inline styles, and none is refused', async ({ studio }) => {
  const { page } = studio;
  const violations = await watchViolations(page);
  const policy = await page.evaluate(async () =>
    (await fetch(location.href)).headers.get('content-security-policy'),
  );
  if (studio.host === 'web') {
    expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/_-]{16,}=*'/);
    expect(policy).not.toContain('unsafe-inline');
  }

  const tone = makeTone(
    path.join(inputDir('csp'), 'Thông báo lịch tiêm phòng.wav'),
    '0.5*sin(2*PI*440*t)',
    4,
  );
  await importAndOpen(page, tone);
  const wave = page.getByTestId('editor-waveform');
  await expect(wave).not.toHaveAttribute('data-loaded', '', { timeout: 30_000 });
  expect(await waveStylesApplied(page, 'editor-waveform')).toBe('absolute');
  await studio.screenshot('csp-editor');

  await page.getByRole('link', { name: 'Thư viện' }).click();
  await page.getByTestId('asset-table').locator('tbody tr', { hasText: 'Thông báo lịch tiêm phòng' }).click();
  await expect(page.getByTestId('asset-detail')).toBeVisible();
  await expect.poll(() => waveStylesApplied(page, 'asset-detail'), { timeout: 15_000 }).toBe('absolute');
  await studio.screenshot('csp-library');

  await page.getByRole('link', { name: 'Chương trình' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chương trình');
  await studio.screenshot('csp-programmes');

  await page.getByRole('link', { name: 'Hệ thống' }).click();
  await page.getByLabel('Đường dẫn ffmpeg').fill('/bin/sh');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('không phải ffmpeg');
  await studio.screenshot('csp-system');

  expect(await violations()).toEqual([]);
});
