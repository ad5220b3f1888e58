import { useEffect, useState } from 'react';
import { ProgrammeList } from './ProgrammeList';
import { ProgrammeSession } from './ProgrammeSession';

/** `#programme/<programme id>` opens that programme; `#programme` alone lists them. */
function programmeFromHash(): string | null {
  const m = /^#programme\/([0-9a-f]{32})$/.exec(location.hash);
  return m?.[1] ?? null;
}

export function ProgrammeScreen() {
  const [id, setId] = useState(programmeFromHash);
  useEffect(() => {
    const onHash = () => setId(programmeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return id ? <ProgrammeSession key={id} id={id} /> : <ProgrammeList />;
}
