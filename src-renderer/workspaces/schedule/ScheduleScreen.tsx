import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleOccurrence, ScheduleSlot } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { isTyping } from '../../ui/typing';
import { useCall } from '../../ui/useCall';
import { useUndoBar } from '../../ui/UndoBar';
import { ScheduleDialog } from './ScheduleDialog';

const DAY_MS = 86_400_000;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * "Lịch phát" (issue 16): the week as a grid of days × hours with every occurrence, the ones that
 * meet at a station marked while planning; add, change and remove slots (with undo). Keys: N adds,
 * Page Up/Page Down (or Alt+←/→) change the week, Delete removes the focused slot, Ctrl+Z undoes.
 */
export function ScheduleScreen() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const may = useMay();
  const canWrite = may('schedule.write');
  const [week, setWeek] = useState(() => isoDate(Date.now()));
  const list = useCall(() => client.api.schedule.list({ week }));
  const [dialog, setDialog] = useState<{ slot?: ScheduleSlot } | null>(null);
  const undoBar = useUndoBar();
  const { reload } = list;

  useEffect(reload, [week, reload]);
  useEffect(() => client.api.on('schedule.changed', () => reload()), [client, reload]);

  const slots = useMemo(() => new Map((list.data?.slots ?? []).map((s) => [s.id, s])), [list.data]);
  const inConflict = useMemo(() => {
    const marked = new Set<string>();
    for (const c of list.data?.conflicts ?? []) {
      marked.add(`${c.first.slotId}@${c.first.startMs}`);
      marked.add(`${c.second.slotId}@${c.second.startMs}`);
    }
    return marked;
  }, [list.data]);
  const fromMs = list.data?.fromMs ?? 0;
  const days = Array.from({ length: 7 }, (_, i) => new Date(fromMs + i * DAY_MS + DAY_MS / 2));
  const cells = useMemo(() => {
    const byCell = new Map<string, ScheduleOccurrence[]>();
    for (const o of list.data?.occurrences ?? []) {
      const start = new Date(Math.max(o.startMs, fromMs));
      const key = `${isoDate(start.getTime())}/${start.getHours()}`;
      byCell.set(key, [...(byCell.get(key) ?? []), o]);
    }
    return byCell;
  }, [list.data, fromMs]);

  const remove = async (slot: ScheduleSlot) => {
    const removed = await client.api.schedule.remove({ id: slot.id });
    reload();
    undoBar({
      message: t('schedule.removed', { title: removed.title }),
      undo: () =>
        client.api.schedule.add({
          at: removed.at,
          repeat: removed.repeat,
          play: removed.play,
          lengthSeconds: removed.lengthSeconds,
          target: removed.target,
          priority: removed.priority,
          title: removed.title,
          skipDates: removed.skipDates,
          enabled: removed.enabled,
        }),
      undone: t('schedule.restored', { title: removed.title }),
    });
  };

  const shiftWeek = (by: number) => {
    const [y, m, d] = week.split('-').map(Number) as [number, number, number];
    setWeek(isoDate(new Date(y, m - 1, d + 7 * by, 12).getTime()));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || dialog) return;
      if (canWrite && (e.key === 'n' || e.key === 'N') && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setDialog({});
      } else if (e.key === 'PageDown' || (e.altKey && e.key === 'ArrowRight')) {
        e.preventDefault();
        shiftWeek(1);
      } else if (e.key === 'PageUp' || (e.altKey && e.key === 'ArrowLeft')) {
        e.preventDefault();
        shiftWeek(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const priorityLabel = (p: ScheduleSlot['priority']) => t(`schedule.priority.${p}`);
  const time = (ms: number) => new Date(ms).toTimeString().slice(0, 5);

  return (
    <section
      className="screen schedule-screen"
      aria-labelledby="schedule-title"
      data-testid="schedule-screen"
    >
      <header className="screen-head">
        <div>
          <h1 id="schedule-title">{t('schedule.title')}</h1>
          <p className="muted">{t('schedule.intro')}</p>
        </div>
        <div className="row wrap">
          <button
            type="button"
            className="btn"
            onClick={() => shiftWeek(-1)}
            aria-label={t('schedule.previousWeek')}
          >
            ‹
          </button>
          <span data-testid="schedule-week">
            {list.data && t('schedule.week', { from: isoDate(fromMs), to: isoDate(fromMs + 6 * DAY_MS) })}
          </span>
          <button
            type="button"
            className="btn"
            onClick={() => shiftWeek(1)}
            aria-label={t('schedule.nextWeek')}
          >
            ›
          </button>
          {canWrite && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="schedule-add"
              aria-keyshortcuts="N"
              onClick={() => setDialog({})}
            >
              {t('schedule.add')}
            </button>
          )}
        </div>
      </header>
      <ErrorMessage error={list.error} />
      {list.data && list.data.conflicts.length > 0 && (
        <p className="bad-text" role="status" data-testid="schedule-conflicts">
          {t('schedule.conflicts', { count: list.data.conflicts.length })}
        </p>
      )}
      {list.data && (
        <div className="card schedule-card">
          <table className="schedule-grid" data-testid="schedule-grid">
            <thead>
              <tr>
                <th className="schedule-hour" />
                {days.map((d, i) => (
                  <th key={i} scope="col">
                    {t(`schedule.day.${i}`)}{' '}
                    <span className="muted small">{isoDate(d.getTime()).slice(5)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {HOURS.map((h) => (
                <tr key={h}>
                  <th scope="row" className="schedule-hour muted small">
                    {String(h).padStart(2, '0')}:00
                  </th>
                  {days.map((d, i) => (
                    <td key={i}>
                      {(cells.get(`${isoDate(d.getTime())}/${h}`) ?? []).map((o) => {
                        const slot = slots.get(o.slotId);
                        const conflict = inConflict.has(`${o.slotId}@${o.startMs}`);
                        return (
                          <button
                            type="button"
                            key={`${o.slotId}@${o.startMs}`}
                            className={`schedule-chip schedule-${o.priority}${conflict ? ' schedule-conflict' : ''}`}
                            data-testid="schedule-occurrence"
                            data-slot={o.slotId}
                            data-conflict={conflict ? 'true' : undefined}
                            title={`${slot?.title ?? ''} · ${priorityLabel(o.priority)} · ${o.codes.join(', ')}${conflict ? ` · ${t('schedule.conflict')}` : ''}`}
                            disabled={!canWrite}
                            onClick={() => slot && setDialog({ slot })}
                            onKeyDown={(e) => {
                              if (e.key === 'Delete' && slot && canWrite) {
                                e.preventDefault();
                                void remove(slot);
                              }
                            }}
                          >
                            <span className="schedule-time">{time(o.startMs)}</span> {slot?.title}
                            {conflict && <span aria-label={t('schedule.conflict')}> ⚠</span>}
                          </button>
                        );
                      })}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.slots.length === 0 && (
            <p className="muted">{canWrite ? t('schedule.emptyWrite') : t('schedule.empty')}</p>
          )}
        </div>
      )}
      {dialog && (
        <ScheduleDialog
          {...(dialog.slot ? { slot: dialog.slot } : {})}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            reload();
          }}
          onRemove={(slot) => {
            setDialog(null);
            void remove(slot);
          }}
        />
      )}
    </section>
  );
}
