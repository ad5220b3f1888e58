import { useEffect, useState } from 'react';
import type { PublishLinkState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';

/**
 * Whether the studio reaches the province now, as the outbox's runner last saw it: asked once
 * (`publish.link`), then told by main whenever it changes (the 'publish.link' event). Null until
 * the first answer; a failed ask leaves it null (no banner rather than a wrong one).
 */
export function usePublishLink(): PublishLinkState | null {
  const { client } = useStudio();
  const [link, setLink] = useState<PublishLinkState | null>(null);
  useEffect(() => {
    let alive = true;
    let told = false;
    const off = client.api.on('publish.link', (state) => {
      told = true;
      setLink(state);
    });
    client.api.publish
      .link({})
      // An event that came meanwhile is newer than this answer.
      .then((state) => alive && !told && setLink(state))
      .catch((err: unknown) => console.warn('The link to the province could not be read', err));
    return () => {
      alive = false;
      off();
    };
  }, [client]);
  return link;
}
