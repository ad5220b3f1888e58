/**
 * What a browser shows when it has no session: a window opened from an old or used address, or
 * a studio restarted behind it. Said to a reporter, who only needs what to do; the rest is folded
 * under "Chi tiết kỹ thuật" for whoever looks after the PC. No inline style: the CSP allows none.
 */
export function unauthorizedPage(): string {
  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<meta charset="utf-8">',
    '<title>Studio Truyền thanh</title>',
    '<h1>Cửa sổ này chưa mở được Studio</h1>',
    '<p>Mỗi lần Studio mở một cửa sổ, cửa sổ đó chỉ được vào một lần và trong ít phút. ' +
      'Cửa sổ này đã quá thời gian đó, hoặc Studio đã được tắt rồi mở lại.</p>',
    '<p><strong>Hãy đóng cửa sổ này rồi mở lại Studio từ biểu tượng trên máy.</strong> ' +
      'Dữ liệu của bạn không bị ảnh hưởng.</p>',
    '<details>',
    '<summary>Chi tiết kỹ thuật</summary>',
    '<p>HTTP 401: yêu cầu không có cookie phiên hợp lệ, hoặc mã mở một lần (?code=) đã được dùng ' +
      'hay đã hết hạn. Máy chủ web của Studio cấp mã mới mỗi lần khởi động: <code>npm start</code> ' +
      'hoặc <code>studio serve --open</code>.</p>',
    '</details>',
    '</html>',
  ].join('\n');
}
