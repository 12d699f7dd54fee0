import type { Migration } from "../lib/migrations.ts";
import { schedulerMigration } from "../lib/scheduler.ts";
import { searchIndexMigration } from "./search-index.ts";

/**
 * Append-only schema of a project's SQLite (see `applyMigrations`). Each
 * part of the project (its record, the files and folders, the trash, the
 * purge log) owns its tables; they live in one list because one database
 * holds them all.
 */
export const projectMigrations: readonly Migration[] = [
  {
    id: "0001-project-tree",
    sql: `CREATE TABLE project (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            tree_version INTEGER NOT NULL DEFAULT 0,
            purging INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE files (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER,
            -- the folder trash entry this file went to the trash with, if any
            trashed_with INTEGER
          );
          CREATE UNIQUE INDEX files_active_path ON files (path) WHERE trashed_at IS NULL;
          CREATE INDEX files_trashed_with ON files (trashed_with);
          CREATE TABLE folders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            trashed_at INTEGER,
            trashed_with INTEGER
          );
          CREATE UNIQUE INDEX folders_active_path ON folders (path) WHERE trashed_at IS NULL;
          CREATE TABLE log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            event TEXT NOT NULL,
            detail TEXT NOT NULL
          )`,
  },
  schedulerMigration,
  {
    id: "0002-trashed-by",
    sql: `-- Who moved a file or folder to the trash, so everyone with it open is told (issue 12 item 5).
          ALTER TABLE files ADD COLUMN trashed_by TEXT;
          ALTER TABLE folders ADD COLUMN trashed_by TEXT`,
  },
  {
    // A file's lock as its document last reported it (see worker/document/lock-report.ts),
    // so the tree can mark locked files; `lock_seq` keeps a late report from undoing a newer one.
    id: "0003-file-locks",
    sql: `ALTER TABLE files ADD COLUMN lock_holder_id TEXT;
          ALTER TABLE files ADD COLUMN lock_holder_name TEXT;
          ALTER TABLE files ADD COLUMN lock_expires_at INTEGER;
          ALTER TABLE files ADD COLUMN lock_seq INTEGER NOT NULL DEFAULT 0`,
  },
  // The full-text index of the files' text (issue 17 item 3).
  searchIndexMigration,
];

/** The project's own row: who it is, where it reports, and how far its tree has got. */
export interface ProjectRow {
  id: string;
  workspace_id: string;
  tree_version: number;
  purging: number;
  [column: string]: SqlStorageValue;
}

export interface FileRow {
  id: string;
  path: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  trashed_with: number | null;
  trashed_by: string | null;
  lock_holder_id: string | null;
  lock_holder_name: string | null;
  lock_expires_at: number | null;
  lock_seq: number;
  [column: string]: SqlStorageValue;
}

export interface FolderRow {
  id: number;
  path: string;
  created_at: number;
  trashed_at: number | null;
  trashed_with: number | null;
  trashed_by: string | null;
  [column: string]: SqlStorageValue;
}
