/**
 * A province whose system speaks the reference protocol but names or codes some things its own way
 * is configured, not coded: the field mapping in the publish settings (PublishFieldMapping, checked
 * by its zod schema) renames the bulletin's top-level fields and translates subject areas and
 * priorities into the province's codes. What a mapping cannot say (another shape altogether) is a
 * second adapter (flat-adapter.ts).
 */
import type { PublishFieldMapping } from '../contract';
import type { BulletinSubmission } from './adapter';

export type FieldMapping = PublishFieldMapping;

/** A subject area in the province's code, when the table has one; else as the programme says it. */
export function mappedSubjectArea(subjectArea: string, mapping: FieldMapping): string {
  return mapping.subjectAreas[subjectArea.trim()] ?? subjectArea;
}

/** The bulletin as this province's system reads it. */
export function applyFieldMapping(
  submission: BulletinSubmission,
  mapping: FieldMapping,
): Record<string, unknown> {
  const coded: Record<string, unknown> = {
    ...submission,
    subjectArea: mappedSubjectArea(submission.subjectArea, mapping),
    priority: mapping.priorities[submission.priority] ?? submission.priority,
  };
  return Object.fromEntries(
    Object.entries(coded).map(([field, value]) => [
      mapping.rename[field as keyof FieldMapping['rename']] ?? field,
      value,
    ]),
  );
}
