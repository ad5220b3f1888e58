import type { Role } from '../../src-main/contract';

/**
 * The contract's roles in the order the studio lists them (the renderer may not import the
 * contract's ROLES value; a role missing here, or one too many, fails to compile).
 */
const ORDER: { [R in Role]: number } = {
  reporter: 0,
  editor: 1,
  announcer: 2,
  chiefEditor: 3,
  operator: 4,
  archivist: 5,
  admin: 6,
};

export const ROLE_LIST: readonly Role[] = (Object.keys(ORDER) as Role[]).sort((a, b) => ORDER[a] - ORDER[b]);

export function sortRoles(roles: readonly Role[]): Role[] {
  return [...roles].sort((a, b) => (ORDER[a] ?? 99) - (ORDER[b] ?? 99));
}
