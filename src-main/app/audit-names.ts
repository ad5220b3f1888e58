/**
 * The names the audit viewer shows beside ids, from the services that own them: a programme's,
 * an asset's or an edit project's title today. Users' names come from the accounts service when
 * the composition root has one (`userName`); until then only ids are known.
 */
import type { AuditNames } from '../audit/audit-viewer';
import type { EditServices } from '../edit/services';
import type { MediaServices } from '../media/media-service';
import type { ProgrammeServices } from '../programme/services';

export function auditNames(
  { media, edit, programme }: { media: MediaServices; edit: EditServices; programme: ProgrammeServices },
  userName: (userId: string) => string | null = () => null,
): AuditNames {
  return {
    userName,
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
                : undefined;
        if (title) titles.set(`${kind}:${id}`, title);
      }
      return titles;
    },
  };
}
