import { type ReactNode, type RefObject, useState } from 'react';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { useSaveTarget } from './useSaveTarget';

/**
 * An export main writes (a CSV of the audit log, of the stations): asks where through
 * `useSaveTarget`, then `write(file, overwrite)`. A file that is there comes back as `conflict`
 * (main answered CONFLICT), for the screen to ask before `replace()` writes over it.
 */
export function useFileExport<T>({
  title,
  initialName,
  ext,
  kind,
  returnFocus,
  write,
}: {
  title: string;
  initialName: string;
  ext: string;
  kind: string;
  returnFocus: RefObject<HTMLElement | null>;
  write(file: string, overwrite: boolean): Promise<T>;
}): {
  start(): Promise<void>;
  replace(): void;
  busy: boolean;
  saved: T | null;
  conflict: string | null;
  error: StudioCallError | null;
  dialog: ReactNode;
} {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<T | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  const run = async (file: string, overwrite: boolean) => {
    setBusy(true);
    setConflict(null);
    try {
      setSaved(await write(file, overwrite));
    } catch (err) {
      const e = toStudioCallError(err);
      if (e.code === 'CONFLICT') setConflict(file);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const target = useSaveTarget({ title, initialName, ext, kind, onChosen: run, returnFocus });

  const start = async () => {
    if (busy) return;
    setError(null);
    setSaved(null);
    setConflict(null);
    try {
      await target.choose();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };
  const replace = () => {
    if (conflict) void run(conflict, true);
  };
  return { start, replace, busy, saved, conflict, error, dialog: target.dialog };
}
