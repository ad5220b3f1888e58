import type { ComponentType } from 'react';
import type { Permission } from '../../src-main/contract';
import type { Messages } from '../i18n/vi';
import { AuditScreen } from '../workspaces/audit/AuditScreen';
import { EditorScreen } from '../workspaces/editor/EditorScreen';
import { LibraryScreen } from '../workspaces/library/LibraryScreen';
import { ProgrammeScreen } from '../workspaces/programme/ProgrammeScreen';
import { RecordScreen } from '../workspaces/record/RecordScreen';
import { SystemScreen } from '../workspaces/system/SystemScreen';

export interface Workspace {
  id: string;
  /** Key under `nav` in the messages. */
  label: keyof Messages['nav'];
  /** A single glyph shown beside the label. */
  icon: string;
  component: ComponentType;
  /** Shown only to a user who holds it (main refuses the workspace's calls to others anyway). */
  permission?: Permission;
}

/** The studio's workspaces, in navigation order. A workspace joins this list when its issue lands. */
export const WORKSPACES: Workspace[] = [
  { id: 'library', label: 'library', icon: '♫', component: LibraryScreen },
  { id: 'editor', label: 'editor', icon: '✂', component: EditorScreen },
  { id: 'programme', label: 'programme', icon: '☰', component: ProgrammeScreen },
  { id: 'record', label: 'record', icon: '●', component: RecordScreen },
  { id: 'system', label: 'system', icon: '⚙', component: SystemScreen },
  { id: 'audit', label: 'audit', icon: '⎙', component: AuditScreen, permission: 'audit.read' },
];
