/** A title as a file name: Vietnamese kept, characters Windows forbids replaced. */
export function safeName(title: string, fallback = 'ban-bien-tap'): string {
  const cleaned = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 80);
  return cleaned || fallback;
}
