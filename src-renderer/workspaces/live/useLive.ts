import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveMetersEvent, LiveState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

export interface LiveDesk {
  /** What main says is on air (null until the first answer). */
  state: LiveState | null;
  /** The last meters (null while nothing is on air). */
  meters: LiveMetersEvent | null;
  error: StudioCallError | null;
  /** A call is on its way: its buttons wait. */
  busy: boolean;
  /**
   * Runs a call that changes the air, then takes main's state from its answer (or asks for it),
   * so the sign never shows what the operator hoped rather than what is. Returns whether it worked.
   */
  act(run: () => Promise<unknown>): Promise<boolean>;
  /**
   * For a dialog, which shows its own error and stays open: runs the call (its failure thrown to
   * the dialog), then shows main's state as above.
   */
  confirm(run: () => Promise<unknown>): Promise<void>;
  clearError(): void;
}

/** A level as a number: silence may cross the wire as null (JSON has no −Infinity). */
function level(db: unknown): number {
  return typeof db === 'number' && Number.isFinite(db) ? Math.max(-120, db) : -120;
}

/** The meters with every level a finite number, whatever the wire made of silence. */
function finiteMeters(m: LiveMetersEvent): LiveMetersEvent {
  return {
    programme: {
      peakDb: level(m.programme?.peakDb),
      rmsDb: level(m.programme?.rmsDb),
      clipped: m.programme?.clipped ?? 0,
    },
    duckDb: typeof m.duckDb === 'number' && Number.isFinite(m.duckDb) ? m.duckDb : 0,
    sources: (m.sources ?? []).map((s) => ({ ...s, peakDb: level(s.peakDb), rmsDb: level(s.rmsDb) })),
  };
}

function isLiveState(value: unknown): value is LiveState {
  return !!value && typeof value === 'object' && 'mode' in value && 'stations' in value;
}

/**
 * The desk's one view of the air: `live.state` once, then every `live.state` event (each change,
 * from any window or the CLI) and `live.meters` ten times a second.
 */
export function useLive(): LiveDesk {
  const { client } = useStudio();
  const [state, setState] = useState<LiveState | null>(null);
  const [meters, setMeters] = useState<LiveMetersEvent | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [busy, setBusy] = useState(false);
  // An answer to an older ask must not replace a newer event's state.
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const next = await client.api.live.state();
    if (mine === seq.current) setState(next);
  }, [client]);

  useEffect(() => {
    refresh().catch((err: unknown) => setError(toStudioCallError(err)));
    const offs = [
      client.api.on('live.state', (next) => {
        seq.current++;
        setState(next);
        if (next.mode === 'off') setMeters(null);
      }),
      client.api.on('live.meters', (m) => setMeters(finiteMeters(m))),
    ];
    return () => offs.forEach((off) => off());
  }, [client, refresh]);

  const act = useCallback(
    async (run: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        const answer = await run();
        if (isLiveState(answer)) {
          seq.current++;
          setState(answer);
        } else await refresh();
        return true;
      } catch (err) {
        setError(toStudioCallError(err));
        // What failed may have changed part of the air: show what is.
        await refresh().catch(() => undefined /* the error above is the one to show */);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );

  const confirm = useCallback(
    async (run: () => Promise<unknown>) => {
      setError(null);
      const answer = await run();
      if (isLiveState(answer)) {
        seq.current++;
        setState(answer);
      } else await refresh().catch((err: unknown) => setError(toStudioCallError(err)));
    },
    [refresh],
  );

  const clearError = useCallback(() => setError(null), []);
  return { state, meters, error, busy, act, confirm, clearError };
}
