import { useEffect, useState } from 'react';
import type { PublishLinkState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';

/**
 * Whether the studio reaches the province now, as the outbox's runner last saw it: told by main
 * whenever it changes (the 'publish.link' event). Null until then (no banner rather than a wrong one).
 */
export function usePublishLink(): PublishLinkState | null {
  const { client } = useStudio();
  const [link, setLink] = useState<PublishLinkState | null>(null);
  useEffect(() => client.api.on('publish.link', setLink), [client]);
  return link;
}
