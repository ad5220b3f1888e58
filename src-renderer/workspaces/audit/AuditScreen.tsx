import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditList } from './AuditList';
import { AuditMonthReportView } from './AuditMonthReport';

type View = 'list' | 'report';

/**
 * "Nhật ký": the audit log for those who may read it (lãnh đạo duyệt, quản trị): the entries with
 * filters, pages and a CSV export, and the monthly report with the chain's head to keep elsewhere.
 */
export function AuditScreen() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('list');
  return (
    <section className="screen audit-screen" aria-labelledby="audit-title">
      <header className="screen-head no-print">
        <div>
          <h1 id="audit-title">{t('audit.title')}</h1>
          <p className="muted">{t('audit.intro')}</p>
        </div>
        <div className="segmented" role="group" aria-label={t('audit.views')}>
          {(['list', 'report'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={view === v ? 'btn btn-pressed' : 'btn'}
              aria-pressed={view === v}
              data-testid={`audit-view-${v}`}
              onClick={() => setView(v)}
            >
              {v === 'list' ? t('audit.tabList') : t('audit.tabReport')}
            </button>
          ))}
        </div>
      </header>
      {view === 'list' ? <AuditList /> : <AuditMonthReportView />}
    </section>
  );
}
