import { useTranslation } from 'react-i18next';
import type { ProgrammePriority, UiLanguage } from '../../../src-main/contract';
import { languageName, languageShortName } from '../../i18n/languages';
import { languageColor } from '../editor/labels';

/**
 * The language of a voice item: its colour (the same in the rundown, the timeline and the editor)
 * and name; `short`, the station's short name (the whole name on hover).
 */
export function LanguageChip({ code, ui, short }: { code: string; ui: UiLanguage; short?: boolean }) {
  return (
    <span
      className="lang-chip"
      style={{ background: languageColor(code) }}
      title={languageName(code, ui)}
      data-lang={code}
    >
      {short ? languageShortName(code, ui) : languageName(code, ui)}
    </span>
  );
}

/** Thông thường / ưu tiên / khẩn cấp; an emergency is red wherever it shows. */
export function PriorityBadge({ priority }: { priority: ProgrammePriority }) {
  const { t } = useTranslation();
  return (
    <span className={`priority-badge priority-${priority}`} data-priority={priority}>
      {priority === 'emergency' && <span aria-hidden="true">⚠ </span>}
      {t(`programme.priority.${priority}`)}
    </span>
  );
}
