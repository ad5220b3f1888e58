/**
 * Whether a key goes to a field the user is typing in (text, select, editable), where keyboard
 * shortcuts must not act: the field keeps its own undo and arrows.
 */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
}

/**
 * Whether the focused field uses this key itself. Like `isTyping`, except that a slider keeps only
 * the keys that move it (arrows, Home, End, Page Up/Down), so a workspace's other shortcuts still
 * work once a slider has been used.
 */
export function fieldTakesKey(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  const slider =
    el?.tagName === 'INPUT' && !el.isContentEditable && (el as HTMLInputElement).type === 'range';
  return slider ? /^(Arrow|Home$|End$|Page)/.test(e.key) : isTyping(e);
}
