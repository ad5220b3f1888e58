import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutboxItem } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

export interface OutboxState {
  items: OutboxItem[] | null;
  error: StudioCallError | null;
  /** Asks again now (after an action whose answer the event will also bring). */
  reload(): void;
  /** Puts an item the caller got back from a call into the list at once. */
  put(item: OutboxItem): void;
}

/**
 * The outbox as main holds it, asked again whenever main says items changed ('outbox.changed',
 * up to a few times a second while an upload runs): no polling here. Events that come while a
 * list is on its way are folded into one more ask once it arrives.
 */
export function useOutbox(): OutboxState {
  const { client } = useStudio();
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    client.api.outbox
      .list({})
      .then((list) => {
        if (!alive.current) return;
        setItems(list);
        setError(null);
      })
      .catch((err: unknown) => alive.current && setError(toStudioCallError(err)))
      .finally(() => {
        inFlight.current = false;
        if (again.current && alive.current) {
          again.current = false;
          reload();
        }
      });
  }, [client]);

  useEffect(() => {
    alive.current = true;
    reload();
    const off = client.api.on('outbox.changed', reload);
    return () => {
      alive.current = false;
      off();
    };
  }, [client, reload]);

  const put = useCallback((item: OutboxItem) => {
    setItems((list) => {
      if (!list) return [item];
      const at = list.findIndex((i) => i.id === item.id);
      return at < 0 ? [item, ...list] : list.map((i) => (i.id === item.id ? item : i));
    });
  }, []);

  return { items, error, reload, put };
}
