import type { Migration } from "../lib/migrations.ts";
import type { Role } from "../../shared/roles.ts";

/**
 * Append-only schema of a user's SQLite (see `applyMigrations`). Each part
 * of the user (profile, memberships, inbox, open documents) owns its
 * tables; they live in one list because one database holds them all.
 */
export const userMigrations: readonly Migration[] = [
  {
    id: "0001-user",
    sql: `CREATE TABLE profile (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            color TEXT NOT NULL,
            created_at INTEGER NOT NULL
          );
          -- The user's copy of their memberships, kept by the workspaces, so
          -- listing "my workspaces" wakes no workspace.
          CREATE TABLE workspaces (
            workspace_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
            joined_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
          );
          CREATE INDEX workspaces_by_update ON workspaces (updated_at)`,
  },
  {
    id: "0002-workspace-trash",
    sql: "ALTER TABLE workspaces ADD COLUMN trashed_at INTEGER",
  },
  {
    id: "0003-inbox",
    sql: `CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            at INTEGER NOT NULL
          )`,
  },
  {
    id: "0004-presence",
    sql: `-- Which files each session has open, reported by the documents.
          CREATE TABLE open_documents (
            session_hash TEXT NOT NULL,
            file_id TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            sockets INTEGER NOT NULL,
            PRIMARY KEY (session_hash, file_id)
          )`,
  },
  {
    id: "0005-presence-sequence",
    sql: `-- Numbers each presence report, so a workspace can drop one that arrives late.
          CREATE TABLE presence_sequence (value INTEGER NOT NULL);
          INSERT INTO presence_sequence (value) VALUES (0)`,
  },
  {
    id: "0006-open-sockets",
    sql: `-- Each document socket of the person, as the documents report it, so the
          -- cap across documents (issue 15.3) counts what survives eviction.
          CREATE TABLE open_sockets (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            socket_id TEXT NOT NULL UNIQUE,
            session_hash TEXT NOT NULL,
            file_id TEXT NOT NULL,
            opened_at INTEGER NOT NULL
          );
          CREATE INDEX open_sockets_by_age ON open_sockets (opened_at, seq)`,
  },
  {
    id: "0007-sessions",
    sql: `-- The person's sign-in sessions (issue 18 item 3), so they can list
          -- and end them. The shards hold the sessions themselves (by token
          -- hash); this is the per-person index, with a public id that is
          -- neither the token nor its hash.
          CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            session_hash TEXT NOT NULL UNIQUE,
            browser TEXT NOT NULL,
            created_at INTEGER NOT NULL
          )`,
  },
  {
    id: "0008-commenter-role",
    sql: `-- A "commenter" role (issue 19): SQLite cannot change a CHECK, so the
          -- memberships table is built again with it.
          CREATE TABLE workspaces_next (
            workspace_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
            joined_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER
          );
          INSERT INTO workspaces_next (workspace_id, name, role, joined_at, updated_at, trashed_at)
            SELECT workspace_id, name, role, joined_at, updated_at, trashed_at FROM workspaces;
          DROP TABLE workspaces;
          ALTER TABLE workspaces_next RENAME TO workspaces;
          CREATE INDEX workspaces_by_update ON workspaces (updated_at)`,
  },
  {
    id: "0009-inbox-links-and-read",
    sql: `-- A mention's notice leads to its thread, and unread notices are counted (issue 19).
          ALTER TABLE inbox ADD COLUMN link TEXT;
          ALTER TABLE inbox ADD COLUMN read INTEGER NOT NULL DEFAULT 0`,
  },
  {
    id: "0010-passkeys",
    sql: `-- The person's passkeys (issue 18): public keys only; the private
          -- key never leaves the authenticator. credential_id and public_key
          -- are base64url.
          CREATE TABLE passkeys (
            credential_id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL,
            counter INTEGER NOT NULL,
            transports TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER
          );
          -- SHA-256 of each recovery code, never the code; used_at is set
          -- when one signs in, and a used code never works again.
          CREATE TABLE recovery_codes (
            hash TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            used_at INTEGER
          )`,
  },
];

export interface ProfileRow {
  id: string;
  name: string;
  color: string;
  created_at: number;
  [column: string]: SqlStorageValue;
}

export interface MembershipRow {
  workspace_id: string;
  name: string;
  role: Role;
  joined_at: number;
  updated_at: number;
  trashed_at: number | null;
  [column: string]: SqlStorageValue;
}

export interface PasskeyRow {
  credential_id: string;
  public_key: string;
  counter: number;
  /** JSON array of the transports the browser reported ("internal", "hybrid", ...). */
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  [column: string]: SqlStorageValue;
}
