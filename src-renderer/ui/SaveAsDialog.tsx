import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderListing, FolderRoot } from '../../src-main/contract';
import { useStudio } from '../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';
import { TextField } from './TextField';

/** A path's last part (the renderer has no `path` module). */
export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** The name without a `.wav`/`.mp3` (or `ext`) ending: the dialog adds the format's. */
function stem(name: string, ext: string): string {
  return name.replace(new RegExp(`\\.(wav|mp3|${ext})$`, 'i'), '');
}

/**
 * The studio's own "save as" window (the web host has no OS window): the user's folders only, as
 * main lists them (`system.listFolder`), opening on the folder last chosen; a file name; a warning
 * before writing over a file that is there. Saving tells main the folder was chosen
 * (`system.chooseFolder`), which is what lets an export write there. All of it works from the
 * keyboard: Tab between parts, arrows in the folder list, Enter opens a folder or saves, Esc closes.
 *
 * With `mode="open"` it is the studio's "open" window instead: it lists the files of `files`'s
 * kind (the records' backups), a file is picked by its name, and only a file that is there can be
 * chosen (nothing is written, so the folder is not "chosen" for writing).
 */
export function SaveAsDialog({
  title,
  initialName,
  ext,
  mode = 'save',
  files = 'audio',
  onChoose,
  onClose,
}: {
  title: string;
  /** Save a new file (the default), or pick one that is there. */
  mode?: 'save' | 'open';
  /** Which files the folders show: audio (the default) or the records' backups. */
  files?: 'audio' | 'backups';
  /** The file name to start with (its extension is put right). */
  initialName: string;
  /** The extension the file gets, without the dot (`wav`). */
  ext: string;
  /** The chosen file, and whether the user agreed to write over the one that is there. */
  onChoose(file: string, overwrite: boolean): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [name, setName] = useState(() => stem(initialName, ext));
  const [error, setError] = useState<StudioCallError | null>(null);
  const [busy, setBusy] = useState(false);
  /** The file that is there and would be written over: asked once, then saving again confirms. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  // The name is what people change most; the Modal focuses its close button first, so wait a frame.
  useEffect(() => {
    const id = requestAnimationFrame(() => nameField.current?.select());
    return () => cancelAnimationFrame(id);
  }, []);

  const open = useCallback(
    (dir?: string) => {
      client.api.system
        .listFolder(dir === undefined ? { files } : { path: dir, files })
        .then((l) => {
          setListing(l);
          setError(null);
        })
        .catch((err: unknown) => setError(toStudioCallError(err)));
    },
    [client, files],
  );
  useEffect(() => open(), [open]);

  const clean = stem(name.trim(), ext);
  const fileName = `${clean}.${ext}`;
  const badName = clean === '' || clean.startsWith('.') || /[/\\]/.test(clean);
  const existing = listing?.files.some((f) => f.toLowerCase() === fileName.toLowerCase()) ?? false;

  const save = async () => {
    if (!listing || badName) return;
    if (mode === 'open') {
      if (existing) onChoose(`${listing.path.replace(/\/$/, '')}/${fileName}`, false);
      return;
    }
    if (!listing.writable) return;
    if (existing && replacing !== fileName) {
      setReplacing(fileName);
      return;
    }
    setBusy(true);
    try {
      const chosen = await client.api.system.chooseFolder({ path: listing.path });
      onChoose(`${chosen.path.replace(/\/$/, '')}/${fileName}`, existing);
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  // Up and down move between the folders, as in a list; Enter on one opens it (it is a button).
  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    e.preventDefault();
  };

  const rootName = (r: FolderRoot) =>
    r.kind === 'removable' ? t('saveAs.removable', { path: r.path }) : t(`saveAs.${r.kind}`);

  return (
    <Modal title={title} onClose={onClose} testId="save-as" wide>
      <div className="save-as">
        <div className="row wrap save-as-roots" role="group" aria-label={t('saveAs.places')}>
          {listing?.roots.map((r) => (
            <button
              key={r.path}
              type="button"
              className={listing.path === r.path ? 'btn small-btn btn-pressed' : 'btn small-btn'}
              title={r.path}
              onClick={() => open(r.path)}
            >
              {rootName(r)}
            </button>
          ))}
        </div>
        <div className="row save-as-where">
          <button
            type="button"
            className="btn small-btn"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && open(listing.parent)}
          >
            ↑ {t('saveAs.up')}
          </button>
          <code className="path" data-testid="save-as-folder">
            {listing?.path ?? '…'}
          </code>
        </div>
        <ul
          ref={list}
          className="save-as-list"
          aria-label={files === 'backups' ? t('saveAs.foldersBackups') : t('saveAs.folders')}
          data-testid="save-as-list"
          onKeyDown={onListKey}
        >
          {listing?.folders.map((f) => (
            <li key={`d:${f}`}>
              <button
                type="button"
                className="save-as-entry"
                onClick={() => open(`${listing.path.replace(/\/$/, '')}/${f}`)}
              >
                <span aria-hidden="true">📁 </span>
                {f}
              </button>
            </li>
          ))}
          {listing?.files.map((f) => (
            <li key={`f:${f}`}>
              <button
                type="button"
                className="save-as-entry save-as-file"
                title={mode === 'open' ? t('saveAs.pick') : t('saveAs.useName')}
                aria-pressed={mode === 'open' ? f.toLowerCase() === fileName.toLowerCase() : undefined}
                onClick={() => {
                  setName(stem(f, ext));
                  setReplacing(null);
                }}
              >
                {files === 'audio' && <span aria-hidden="true">♪ </span>}
                {f}
              </button>
            </li>
          ))}
          {listing && listing.folders.length + listing.files.length === 0 && (
            <li className="muted small">
              {files === 'backups' ? t('saveAs.emptyBackups') : t('saveAs.empty')}
            </li>
          )}
        </ul>
        {listing?.truncated && <p className="muted small">{t('saveAs.truncated')}</p>}
        {listing && mode === 'save' && !listing.writable && (
          <p className="banner banner-warning" role="status">
            {t('saveAs.readOnly')}
          </p>
        )}
        <form
          className="row save-as-name"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <TextField
            label={t('saveAs.name')}
            labelClassName="grow"
            className="grow"
            ref={nameField}
            value={name}
            spellCheck={false}
            aria-invalid={(name !== '' && badName) || undefined}
            data-testid="save-as-name"
            onChange={(v) => {
              setName(v);
              setReplacing(null);
            }}
          />
          <span className="muted ext">.{ext}</span>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!listing || badName || busy || (mode === 'open' ? !existing : !listing.writable)}
          >
            {mode === 'open'
              ? t('saveAs.open')
              : replacing === fileName
                ? t('saveAs.replace')
                : t('saveAs.save')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('saveAs.cancel')}
          </button>
        </form>
        {name !== '' && badName && <p className="small bad-text">{t('saveAs.badName')}</p>}
        {mode === 'open' && name !== '' && !badName && listing && !existing && (
          <p className="small bad-text">{t('saveAs.notThere', { name: fileName })}</p>
        )}
        {replacing === fileName && (
          <p className="banner banner-warning" role="alert" data-testid="save-as-exists">
            {t('saveAs.exists', { name: fileName })}
          </p>
        )}
        <ErrorMessage error={error} />
      </div>
    </Modal>
  );
}
