import { accountTables } from '../../accounts/account-tables';
import { archiveTables } from '../../archive/archive-tables';
import { auditTables } from '../../audit/audit-tables';
import { broadcastLogTables } from '../../broadcast-log/broadcast-log-tables';
import { editTables } from '../../edit/edit-tables';
import { libraryTables } from '../../media/library-tables';
import { notificationTables } from '../../notifications/notification-tables';
import { programmeTables } from '../../programme/programme-tables';
import { outboxTables } from '../../publish/outbox-tables';
import { scheduleTables } from '../../schedule';
import { lowdbMoveTables, type SchemaOwner } from '../../store';

/**
 * Every service's tables in the records database, in the order they are brought up. A service that
 * keeps records there adds its `SchemaOwner` here.
 */
export const RECORD_TABLES: readonly SchemaOwner[] = [
  lowdbMoveTables,
  libraryTables,
  editTables,
  programmeTables,
  auditTables,
  accountTables,
  notificationTables,
  outboxTables,
  scheduleTables,
  broadcastLogTables,
  archiveTables,
];
