import { useCallback, useEffect, useState } from 'react';

/** Seconds left until a time main named (`details.retryAfterSec` of a throttled sign-in). */
export function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(1000, until - now));
    return () => clearTimeout(timer);
  }, [until, now]);
  const start = useCallback((seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  }, []);
  return [Math.max(0, Math.ceil((until - now) / 1000)), start];
}

/** The wait a refusal asks for, in seconds, or 0. */
export function retryAfter(details: unknown): number {
  const sec = (details as { retryAfterSec?: unknown } | null | undefined)?.retryAfterSec;
  return typeof sec === 'number' && Number.isFinite(sec) && sec > 0 ? Math.ceil(sec) : 0;
}
