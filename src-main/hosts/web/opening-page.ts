/**
 * What a launch address answers once its code is traded: the session cookie, and a page that goes
 * on to the studio by itself. Not a redirect: the window starts on a file (see serve-launch-page.ts),
 * and a redirect would keep that file as the navigation's initiator, a site other than the
 * studio's, so the browser would hold back the SameSite=Strict cookie on the very next request.
 * A refresh from this page is the studio's own navigation, and carries the cookie.
 */
export function openingPage(target: string): string {
  // One leading slash: `//host` would send the window to another site.
  const local = `/${target.replace(/^[/\\]+/, '')}`;
  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${escapeAttribute(local)}">`,
    '<title>Studio Truyền thanh</title>',
    '<p>Đang mở Studio…</p>',
    '</html>',
  ].join('\n');
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"'<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
