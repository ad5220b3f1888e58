/**
 * Every call the studio answers, with the zod schema of its request and the permission it needs.
 * This table is the whole API: the router, the Electron preload, the web bridge and the typed
 * client in the renderer are all derived from it. Each domain declares its calls in `calls/`.
 */
import type { z } from 'zod';
import { accountCalls } from './calls/accounts';
import { approvalCalls } from './calls/approval';
import { archiveCalls } from './calls/archive';
import { archiveImportCalls } from './calls/archive-import';
import { asAiredCalls } from './calls/as-aired';
import { auditCalls } from './calls/audit';
import { broadcastLogCalls } from './calls/broadcast-log';
export { monitorConfigureSchema, monitorWebhookSchema, type MonitorConfigure } from './calls/monitor';
import { editCalls } from './calls/edit';
import { folderCalls } from './calls/folders';
import { liveCalls } from './calls/live';
export {
  scheduleAddSchema,
  scheduleConfigureSchema,
  scheduleDateSchema,
  scheduleListSchema,
  schedulePlaySchema,
  scheduleRepeatSchema,
  scheduleTimeSchema,
  scheduleUpdateSchema,
  type ScheduleAdd,
  type ScheduleList,
  type ScheduleSlotResult,
  type ScheduleUpdate,
} from './calls/schedule';
import { mediaCalls } from './calls/media';
import { monitorCalls } from './calls/monitor';
import { notificationCalls } from './calls/notifications';
import { programmeCalls } from './calls/programme';
import { publishCalls } from './calls/publish';
import { recordingCalls } from './calls/recording';
import { recordsCalls } from './calls/records';
import { reportCalls } from './calls/reports';
import { scheduleCalls } from './calls/schedule';
import { stationCalls } from './calls/stations';
import { systemCalls } from './calls/system';

export { call, emptyRequest, type CallSpec } from './calls/define';
export {
  archiveImportSchema,
  retentionDeleteSchema,
  type ArchiveImport,
  type RetentionDelete,
} from './calls/archive-import';
export { chooseSaveFileSchema, settingsPatchSchema, stationLanguageSchema } from './calls/system';
export {
  assetMetadataPatchSchema,
  importMetadataSchema,
  languageCodeSchema,
  libraryListSchema,
} from './calls/media';
export { recordingStartSchema } from './calls/recording';
export {
  EMPTY_FIELD_MAPPING,
  publishConfigureSchema,
  publishEndpointSchema,
  publishFieldMappingSchema,
} from './calls/publish';
export {
  stationAddSchema,
  stationCodeSchema,
  stationReachInputSchema,
  stationUpdateSchema,
  streamBaseUrlSchema,
  type StationAdd,
  type StationReachInput,
  type StationUpdate,
} from './calls/stations';
export {
  icecastUrlSchema,
  liveConfigureSchema,
  liveEmergencyStartSchema,
  liveSourceAddSchema,
  liveSourcePrioritySchema,
  liveSourceSpecSchema,
  liveStartSchema,
  liveTargetSchema,
  type LiveConfigure,
  type LiveEmergencyStart,
  type LivePrelisten,
  type LiveSourceAdd,
  type LiveStart,
} from './calls/live';
export {
  broadcastLogExportSchema,
  broadcastLogFilterSchema,
  broadcastLogListSchema,
} from './calls/broadcast-log';
export { asAiredListSchema, type AsAiredList } from './calls/as-aired';
export { archiveIdSchema, archiveSearchSchema } from './calls/archive';
export { reportAirtimeSchema, reportExportSchema, reportMonthSchema } from './calls/reports';
export { notificationsListSchema, notificationsMarkReadSchema } from './calls/notifications';
export {
  auditExportCsvSchema,
  auditFilterSchema,
  auditListSchema,
  auditMonthSchema,
  type AuditFilter,
} from './calls/audit';
export {
  EDIT_MAX_SAMPLES,
  editExportRequestSchema,
  editOpRequestSchema,
  editProjectIdSchema,
  editSegmentInputSchema,
  editSegmentPatchSchema,
  sampleSchema,
  type EditExportRequest,
  type EditOpRequest,
  type EditOpRequestIn,
} from './calls/edit';
export {
  duckingSchema,
  programmeIdSchema,
  programmeItemFields,
  programmeItemIdSchema,
  programmeItemInputSchema,
  programmeItemPatchSchema,
  programmeMetadataPatchSchema,
  programmeMetadataSchema,
  programmeOpSchema,
  programmeRenderFilesSchema,
  programmeRenderRequestSchema,
  programmeSourceSchema,
  programmeTrackIdSchema,
  type ProgrammeItemInput,
  type ProgrammeItemPatch,
  type ProgrammeMetadataPatch,
  type ProgrammeOpRequest,
  type ProgrammeOpRequestIn,
  type ProgrammeRenderFilesRequest,
  type ProgrammeRenderRequest,
} from './calls/programme';

export const calls = {
  ...systemCalls,
  ...recordsCalls,
  ...folderCalls,
  ...mediaCalls,
  ...recordingCalls,
  ...editCalls,
  ...programmeCalls,
  ...approvalCalls,
  ...auditCalls,
  ...accountCalls,
  ...notificationCalls,
  ...publishCalls,
  ...stationCalls,
  ...liveCalls,
  ...broadcastLogCalls,
  ...asAiredCalls,
  ...scheduleCalls,
  ...monitorCalls,
  ...archiveCalls,
  ...reportCalls,
  ...archiveImportCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type RequestSchemaOf<K extends CallName> = Calls[K]['request'];
/** What a caller may send (defaults not yet applied). */
export type RequestIn<K extends CallName> = z.input<RequestSchemaOf<K>>;
/** What a handler receives (validated, defaults applied). */
export type RequestOf<K extends CallName> = z.output<RequestSchemaOf<K>>;
export type ResultOf<K extends CallName> = NonNullable<Calls[K]['__result']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
