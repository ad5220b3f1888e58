import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem, UiLanguage } from '../../../src-main/contract';
import { isTyping } from '../../ui/typing';
import { groupItems } from './outbox-groups';
import { OutboxRow } from './OutboxRow';

/**
 * The queue and the history in one list, by section (Đang gửi, Chờ gửi, Lỗi, Đã gửi, Đã huỷ). The
 * list is one tab stop: ↑/↓ (Home/End) move between rows, Enter opens the programme. `focusId`: the row to show and focus (an item just queued from its programme).
 */
export function OutboxList({
  items,
  lang,
  focusId,
}: {
  items: OutboxItem[];
  lang: UiLanguage;
  focusId: string | null;
}) {
  const { t } = useTranslation();
  const groups = groupItems(items);
  const order = groups.flatMap((g) => g.items);
  const [active, setActive] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());
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
    if (e.key === 'Enter' && e.target === rowEl) {
      e.preventDefault();
      location.hash = `programme/${item.programmeId}`;
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
                  if (el) rows.current.set(item.id, el);
                  else rows.current.delete(item.id);
                }}
                item={item}
                lang={lang}
                focusable={item.id === current?.id}
                highlighted={item.id === focusId}
                onFocus={() => setActive(item.id)}
              />
            ))}
          </ul>
        </section>
      ))}
      <p className="small muted outbox-keys">{t('publish.keys')}</p>
    </div>
  );
}
