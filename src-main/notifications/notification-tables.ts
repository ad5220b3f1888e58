/**
 * The notifications' tables in the records database (owner `notifications`): one row per
 * notification, addressed to a user or to everyone holding a permission (so that "waiting for
 * approval" needs no list of approvers), and each reader's marks. Only `notification-repository.ts`
 * writes SQL about them.
 */
import type { SchemaOwner } from '../store';

export const notificationTables: SchemaOwner = {
  owner: 'notifications',
  migrations: [
    {
      version: 1,
      name: 'notifications and read marks',
      up: `
        CREATE TABLE notifications (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          kind TEXT NOT NULL,
          -- Who it is for: one user, or everyone whose roles grant a permission.
          audience_user_id TEXT,
          audience_permission TEXT,
          programme_id TEXT,
          title TEXT NOT NULL,
          -- Who did what it tells: their own actions are not told back to them.
          by_user_id TEXT,
          by_name TEXT,
          comment TEXT,
          emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
          CHECK ((audience_user_id IS NULL) <> (audience_permission IS NULL))
        ) STRICT;
        CREATE INDEX notifications_user ON notifications (audience_user_id, id) WHERE audience_user_id IS NOT NULL;
        CREATE INDEX notifications_permission ON notifications (audience_permission, id)
          WHERE audience_permission IS NOT NULL;
        -- A reader is a user id, or one fixed key for the local admin (a data folder without users).
        CREATE TABLE notification_reads (
          notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
          reader TEXT NOT NULL,
          read_at TEXT NOT NULL,
          PRIMARY KEY (notification_id, reader)
        ) STRICT, WITHOUT ROWID;
      `,
    },
  ],
};
