import { useCallback, useEffect, useRef, useState } from 'react';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';

export interface CallState<T> {
  data: T | null;
  error: StudioCallError | null;
  loading: boolean;
  reload(): void;
}

/** Runs a studio call on mount (and on `reload`), keeping the last good data while reloading. */
export function useCall<T>(run: () => Promise<T>): CallState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [loading, setLoading] = useState(true);
  const runRef = useRef(run);
  runRef.current = run;
  const seq = useRef(0);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    runRef
      .current()
      .then((d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => mine === seq.current && setError(toStudioCallError(e)))
      .finally(() => mine === seq.current && setLoading(false));
  }, []);

  useEffect(reload, [reload]);
  return { data, error, loading, reload };
}
