import { useTranslation } from 'react-i18next';
import type { Asset } from '../../../src-main/contract';
import { Modal } from '../../ui/Modal';
import { AssetChooser } from './AssetPicker';

export function InsertDialog({
  exclude,
  onInsert,
  onClose,
}: {
  exclude: string;
  onInsert(asset: Asset): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal title={t('editor.insert.title')} onClose={onClose} testId="insert-dialog">
      <p className="muted">{t('editor.insert.intro')}</p>
      <AssetChooser exclude={exclude} actionLabel={t('editor.insert.insert')} onChoose={onInsert} />
    </Modal>
  );
}

/** The keyboard shortcuts, in the order an editor meets them. */
const KEYS: Array<[string, string]> = [
  ['Space', 'play'],
  ['Shift+Space', 'playSelection'],
  ['L', 'loop'],
  ['I', 'markIn'],
  ['O', 'markOut'],
  ['Ctrl+A', 'selectAll'],
  ['Esc', 'clear'],
  ['Delete', 'delete'],
  ['Ctrl+X', 'cut'],
  ['Ctrl+C', 'copy'],
  ['Ctrl+V', 'paste'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Y', 'redo'],
  ['M', 'marker'],
  ['G', 'envelope'],
  ['+ / −', 'zoom'],
  ['Home / End', 'homeEnd'],
  ['← / →', 'nudge'],
  ['? / F1', 'help'],
];

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('editor.help.title')} onClose={onClose} testId="help-overlay">
      <dl className="keys">
        {KEYS.map(([key, what]) => (
          <div key={key} className="key-row">
            <dt>
              {key.split(' / ').map((k, i) => (
                <span key={k}>
                  {i > 0 && ' / '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`editor.help.keys.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('editor.help.note')}</p>
    </Modal>
  );
}
