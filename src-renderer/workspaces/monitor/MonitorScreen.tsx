import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMay } from '../../studio/permissions';
import { BroadcastLogView } from './BroadcastLogView';
import { FleetView } from './FleetView';

type Tab = 'fleet' | 'log';

/**
 * "Giám sát" (issue 16): the fleet view (each station's health, the alarms shown and sounded, the
 * PC clock) and, as its second tab, the broadcast log for whoever may read it.
 */
export function MonitorScreen() {
  const { t } = useTranslation();
  const may = useMay();
  const tabs: Tab[] = may('broadcastLog.read') ? ['fleet', 'log'] : ['fleet'];
  const [tab, setTab] = useState<Tab>('fleet');
  return (
    <section className="screen monitor-screen" aria-labelledby="monitor-title" data-testid="monitor-screen">
      <header className="screen-head">
        <div>
          <h1 id="monitor-title">{t('monitor.title')}</h1>
          <p className="muted">{t('monitor.intro')}</p>
        </div>
      </header>
      <div className="monitor-tabs" role="tablist" aria-label={t('monitor.tabs.label')}>
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`monitor-tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`monitor-panel-${x}`}
            className={tab === x ? 'monitor-tab active' : 'monitor-tab'}
            onClick={() => setTab(x)}
          >
            {t(`monitor.tabs.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`monitor-panel-${tab}`} aria-labelledby={`monitor-tab-${tab}`}>
        {tab === 'fleet' ? <FleetView /> : <BroadcastLogView />}
      </div>
    </section>
  );
}
