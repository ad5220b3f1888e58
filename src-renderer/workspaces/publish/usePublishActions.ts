import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import type { OutboxState } from './useOutbox';

export interface PublishActions {
  /** What is running: 'run', 'sync', or an item's id (its retry); null when nothing. */
  busy: string | null;
  /** What the last list-wide action did, in words. */
  notice: string | null;
  error: StudioCallError | null;
  /** "Gửi ngay": each item due now is tried once. */
  run(): Promise<void>;
  /** "Cập nhật trạng thái": asks the province now about every bulletin whose status may change. */
  sync(): Promise<void>;
  /** "Thử lại": a failed item, or one waiting for its next try, becomes due now. */
  retry(item: OutboxItem): Promise<void>;
  /** For the confirmation dialog: rejects with the refusal, which the dialog shows. */
  cancel(item: OutboxItem): Promise<void>;
  /** For the reason dialog: rejects with the refusal, which the dialog shows. */
  withdraw(item: OutboxItem, reason: string): Promise<void>;
}

/** What the Publish workspace's buttons and keys do; each answer goes into the list at once. */
export function usePublishActions(outbox: OutboxState): PublishActions {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  /** Runs a button's call, its error shown above the list. */
  const guarded = async (what: string, work: () => Promise<string | null>) => {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(null);
      outbox.reload();
    }
  };

  return {
    busy,
    notice,
    error,
    run: () =>
      guarded('run', async () => {
        const r = await client.api.outbox.run({});
        r.items.forEach(outbox.put);
        return r.items.length === 0
          ? t('publish.ranNothing')
          : t('publish.ran', { sent: r.sent, failed: r.failed, pending: r.pending });
      }),
    sync: () =>
      guarded('sync', async () => {
        const r = await client.api.outbox.sync({});
        r.items.forEach(outbox.put);
        const done = t('publish.synced', { checked: r.checked, changed: r.changed });
        return r.failed === 0
          ? done
          : `${done} ${t('publish.syncFailed', { count: r.failed, error: r.lastError })}`;
      }),
    retry: (item) =>
      guarded(item.id, async () => {
        outbox.put(await client.api.outbox.retry({ itemId: item.id }));
        return null;
      }),
    cancel: async (item) => {
      outbox.put(await client.api.outbox.cancel({ itemId: item.id }));
    },
    withdraw: async (item, reason) => {
      outbox.put(await client.api.publish.withdraw({ itemId: item.id, reason }));
    },
  };
}
