import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../../../src-main/contract';
import { AssetChooser } from './AssetPicker';

/** A modal over the editor; Esc or the button closes it. */
function Modal({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal card" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="row spread">
          <h2>{title}</h2>
          <button ref={closeRef} type="button" className="btn" onClick={onClose}>
            {t('editor.dialog.close')}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

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
