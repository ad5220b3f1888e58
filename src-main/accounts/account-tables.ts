/**
 * The station's users and the wrong-password counts in the records database (owner `accounts`).
 * Only `account-repository.ts` writes SQL about these tables.
 *
 * - `users.password_hash` is the encoded scrypt hash (`password-hash.ts`): algorithm, parameters,
 *   salt and hash in one string, so the parameters can be raised later without a migration.
 * - `sign_in_failures` is keyed by the name as typed (lowercased), whether or not a user has it: a
 *   wrong name is slowed down like a wrong password, and the counts survive a restart.
 */
import type { SchemaOwner } from '../store';

export const accountTables: SchemaOwner = {
  owner: 'accounts',
  migrations: [
    {
      version: 1,
      name: 'users and sign-in failures',
      up: `
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          -- JSON array of role names (contract/permissions.ts).
          roles TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0,
          must_change_password INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          last_sign_in_at TEXT
        ) STRICT;
        CREATE TABLE sign_in_failures (
          name TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          last_failure_at TEXT NOT NULL,
          -- ISO time before which no try for this name is checked (null: none waiting).
          blocked_until TEXT
        ) STRICT;
      `,
    },
  ],
};
