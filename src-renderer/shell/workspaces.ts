import type { ComponentType } from 'react';
import type { Permission } from '../../src-main/contract';
import type { Messages } from '../i18n/vi';
import { ArchiveScreen } from '../workspaces/archive/ArchiveScreen';
import { AuditScreen } from '../workspaces/audit/AuditScreen';
import { EditorScreen } from '../workspaces/editor/EditorScreen';
import { LibraryScreen } from '../workspaces/library/LibraryScreen';
import { LiveScreen } from '../workspaces/live/LiveScreen';
import { MonitorScreen } from '../workspaces/monitor/MonitorScreen';
import { ProgrammeScreen } from '../workspaces/programme/ProgrammeScreen';
import { PublishScreen } from '../workspaces/publish/PublishScreen';
import { RecordScreen } from '../workspaces/record/RecordScreen';
import { ReportsScreen } from '../workspaces/reports/ReportsScreen';
import { ScheduleScreen } from '../workspaces/schedule/ScheduleScreen';
import { StationsScreen } from '../workspaces/stations/StationsScreen';
import { SystemScreen } from '../workspaces/system/SystemScreen';

export interface Workspace {
  id: string;
  /** Key under `nav` in the messages. */
  label: keyof Messages['nav'];
  /** A single glyph shown beside the label. */
  icon: string;
  component: ComponentType;
  /** What the user needs to see it at all: without it the workspace is not shown. */
  permission: Permission;
}

/** The studio's workspaces, in navigation order. A workspace joins this list when its issue lands. */
export const WORKSPACES: Workspace[] = [
  { id: 'library', label: 'library', icon: '♫', component: LibraryScreen, permission: 'library.read' },
  { id: 'editor', label: 'editor', icon: '✂', component: EditorScreen, permission: 'edit.read' },
  {
    id: 'programme',
    label: 'programme',
    icon: '☰',
    component: ProgrammeScreen,
    permission: 'programme.read',
  },
  { id: 'publish', label: 'publish', icon: '⇪', component: PublishScreen, permission: 'publish.send' },
  { id: 'record', label: 'record', icon: '●', component: RecordScreen, permission: 'recording.read' },
  { id: 'live', label: 'live', icon: '▶', component: LiveScreen, permission: 'live.read' },
  { id: 'schedule', label: 'schedule', icon: '◷', component: ScheduleScreen, permission: 'schedule.read' },
  { id: 'monitor', label: 'monitor', icon: '◈', component: MonitorScreen, permission: 'monitor.read' },
  { id: 'stations', label: 'stations', icon: '◎', component: StationsScreen, permission: 'stations.read' },
  { id: 'system', label: 'system', icon: '⚙', component: SystemScreen, permission: 'system.read' },
  { id: 'audit', label: 'audit', icon: '⎙', component: AuditScreen, permission: 'audit.read' },
  { id: 'archive', label: 'archive', icon: '🗄', component: ArchiveScreen, permission: 'archive.read' },
  { id: 'reports', label: 'reports', icon: '▤', component: ReportsScreen, permission: 'report.read' },
];
