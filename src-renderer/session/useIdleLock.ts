import { useEffect, useRef } from 'react';

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;

/**
 * Calls `onIdle` once `minutes` pass without the keyboard or the mouse (0: never). Activity anywhere
 * in the window counts, caught before any screen can stop it.
 */
export function useIdleLock(minutes: number, active: boolean, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!active || !(minutes > 0)) return;
    const ms = minutes * 60_000;
    let timer = setTimeout(() => onIdleRef.current(), ms);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => onIdleRef.current(), ms);
    };
    for (const type of ACTIVITY) window.addEventListener(type, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, restart, { capture: true });
    };
  }, [minutes, active]);
}
