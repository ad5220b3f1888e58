/** What a call needs. Roles (reporter, editor, chief editor…) map onto these in `app/policy.ts`. */
export type Permission =
  | 'system.read'
  | 'settings.read'
  | 'settings.write'
  | 'library.read'
  | 'library.write'
  | 'recording.read'
  | 'recording.use'
  | 'edit.read'
  | 'edit.write'
  | 'programme.read'
  | 'programme.write';

/** Station roles, named as the domain names them (DOMAIN.md). */
export const ROLES = [
  'reporter',
  'editor',
  'announcer',
  'chiefEditor',
  'operator',
  'archivist',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
