/**
 * The province operator's page of the sandbox, in Vietnamese: the bulletins received, and the
 * moves an operator makes (accept, reject with a reason, schedule, mark aired). Plain HTML forms,
 * no script, so it works in any browser a trainer opens.
 */
import { TRANSITIONS, type Bulletin, type BulletinState } from './bulletin';

const STATE_LABELS: Record<BulletinState, string> = {
  received: 'Đã nhận',
  accepted: 'Đã chấp nhận',
  rejected: 'Bị từ chối',
  scheduled: 'Đã xếp lịch',
  aired: 'Đã phát',
  withdrawn: 'Đài đã rút',
};

const PRIORITY_LABELS: Record<string, string> = {
  normal: 'Thông thường',
  priority: 'Ưu tiên',
  emergency: 'Khẩn cấp',
};

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
}

function actions(b: Bulletin): string {
  const form = (action: string, label: string, extra = '') =>
    `<form method="post" action="/sandbox/bulletins/${esc(b.id)}/${action}">${extra}<button>${label}</button></form>`;
  const out: string[] = [];
  if (TRANSITIONS.accept.includes(b.status)) out.push(form('accept', 'Chấp nhận'));
  if (TRANSITIONS.schedule.includes(b.status)) out.push(form('schedule', 'Xếp lịch'));
  if (TRANSITIONS.aired.includes(b.status)) out.push(form('aired', 'Đánh dấu đã phát'));
  if (TRANSITIONS.reject.includes(b.status)) {
    out.push(
      form(
        'reject',
        'Từ chối',
        '<input name="reason" required maxlength="500" placeholder="Lý do từ chối" aria-label="Lý do từ chối">',
      ),
    );
  }
  return out.join('');
}

export function operatorPage(bulletins: Bulletin[], faults: string): string {
  const rows = bulletins
    .slice()
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map(
      (b) => `<tr class="state-${b.status}">
  <td><strong>${esc(b.submission.title)}</strong><br><small>${esc(b.submission.subjectArea)} · ${esc(b.submission.station.code)}</small></td>
  <td><span class="prio prio-${b.submission.priority}">${PRIORITY_LABELS[b.submission.priority] ?? b.submission.priority}</span></td>
  <td>${dateTime(b.receivedAt)}</td>
  <td>${(b.audio.bytes / 1e6).toFixed(2)} MB<br><code title="${b.audio.sha256}">${b.audio.sha256.slice(0, 12)}…</code></td>
  <td>${STATE_LABELS[b.status]}${b.reason ? `<br><small>Lý do: ${esc(b.reason)}</small>` : ''}${
    b.airings.length ? `<br><small>${b.airings.length} xã đã báo phát</small>` : ''
  }</td>
  <td class="actions">${actions(b)}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Hệ thống thông tin nguồn cấp tỉnh (thử nghiệm)</title>
<style>
  body { font-family: 'Be Vietnam Pro', 'Noto Sans', sans-serif; margin: 24px; color: #1d2433; background: #f6f7f9; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  p.note { margin: 0 0 16px; color: #5a6478; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e1e4ea; vertical-align: top; }
  th { background: #eef1f5; font-weight: 600; }
  .actions form { display: inline-block; margin: 0 6px 6px 0; }
  .actions input { width: 160px; margin-right: 4px; }
  .prio { padding: 2px 8px; border-radius: 10px; background: #e7ecf3; white-space: nowrap; }
  .prio-priority { background: #fff1c2; }
  .prio-emergency { background: #ffd6d6; color: #9b0000; font-weight: 600; }
  .state-rejected td, .state-withdrawn td { color: #7a8090; }
  code { font-size: 12px; }
  .empty { padding: 24px; text-align: center; color: #5a6478; }
</style>
</head>
<body>
<h1>Hệ thống thông tin nguồn cấp tỉnh — bản thử nghiệm</h1>
<p class="note">Trang của cán bộ vận hành cấp tỉnh: duyệt các bản tin đài gửi lên. Đây là môi trường tập huấn, không phải hệ thống thật.${
    faults ? ` Lỗi giả lập đang bật: <code>${esc(faults)}</code>.` : ''
  }</p>
<table>
<thead><tr><th>Bản tin</th><th>Mức ưu tiên</th><th>Nhận lúc</th><th>Âm thanh</th><th>Trạng thái</th><th>Thao tác</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6" class="empty">Chưa có bản tin nào.</td></tr>'}
</tbody>
</table>
</body>
</html>`;
}
