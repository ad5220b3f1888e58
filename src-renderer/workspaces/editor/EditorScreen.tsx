import { useEffect, useState } from 'react';
import { AssetPicker } from './AssetPicker';
import { EditorSession } from './EditorSession';

/** `#editor/<asset id>` opens that asset; `#editor` alone shows the picker. */
function assetFromHash(): string | null {
  const m = /^#editor\/([0-9a-f]{64})$/.exec(location.hash);
  return m?.[1] ?? null;
}

export function EditorScreen() {
  const [assetId, setAssetId] = useState(assetFromHash);
  useEffect(() => {
    const onHash = () => setAssetId(assetFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return assetId ? <EditorSession key={assetId} assetId={assetId} /> : <AssetPicker />;
}
