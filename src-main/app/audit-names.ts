/**
 * The names the audit viewer shows beside ids, from the services that own them: a programme's,
 * an asset's or an edit project's title today; a user (`user`, from the accounts service) by the
 * name people know them as when they act, and by their sign-in name when they are what was acted
 * on ("… đã thêm người dùng “lan”": the name an admin types). Without `user` only ids are known.
 * A commune station (`station`, by its code) by its name in the registry.
 */
import type { AuditNames } from '../audit/audit-viewer';
import type { UserSummary } from '../contract';
import type { EditServices } from '../edit/services';
import type { MediaServices } from '../media/media-service';
import type { ProgrammeServices } from '../programme/services';

export function auditNames(
  { media, edit, programme }: { media: MediaServices; edit: EditServices; programme: ProgrammeServices },
  user: (userId: string) => Pick<UserSummary, 'name' | 'displayName'> | null = () => null,
  station: (code: string) => string | null = () => null,
): AuditNames {
  return {
    userName: (userId) => user(userId)?.displayName ?? null,
    objectTitles(objects) {
      const titles = new Map<string, string>();
      const kinds = new Set(objects.map((o) => o.kind));
      // One read of each index a page needs, not one per row.
      const programmes = kinds.has('programme')
        ? new Map(
            [...programme.programmes.list(false), ...programme.programmes.list(true)].map((p) => [
              p.id,
              p.title,
            ]),
          )
        : null;
      const projects = kinds.has('editProject')
        ? new Map(edit.projects.list().map((p) => [p.id, p.title]))
        : null;
      for (const { kind, id } of objects) {
        const title =
          kind === 'programme'
            ? programmes?.get(id)
            : kind === 'asset'
              ? media.library.find(id)?.title
              : kind === 'editProject'
                ? projects?.get(id)
                : kind === 'user'
                  ? user(id)?.name
                  : kind === 'station'
                    ? station(id)
                    : undefined;
        if (title) titles.set(`${kind}:${id}`, title);
      }
      return titles;
    },
  };
}
