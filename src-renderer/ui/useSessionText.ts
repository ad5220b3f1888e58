import { useCallback, useState } from 'react';

/**
 * Text typed for something not made yet (the next take's title) belongs to no saved record that
 * could keep it: it is kept for as long as the window is open, so another workspace and back, or a
 * reload, gives it back as typed. Where the page may not store anything, it lives with the screen.
 */
export function useSessionText(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => {
    try {
      return sessionStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  const set = useCallback(
    (next: string) => {
      setText(next);
      try {
        if (next) sessionStorage.setItem(key, next);
        else sessionStorage.removeItem(key);
      } catch {
        // Kept on screen only.
      }
    },
    [key],
  );
  return [text, set];
}
