import type { Migration } from "../lib/migrations.ts";
import { schedulerMigration } from "../lib/scheduler.ts";

/**
 * Append-only schema of a workspace's SQLite (see `applyMigrations`). Each
 * part of the workspace (members, share links, the tree read model,
 * presence, trash) owns its tables; they live in one list because one
 * database holds them all.
 */
export const workspaceMigrations: readonly Migration[] = [
  {
    id: "0001-workspace",
    sql: `CREATE TABLE workspace (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER,
            version INTEGER NOT NULL DEFAULT 0,
            purging INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE members (
            user_id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
            joined_at INTEGER NOT NULL
          );
          CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER
          );
          CREATE UNIQUE INDEX projects_active_name ON projects (name COLLATE NOCASE)
            WHERE trashed_at IS NULL;
          -- Each project's own report of its tree; the newest version wins.
          CREATE TABLE project_trees (
            project_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            tree TEXT NOT NULL
          );
          CREATE TABLE log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            event TEXT NOT NULL,
            detail TEXT NOT NULL
          )`,
  },
  schedulerMigration,
  {
    id: "0002-members-and-invites",
    sql: `ALTER TABLE members ADD COLUMN name TEXT NOT NULL DEFAULT '';
          ALTER TABLE members ADD COLUMN color TEXT NOT NULL DEFAULT '#6b7280';
          CREATE TABLE invites (
            id TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER
          )`,
  },
  {
    id: "0003-presence",
    sql: `-- Which member has which file open, as their user objects report it.
          CREATE TABLE presence (
            user_id TEXT NOT NULL,
            file_id TEXT NOT NULL,
            PRIMARY KEY (user_id, file_id)
          )`,
  },
  {
    id: "0004-presence-sequence",
    sql: `-- The newest presence report taken from each member's user object.
          CREATE TABLE presence_reports (
            user_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL
          )`,
  },
  {
    id: "0005-tree-rows",
    sql: `-- Each project's reported tree as rows instead of one JSON blob, so that
          -- "is F an active file of P" is one indexed lookup (issue 13 item 2).
          ALTER TABLE projects ADD COLUMN tree_version INTEGER NOT NULL DEFAULT 0;
          CREATE TABLE tree_files (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL,
            path TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
          );
          CREATE INDEX tree_files_by_project ON tree_files (project_id, path);
          CREATE TABLE tree_folders (
            project_id TEXT NOT NULL,
            path TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (project_id, path)
          );
          -- Files and folders in a project's own trash (a trashed project is a row of projects).
          CREATE TABLE tree_trash (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
            label TEXT NOT NULL,
            trashed_at INTEGER NOT NULL,
            purge_at INTEGER NOT NULL
          );
          CREATE INDEX tree_trash_by_project ON tree_trash (project_id);
          UPDATE projects SET tree_version = COALESCE(
            (SELECT version FROM project_trees WHERE project_id = projects.id), 0);
          INSERT OR REPLACE INTO tree_files (id, project_id, path, created_at, updated_at)
            SELECT json_extract(entry.value, '$.id'), trees.project_id,
                   json_extract(entry.value, '$.path'), json_extract(entry.value, '$.createdAt'),
                   json_extract(entry.value, '$.updatedAt')
            FROM project_trees AS trees, json_each(trees.tree, '$.files') AS entry;
          INSERT OR REPLACE INTO tree_folders (project_id, path, created_at)
            SELECT trees.project_id, json_extract(entry.value, '$.path'),
                   json_extract(entry.value, '$.createdAt')
            FROM project_trees AS trees, json_each(trees.tree, '$.folders') AS entry;
          INSERT OR REPLACE INTO tree_trash (id, project_id, kind, label, trashed_at, purge_at)
            SELECT json_extract(entry.value, '$.id'), trees.project_id,
                   json_extract(entry.value, '$.kind'), json_extract(entry.value, '$.label'),
                   json_extract(entry.value, '$.trashedAt'), json_extract(entry.value, '$.purgeAt')
            FROM project_trees AS trees, json_each(trees.tree, '$.trash') AS entry;
          DROP TABLE project_trees`,
  },
  {
    id: "0006-sharing",
    sql: `-- The link's secret, so owners can copy a link again (issue 12 item 2);
          -- NULL for links made before. Tokens are still looked up by hash.
          ALTER TABLE invites ADD COLUMN secret TEXT;
          -- The file a link lands on, or (anyone = 1) the one file it shows to visitors.
          ALTER TABLE invites ADD COLUMN file_id TEXT;
          ALTER TABLE invites ADD COLUMN anyone INTEGER NOT NULL DEFAULT 0;
          CREATE TABLE invite_joins (
            invite_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            joined_at INTEGER NOT NULL,
            PRIMARY KEY (invite_id, user_id)
          );
          -- Visitors of an anyone link, by the random id in their browser's cookie: counted, not named.
          CREATE TABLE invite_visitors (
            invite_id TEXT NOT NULL,
            visitor_id TEXT NOT NULL,
            first_seen_at INTEGER NOT NULL,
            PRIMARY KEY (invite_id, visitor_id)
          );
          -- Members an owner removed: links made before the removal no longer let them in.
          CREATE TABLE removed_members (
            user_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            removed_at INTEGER NOT NULL,
            removed_by TEXT NOT NULL
          );
          CREATE TABLE access_requests (
            user_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            color TEXT NOT NULL,
            file_id TEXT,
            requested_at INTEGER NOT NULL
          );
          -- Every request made, for the per-person limit (rows older than a day are dropped).
          CREATE TABLE access_request_log (
            user_id TEXT NOT NULL,
            at INTEGER NOT NULL
          );
          CREATE INDEX access_request_log_by_user ON access_request_log (user_id, at)`,
  },
  {
    id: "0007-trashed-by",
    sql: `-- Who moved a project, folder or file to the trash (issue 12 item 5).
          ALTER TABLE projects ADD COLUMN trashed_by TEXT;
          ALTER TABLE tree_trash ADD COLUMN trashed_by TEXT`,
  },
  {
    id: "0008-tree-file-locks",
    sql: `-- Who holds each file's lock, as its project reported (issue 12 item 9), so the tree marks it.
          ALTER TABLE tree_files ADD COLUMN lock_holder_id TEXT;
          ALTER TABLE tree_files ADD COLUMN lock_holder_name TEXT;
          ALTER TABLE tree_files ADD COLUMN lock_expires_at INTEGER`,
  },
  {
    id: "0009-commenter-role",
    sql: `-- A "commenter" role (issue 19): SQLite cannot change a CHECK, so the two
          -- tables that name roles are built again with it.
          CREATE TABLE members_next (
            user_id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
            joined_at INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT '#6b7280'
          );
          INSERT INTO members_next (user_id, role, joined_at, name, color)
            SELECT user_id, role, joined_at, name, color FROM members;
          DROP TABLE members;
          ALTER TABLE members_next RENAME TO members;
          CREATE TABLE invites_next (
            id TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER,
            secret TEXT,
            file_id TEXT,
            anyone INTEGER NOT NULL DEFAULT 0
          );
          INSERT INTO invites_next (id, secret_hash, role, created_by, created_at, expires_at,
                                    revoked_at, secret, file_id, anyone)
            SELECT id, secret_hash, role, created_by, created_at, expires_at,
                   revoked_at, secret, file_id, anyone FROM invites;
          DROP TABLE invites;
          ALTER TABLE invites_next RENAME TO invites`,
  },
];

/** The workspace's own row. */
export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  version: number;
  purging: number;
  [column: string]: SqlStorageValue;
}

/** A project as the workspace knows it (its tree is in the tree_* tables). */
export interface ProjectRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  tree_version: number;
  trashed_by: string | null;
  [column: string]: SqlStorageValue;
}
