import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationList } from '../../src-main/contract';
import { useMay } from '../studio/permissions';
import { useStudio } from '../studio/studio-context';

export interface NotificationsState {
  list: NotificationList | null;
  /** Programmes waiting for approval, for a user who may approve (null for others). */
  waiting: number | null;
  markRead(ids: number[] | 'all'): Promise<void>;
}

/**
 * The user's notifications, fetched again whenever main says some changed
 * (`notifications.changed`, which carries nothing else), and the programmes waiting for their
 * approval, fetched again at each approval step (`programme.approval`).
 */
export function useNotifications(): NotificationsState {
  const { client } = useStudio();
  const may = useMay();
  const mayRead = may('notifications.read');
  const mayApprove = may('programme.approve') && may('programme.read');
  const [list, setList] = useState<NotificationList | null>(null);
  const [waiting, setWaiting] = useState<number | null>(null);
  const seq = useRef(0);

  const fetchList = useCallback(() => {
    if (!mayRead) return;
    const mine = ++seq.current;
    client.api.notifications
      .list({})
      .then((l) => mine === seq.current && setList(l))
      // The bell stays as it was; the next change tries again.
      .catch((err: unknown) => console.warn('Notifications could not be read', err));
  }, [client, mayRead]);

  const fetchWaiting = useCallback(() => {
    if (!mayApprove) {
      setWaiting(null);
      return;
    }
    client.api.programme
      .list({ approvalState: 'submitted' })
      .then((l) => setWaiting(l.length))
      .catch((err: unknown) => console.warn('Programmes waiting for approval could not be read', err));
  }, [client, mayApprove]);

  useEffect(() => {
    fetchList();
    fetchWaiting();
    const offChanged = client.api.on('notifications.changed', fetchList);
    const offApproval = client.api.on('programme.approval', fetchWaiting);
    return () => {
      offChanged();
      offApproval();
    };
  }, [client, fetchList, fetchWaiting]);

  const markRead = useCallback(
    async (ids: number[] | 'all') => {
      const { unread } = await client.api.notifications.markRead(ids === 'all' ? { all: true } : { ids });
      // At once in this window; the event brings the list itself.
      setList(
        (l) =>
          l && {
            unread,
            notifications: l.notifications.map((n) =>
              ids === 'all' || ids.includes(n.id) ? { ...n, read: true } : n,
            ),
          },
      );
    },
    [client],
  );

  return { list, waiting, markRead };
}
