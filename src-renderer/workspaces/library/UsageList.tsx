import { useTranslation } from 'react-i18next';
import type { AssetUsage, UsageRef } from '../../../src-main/contract';

const GROUPS = ['programmes', 'edits', 'templates'] as const;

export function isUsed(usage: AssetUsage): boolean {
  return GROUPS.some((g) => usage[g].length > 0);
}

/** Where an asset is used, by name: programmes, edits, templates (those in the trash marked). */
export function UsageList({ usage }: { usage: AssetUsage }) {
  const { t } = useTranslation();
  return (
    <dl className="usage-list" data-testid="usage-list">
      {GROUPS.filter((g) => usage[g].length > 0).map((g) => (
        <div key={g} className="usage-group">
          <dt>{t(`trash.usage.${g}`, { count: usage[g].length })}</dt>
          {usage[g].map((ref: UsageRef) => (
            <dd key={ref.id}>
              {ref.title}
              {ref.inTrash && <span className="muted"> {t('trash.usage.inTrash')}</span>}
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
