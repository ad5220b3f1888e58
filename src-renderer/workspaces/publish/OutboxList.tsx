import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem, UiLanguage } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { isTyping } from '../../ui/typing';
import { groupItems, rowActions, type RowActions } from './outbox-groups';
import { OutboxRow, type RowAction } from './OutboxRow';
import type { PublishActions } from './usePublishActions';
import { WithdrawDialog } from './WithdrawDialog';

type Asking = { kind: 'cancel' | 'withdraw'; item: OutboxItem } | null;

/**
 * The queue and the history in one list, by section (Đang gửi, Chờ gửi, Lỗi, Đã gửi, Đã huỷ). The
 * list is one tab stop: ↑/↓ (Home/End) move between rows, Enter opens the programme, R retries,
 * Delete cancels (asked first), W withdraws (with a reason); after a dialog the focus is back on
 * its row. `focusId`: the row to show and focus (an item just queued from its programme).
 */
export function OutboxList({
  items,
  lang,
  actions,
  focusId,
}: {
  items: OutboxItem[];
  lang: UiLanguage;
  actions: PublishActions;
  focusId: string | null;
}) {
  const { t } = useTranslation();
  const may = useMay();
  const mayWithdraw = may('publish.withdraw');
  const groups = groupItems(items);
  const order = groups.flatMap((g) => g.items);
  const [active, setActive] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());
  /** The row whose element left while focused (it moved section): focused again when it is back. */
  const refocus = useRef<string | null>(null);
  const current = order.find((i) => i.id === active) ?? order[0] ?? null;

  const focusRow = (id: string) => {
    setActive(id);
    const el = rows.current.get(id);
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  };

  // An item just queued: shown and focused once it is in the list.
  const shown = useRef<string | null>(null);
  const present = focusId !== null && order.some((i) => i.id === focusId);
  useEffect(() => {
    if (!focusId || !present || shown.current === focusId) return;
    shown.current = focusId;
    focusRow(focusId);
  }, [focusId, present]);

  const allowed = (item: OutboxItem): RowActions => {
    const a = rowActions(item);
    return { ...a, withdraw: a.withdraw && mayWithdraw };
  };

  const act = (item: OutboxItem, action: RowAction) => {
    setActive(item.id);
    if (action === 'retry') void actions.retry(item);
    else setAsking({ kind: action, item });
  };

  const closeDialog = () => {
    const back = asking?.item.id;
    setAsking(null);
    // The row may have moved to another section meanwhile; it keeps its id.
    if (back) requestAnimationFrame(() => focusRow(back));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isTyping(e.nativeEvent) || e.ctrlKey || e.altKey || e.metaKey) return;
    const rowEl = (e.target as HTMLElement).closest<HTMLLIElement>('[data-item-id]');
    const at = rowEl ? order.findIndex((i) => i.id === rowEl.dataset.itemId) : -1;
    const item = order[at];
    const move = (to: number) => {
      const next = order[Math.max(0, Math.min(order.length - 1, to))];
      if (next) {
        e.preventDefault();
        focusRow(next.id);
      }
    };
    if (e.key === 'ArrowDown') return move(at + 1);
    if (e.key === 'ArrowUp') return move(at - 1);
    if (e.key === 'Home') return move(0);
    if (e.key === 'End') return move(order.length - 1);
    if (!item) return;
    const onRow = e.target === rowEl;
    const can = allowed(item);
    if (e.key === 'Enter' && onRow) {
      e.preventDefault();
      location.hash = `programme/${item.programmeId}`;
    } else if ((e.key === 'r' || e.key === 'R') && can.retry && actions.busy === null) {
      e.preventDefault();
      act(item, 'retry');
    } else if (e.key === 'Delete' && can.cancel) {
      e.preventDefault();
      act(item, 'cancel');
    } else if ((e.key === 'w' || e.key === 'W') && can.withdraw) {
      e.preventDefault();
      act(item, 'withdraw');
    }
  };

  return (
    <div className="outbox-list" onKeyDown={onKeyDown} data-testid="outbox-list">
      {groups.map(({ group, items: mine }) => (
        <section key={group} className="outbox-group" aria-labelledby={`outbox-group-${group}`}>
          <h2 id={`outbox-group-${group}`} className="outbox-group-title">
            {t(`publish.group.${group}`)} <span className="muted">({mine.length})</span>
          </h2>
          <ul className="outbox-rows" data-testid={`outbox-group-${group}`}>
            {mine.map((item) => (
              <OutboxRow
                key={item.id}
                ref={(el) => {
                  if (el) {
                    rows.current.set(item.id, el);
                    if (refocus.current === item.id) {
                      refocus.current = null;
                      el.focus();
                    }
                  } else {
                    // A focused row that moves to another section is a new element: the focus follows it.
                    if (document.activeElement === rows.current.get(item.id)) refocus.current = item.id;
                    rows.current.delete(item.id);
                  }
                }}
                item={item}
                lang={lang}
                actions={allowed(item)}
                focusable={item.id === current?.id}
                highlighted={item.id === focusId}
                busy={actions.busy !== null}
                onFocus={() => setActive(item.id)}
                onAction={(action) => act(item, action)}
              />
            ))}
          </ul>
        </section>
      ))}
      <p className="small muted outbox-keys">{t('publish.keys')}</p>

      {asking?.kind === 'cancel' && (
        <ConfirmDialog
          title={t('publish.cancelTitle', { title: asking.item.title })}
          confirmLabel={t('publish.cancelConfirm')}
          testId="cancel-dialog"
          onClose={closeDialog}
          onConfirm={() => actions.cancel(asking.item)}
        >
          <p>{t('publish.cancelBody')}</p>
        </ConfirmDialog>
      )}
      {asking?.kind === 'withdraw' && (
        <WithdrawDialog
          item={asking.item}
          onClose={closeDialog}
          onWithdraw={(reason) => actions.withdraw(asking.item, reason)}
        />
      )}
    </div>
  );
}
