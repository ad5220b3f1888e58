import type { Permission } from '../../src-main/contract';
import { useCall } from '../ui/useCall';
import { useStudio } from './studio-context';

/**
 * Whether the user at this window may do what needs `permission`, to hide what they may not (main
 * checks every call regardless): the permissions the window's session holds, given by the context
 * when the shell has them, else asked of main (`auth.state`). Until the answer comes, and for the
 * local admin of a studio without users, everything shows.
 */
export function useMay(): (permission: Permission | undefined) => boolean {
  const { client, permissions } = useStudio();
  const session = useCall(() =>
    permissions ? Promise.resolve(null) : client.api.auth.state().then((s) => s.permissions),
  );
  const held = permissions ?? session.data ?? null;
  return (permission) => permission === undefined || held === null || held.includes(permission);
}
