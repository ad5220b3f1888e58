/**
 * "Cụm thu" (issue 15): an operator keeps the commune stations the studio feeds. Added through the
 * dialog (pulling, or pushed over SRT with a passphrase), its token and stream URLs shown with a
 * copy button and again later, a new token locking the old one out, a unit changed after a merger,
 * a station disabled; a CSV with wrong rows refused by row number, a good one imported, the list
 * exported; a chief editor sees the list and nothing to change it with.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../support/csv';
import { expect, switchUser, test, type E2eAccount } from './fixtures';

const TUAN: E2eAccount = {
  name: 'tuan',
  displayName: 'Lê Văn Tuấn',
  roles: ['operator'],
  password: 'tuấn-trực-kỹ-thuật',
};
const HOA: E2eAccount = {
  name: 'hoa',
  displayName: 'Trần Thị Hoa',
  roles: ['chiefEditor'],
  password: 'hoa-lãnh-đạo-duyệt',
};

test.use({ account: TUAN, accounts: [HOA] });

test('an operator adds, shows, changes, disables, imports and exports stations', async ({ studio }) => {
  const { page, dataDir } = studio;
  await page.getByRole('link', { name: 'Cụm thu' }).click();
  await expect(page.getByRole('heading', { name: 'Cụm thu phát thanh' })).toBeVisible();
  await expect(page.getByTestId('stations-empty')).toBeVisible();
  await expect(page.getByTestId('stream-base')).toContainText('mặc định');

  // Where receivers pull from: this studio's public address.
  await page.getByTestId('stream-base-edit').click();
  await page.getByTestId('stream-base-input').fill('http://203.0.113.7:8000');
  await page.getByRole('button', { name: 'Lưu địa chỉ' }).click();
  await expect(page.getByTestId('stream-base-url')).toHaveText('http://203.0.113.7:8000');

  // A station that pulls: the dialog checks before it sends.
  await page.getByTestId('station-add').click();
  const dialog = page.getByTestId('station-dialog');
  await dialog.getByTestId('station-code').fill('Xã A');
  await dialog.getByTestId('station-save').click();
  await expect(dialog.getByTestId('station-problem-code')).toBeVisible();
  await expect(dialog.getByTestId('station-problem-name')).toHaveText('Hãy nhập tên cụm thu.');
  await dialog.getByTestId('station-code').fill('xa-ban-vuoc');
  await dialog.getByTestId('station-name').fill('Xã Bản Vược');
  await dialog.getByTestId('station-unit-name').fill('Xã Bản Vược');
  await dialog.getByTestId('station-unit-code').fill('02680');
  await dialog.getByTestId('station-group').fill('Bát Xát');
  await dialog.getByTestId('station-save').click();

  // Its token and URLs come at once, each with a copy button.
  const streams = page.getByTestId('station-streams');
  await expect(streams.getByRole('heading', { name: 'Địa chỉ luồng của “Xã Bản Vược”' })).toBeVisible();
  const token = await streams.getByTestId('station-token').inputValue();
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  await expect(streams.getByTestId('station-url-mp3')).toHaveValue(
    `http://203.0.113.7:8000/live/XA-BAN-VUOC.mp3?token=${token}`,
  );
  await expect(streams.getByTestId('station-url-opus')).toHaveValue(
    `http://203.0.113.7:8000/live/XA-BAN-VUOC.opus?token=${token}`,
  );
  if (studio.host === 'web')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(page.url()).origin,
    });
  await streams.getByTestId('station-url-mp3-copy').click();
  await expect(streams.getByTestId('station-url-mp3-copy')).toHaveText('Đã chép');
  if (studio.host === 'web')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `http://203.0.113.7:8000/live/XA-BAN-VUOC.mp3?token=${token}`,
    );
  await studio.screenshot('stations-streams-vi');
  await streams.getByRole('button', { name: 'Đóng' }).click();

  // One pushed over SRT: the passphrase is asked for, then never shown.
  await page.getByTestId('station-add').click();
  await dialog.getByTestId('station-code').fill('XA-Y-TY');
  await dialog.getByTestId('station-name').fill('Xã Y Tý');
  await dialog.getByTestId('station-group').fill('Bát Xát');
  await dialog.locator('[data-reach="srt"]').check();
  await dialog.getByTestId('station-host').fill('10.20.0.5');
  await dialog.getByTestId('station-port').fill('9000');
  await dialog.getByTestId('station-passphrase').fill('ngắn');
  await dialog.getByTestId('station-save').click();
  await expect(dialog.getByTestId('station-problem-passphrase')).toBeVisible();
  await dialog.getByTestId('station-passphrase').fill('mật-khẩu-srt-của-xã');
  await studio.screenshot('stations-dialog-srt-vi');
  await dialog.getByTestId('station-save').click();
  await expect(streams).toBeVisible();
  await streams.getByRole('button', { name: 'Đóng' }).click();

  const table = page.getByTestId('stations-table');
  await expect(table.locator('tr[data-station="XA-BAN-VUOC"]')).toContainText('Tự kéo luồng');
  await expect(table.locator('tr[data-station="XA-Y-TY"]')).toContainText('SRT 10.20.0.5:9000');

  // The URLs again later, the same token; a new token replaces it.
  const vuoc = table.locator('tr[data-station="XA-BAN-VUOC"]');
  await vuoc.getByRole('button', { name: 'Xem địa chỉ luồng' }).click();
  await expect(streams.getByTestId('station-token')).toHaveValue(token);
  await streams.getByTestId('station-rotate').click();
  await streams.getByTestId('station-rotate-confirm').click();
  await expect(streams.getByTestId('station-rotated')).toBeVisible();
  await expect(streams.getByTestId('station-token')).not.toHaveValue(token);
  await streams.getByRole('button', { name: 'Đóng' }).click();

  // After a merger: a new unit; the code stays.
  await vuoc.getByRole('button', { name: 'Sửa' }).click();
  await expect(dialog.getByTestId('station-code')).toHaveCount(0);
  await dialog.getByTestId('station-unit-name').fill('Xã Bản Xèo');
  await dialog.getByTestId('station-unit-code').fill('02683');
  await dialog.getByTestId('station-save').click();
  await expect(page.getByTestId('stations-note')).toHaveText('Đã lưu cụm thu “Xã Bản Vược”.');
  await expect(vuoc).toContainText('Xã Bản Xèo 02683');

  // Disabled, not removed.
  await page.locator('tr[data-station="XA-Y-TY"]').getByRole('button', { name: 'Tắt' }).click();
  await page.getByTestId('station-enable-dialog').getByRole('button', { name: 'Tắt cụm thu' }).click();
  await expect(page.locator('tr[data-station="XA-Y-TY"]')).toContainText('Đã tắt');

  // A CSV with wrong rows: nothing imported, each row named.
  const bad = path.join(dataDir, '..', 'cum-thu-sai.csv');
  writeFileSync(bad, 'code,name,reach,host,port\r\nXA-03,Xã C,rtp,10.0.0.5,99999\r\nXA-04,,pull,,\r\n');
  await page.getByTestId('stations-import-file').setInputFiles(bad);
  const refused = page.getByTestId('stations-import-error');
  await expect(refused).toContainText('Dòng 2: cột port: Cổng là một số từ 1 đến 65535.');
  await expect(refused).toContainText('Dòng 3: cột name: Tên cụm thu không được để trống.');
  await expect(page.locator('tr[data-station]')).toHaveCount(2);
  await studio.screenshot('stations-import-refused-vi');

  const good = path.join(dataDir, '..', 'cum-thu.csv');
  writeFileSync(
    good,
    '\uFEFFcode;name;unit_name;group;reach;mount\r\nXA-03;Xã Cốc San;Xã Cốc San;Ven sông;icecast;/coc-san.mp3\r\n',
  );
  await page.getByTestId('stations-import-file').setInputFiles(good);
  await expect(page.getByTestId('stations-note')).toHaveText(
    'Đã nhập 1 dòng: 1 cụm thu mới, 0 cụm thu được cập nhật.',
  );
  await expect(page.locator('tr[data-station="XA-03"]')).toContainText('Icecast /coc-san.mp3');
  await expect(page.getByTestId('stations-import-error')).toHaveCount(0);

  // The search folds diacritics.
  await page.getByRole('searchbox').fill('ban xeo');
  await expect(page.locator('tr[data-station]')).toHaveCount(1);
  await page.getByRole('searchbox').fill('');
  await studio.screenshot('stations-list-vi');

  // Exported where the user chooses, without tokens.
  await page.getByTestId('stations-export').click();
  const saveAs = page.getByTestId('save-as');
  await saveAs.getByLabel('Tên tệp').fill('Cụm thu');
  await page.keyboard.press('Enter');
  const saved = page.getByTestId('stations-export-saved');
  await expect(saved).toContainText('Đã xuất 3 cụm thu.');
  const file = (await saved.locator('code').textContent()) as string;
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(parseCsv(text.slice(1)).map((r) => [r[0], r[1], r[5], r[10]])).toEqual([
    ['code', 'name', 'reach', 'enabled'],
    ['XA-BAN-VUOC', 'Xã Bản Vược', 'pull', '1'],
    ['XA-Y-TY', 'Xã Y Tý', 'srt', '0'],
    ['XA-03', 'Xã Cốc San', 'icecast', '1'],
  ]);
  expect(text).not.toContain(token);
  expect(text).not.toContain('mật-khẩu-srt-của-xã');

  // A chief editor sees the list, and nothing to change it with.
  await switchUser(page, HOA);
  await page.getByRole('link', { name: 'Cụm thu' }).click();
  await expect(page.locator('tr[data-station]')).toHaveCount(3);
  await expect(page.getByTestId('station-add')).toHaveCount(0);
  await expect(page.getByTestId('stations-import')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Xem địa chỉ luồng' })).toHaveCount(0);
  await expect(page.getByTestId('stream-base-edit')).toHaveCount(0);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Receiving stations', level: 1 })).toBeVisible();
  await expect(page.locator('tr[data-station="XA-Y-TY"]')).toContainText('Disabled');
  await studio.screenshot('stations-chief-en');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
});
