import { useState, type ReactNode, type RefObject } from 'react';
import { useStudio } from '../studio/studio-context';
import { SaveAsDialog } from './SaveAsDialog';
import { useCall } from './useCall';

/**
 * Where to save a file main writes (a backup, a CSV): the OS's "save as" window in the Electron
 * app, the studio's own elsewhere (which is what lets main write there). `choose()` asks; while the
 * studio's window is open, `dialog` is it. `onChosen(file, overwrite)` gets the file with its
 * extension, and `overwrite` true when the user already agreed to replace a file that is there (the
 * OS's window asks that itself). `choose()` throws what the calls threw.
 */
export function useSaveTarget({
  title,
  initialName,
  ext,
  kind,
  onChosen,
  returnFocus,
}: {
  title: string;
  /** The file name suggested, with its extension. */
  initialName: string;
  /** Without the dot: `csv`. */
  ext: string;
  /** The OS window's name for the file type ("CSV"). */
  kind: string;
  onChosen: (file: string, overwrite: boolean) => Promise<void> | void;
  /** Where the keyboard goes back when the studio's window closes (the button that opened it). */
  returnFocus: RefObject<HTMLElement | null>;
}): { choose: () => Promise<void>; dialog: ReactNode } {
  const { client } = useStudio();
  const info = useCall(() => client.api.system.info());
  const [browsing, setBrowsing] = useState(false);

  const choose = async () => {
    if (info.data?.capabilities.saveDialog !== true) {
      setBrowsing(true);
      return;
    }
    // The OS's window opens on the folder the studio's own would: the last one chosen.
    const { path: folder } = await client.api.system.listFolder({});
    const picked = await client.api.system.chooseSaveFile({
      defaultPath: `${folder.replace(/\/$/, '')}/${initialName}`,
      title,
      filters: [{ name: kind, extensions: [ext] }],
    });
    if (!picked.path) return;
    const withExt = picked.path.toLowerCase().endsWith(`.${ext}`) ? picked.path : `${picked.path}.${ext}`;
    await onChosen(withExt, true);
  };

  const close = () => {
    setBrowsing(false);
    returnFocus.current?.focus();
  };
  const dialog = browsing ? (
    <SaveAsDialog
      title={title}
      initialName={initialName}
      ext={ext}
      onChoose={(file, overwrite) => {
        close();
        void onChosen(file, overwrite);
      }}
      onClose={close}
    />
  ) : null;
  return { choose, dialog };
}
