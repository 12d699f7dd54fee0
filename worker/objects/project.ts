import { DurableObject } from "cloudflare:workers";
import {
  type FileEntry,
  type FolderEntry,
  type ProjectTree,
  TRASH_RETENTION_MS,
  type TrashEntry,
} from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import { ID_SOURCE, jurisdictionOf, newId } from "../../shared/ids.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { objectFor } from "../lib/placement.ts";
import { startUp } from "../lib/start-up.ts";
import { conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";

/** Append-only schema of a project's SQLite (see `applyMigrations`). */
const migrations: readonly Migration[] = [
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
];

/** Files purged per step of a cascade; each step is one alarm run, with progress in SQLite. */
export const PURGE_BATCH_SIZE = 10;

interface FileRow {
  id: string;
  path: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  trashed_with: number | null;
  [column: string]: SqlStorageValue;
}

interface FolderRow {
  id: number;
  path: string;
  created_at: number;
  trashed_at: number | null;
  trashed_with: number | null;
  [column: string]: SqlStorageValue;
}

/**
 * A folder's trash id is "<projectId>.<n>": unique across the workspace (the
 * workspace finds the project from it) and never a valid file id, which has no dot.
 */
function folderTrashId(projectId: string, folderId: number): string {
  return `${projectId}.${folderId}`;
}

const FOLDER_TRASH_ID = new RegExp(`^${ID_SOURCE}\\.(\\d+)$`);

function parseFolderTrashId(trashId: string): number | undefined {
  const match = FOLDER_TRASH_ID.exec(trashId);
  return match ? Number(match[1]) : undefined;
}

/**
 * One project: its folders and files (documents), the authority on their
 * paths, and its trash. After every change it reports its whole tree, with a
 * version, to its workspace, which keeps a copy so that listing a workspace
 * never wakes a project. A report that fails is retried from the alarm.
 */
export class ProjectObject extends DurableObject<Env> {
  readonly #sql = this.ctx.storage.sql;
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    "report-tree": () => this.#reportTree(),
    "purge-file": (event) => this.#purgeFileNow(event.key),
    "purge-folder": (event) => this.#purgeFolderNow(Number(event.key)),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    startUp(ctx, () => {
      applyMigrations(ctx.storage, migrations);
    });
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** Binds this object to its project and workspace ids; repeating it is harmless. */
  init(projectId: string, workspaceId: string): Outcome<null> {
    const existing = this.#identity();
    if (existing) {
      return existing.id === projectId && existing.workspace_id === workspaceId
        ? ok(null)
        : conflict("This project id is already in use.");
    }
    this.#sql.exec(
      "INSERT INTO project (singleton, id, workspace_id) VALUES (1, ?, ?)",
      projectId,
      workspaceId,
    );
    return ok(null);
  }

  /** The project's folders, files and trash. */
  tree(): ProjectTree {
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_at IS NULL ORDER BY path")
      .toArray()
      .map((row) => this.#fileEntry(row));
    const folders: FolderEntry[] = this.#sql
      .exec<FolderRow>("SELECT * FROM folders WHERE trashed_at IS NULL ORDER BY path")
      .toArray()
      .map((row) => ({ projectId: this.#projectId(), path: row.path, createdAt: row.created_at }));
    return { files, folders, trash: this.#trash() };
  }

  /** One active file. */
  file(fileId: string): Outcome<FileEntry> {
    const row = this.#activeFile(fileId);
    return row ? ok(this.#fileEntry(row)) : notFound("There is no such file in this project.");
  }

  async createFile(path: string): Promise<Outcome<FileEntry>> {
    const problem = this.#pathProblem(path);
    if (problem) return conflict(problem);
    const now = Date.now();
    // A file lives in its project's (and workspace's) jurisdiction.
    const id = newId(jurisdictionOf(this.#projectId()));
    this.#sql.exec(
      "INSERT INTO files (id, path, created_at, updated_at) VALUES (?, ?, ?, ?)",
      id,
      path,
      now,
      now,
    );
    await this.#changed();
    return ok(this.#fileEntry(this.#activeFile(id)!));
  }

  async createFolder(path: string): Promise<Outcome<FolderEntry>> {
    const problem = this.#pathProblem(path);
    if (problem) return conflict(problem);
    const now = Date.now();
    this.#sql.exec("INSERT INTO folders (path, created_at) VALUES (?, ?)", path, now);
    await this.#changed();
    return ok({ projectId: this.#projectId(), path, createdAt: now });
  }

  /** Renames or moves a file. Its id, and so its document and URL, stay the same. */
  async moveFile(fileId: string, path: string): Promise<Outcome<FileEntry>> {
    const row = this.#activeFile(fileId);
    if (!row) return notFound("There is no such file in this project.");
    if (row.path === path) return ok(this.#fileEntry(row));
    const problem = this.#pathProblem(path, fileId);
    if (problem) return conflict(problem);
    this.#sql.exec(
      "UPDATE files SET path = ?, updated_at = ? WHERE id = ?",
      path,
      Date.now(),
      fileId,
    );
    await this.#changed();
    return ok(this.#fileEntry(this.#activeFile(fileId)!));
  }

  /** Renames or moves a folder with everything in it. */
  async moveFolder(from: string, to: string): Promise<Outcome<FolderEntry>> {
    if (!this.#folderExists(from)) return notFound(`There is no folder "${from}".`);
    if (to === from) return ok(this.#folderEntry(from));
    if (to.startsWith(`${from}/`)) return conflict("A folder cannot move into itself.");
    const problem = this.#pathProblem(to);
    if (problem) return conflict(problem);
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      const prefixLength = from.length;
      this.#sql.exec(
        `UPDATE files SET path = ? || substr(path, ?), updated_at = ?
         WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?`,
        to,
        prefixLength + 1,
        now,
        prefixLength + 1,
        `${from}/`,
      );
      this.#sql.exec(
        `UPDATE folders SET path = ? || substr(path, ?)
         WHERE trashed_at IS NULL AND (path = ? OR substr(path, 1, ?) = ?)`,
        to,
        prefixLength + 1,
        from,
        prefixLength + 1,
        `${from}/`,
      );
    });
    await this.#changed();
    return ok(this.#folderEntry(to));
  }

  /** Moves a file to the trash; it is purged after `TRASH_RETENTION_MS` unless restored. */
  async trashFile(fileId: string): Promise<Outcome<TrashEntry>> {
    const row = this.#activeFile(fileId);
    if (!row) return notFound("There is no such file in this project.");
    const now = Date.now();
    this.#sql.exec(
      "UPDATE files SET trashed_at = ?, trashed_with = NULL WHERE id = ?",
      now,
      fileId,
    );
    await this.#scheduler.schedule("purge-file", fileId, now + TRASH_RETENTION_MS);
    await this.#closeDocument(fileId, "This file was moved to the trash.");
    await this.#changed();
    return ok(this.#trash().find((entry) => entry.id === fileId)!);
  }

  /** Moves a folder, its subfolders and their files to the trash as one entry. */
  async trashFolder(path: string): Promise<Outcome<TrashEntry>> {
    if (!this.#folderExists(path)) return notFound(`There is no folder "${path}".`);
    const now = Date.now();
    const inside = `${path}/`;
    const fileIds = this.#sql
      .exec<{ id: string }>(
        "SELECT id FROM files WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?",
        inside.length,
        inside,
      )
      .toArray()
      .map((row) => row.id);
    let trashId = 0;
    this.ctx.storage.transactionSync(() => {
      // An implicit folder (one that exists only as a parent of files) gets a row now.
      const explicit = this.#sql
        .exec<{ id: number }>("SELECT id FROM folders WHERE trashed_at IS NULL AND path = ?", path)
        .toArray()[0];
      trashId =
        explicit?.id ??
        this.#sql
          .exec<{ id: number }>(
            "INSERT INTO folders (path, created_at) VALUES (?, ?) RETURNING id",
            path,
            now,
          )
          .one().id;
      this.#sql.exec("UPDATE folders SET trashed_at = ? WHERE id = ?", now, trashId);
      this.#sql.exec(
        `UPDATE folders SET trashed_at = ?, trashed_with = ?
         WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?`,
        now,
        trashId,
        inside.length,
        inside,
      );
      this.#sql.exec(
        `UPDATE files SET trashed_at = ?, trashed_with = ?
         WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?`,
        now,
        trashId,
        inside.length,
        inside,
      );
    });
    await this.#scheduler.schedule("purge-folder", String(trashId), now + TRASH_RETENTION_MS);
    for (const fileId of fileIds)
      await this.#closeDocument(fileId, "This file was moved to the trash.");
    await this.#changed();
    return ok(
      this.#trash().find((entry) => entry.id === folderTrashId(this.#projectId(), trashId))!,
    );
  }

  /** Brings a trashed file or folder (by its trash id) back where it was. */
  async restore(trashId: string): Promise<Outcome<null>> {
    const folderId = parseFolderTrashId(trashId);
    if (folderId !== undefined) return this.#restoreFolder(folderId);
    const row = this.#sql
      .exec<FileRow>(
        "SELECT * FROM files WHERE id = ? AND trashed_at IS NOT NULL AND trashed_with IS NULL",
        trashId,
      )
      .toArray()[0];
    if (!row) return notFound("That file is not in the trash.");
    const problem = this.#pathProblem(row.path);
    if (problem) return conflict(`Cannot restore "${row.path}": ${problem}`);
    this.#sql.exec(
      "UPDATE files SET trashed_at = NULL, updated_at = ? WHERE id = ?",
      Date.now(),
      trashId,
    );
    await this.#scheduler.cancel("purge-file", trashId);
    await this.#changed();
    return ok(null);
  }

  /** Deletes a trashed file or folder for good, now (its documents are wiped). */
  async purge(trashId: string): Promise<Outcome<null>> {
    const folderId = parseFolderTrashId(trashId);
    if (folderId !== undefined) {
      if (!this.#trashedFolder(folderId)) return notFound("That folder is not in the trash.");
      await this.#scheduler.cancel("purge-folder", String(folderId));
      await this.#purgeFolderNow(folderId);
      return ok(null);
    }
    const inTrash = this.#sql
      .exec(
        "SELECT 1 FROM files WHERE id = ? AND trashed_at IS NOT NULL AND trashed_with IS NULL",
        trashId,
      )
      .toArray().length;
    if (!inTrash) return notFound("That file is not in the trash.");
    await this.#scheduler.cancel("purge-file", trashId);
    await this.#purgeFileNow(trashId);
    return ok(null);
  }

  /**
   * One step of deleting the whole project, driven by the workspace's alarm:
   * wipes up to `PURGE_BATCH_SIZE` documents, removing each row only after its
   * document is wiped, so a crash at any point resumes where it stopped.
   * When no file is left, the project wipes itself.
   */
  async purgeStep(): Promise<{ done: boolean }> {
    this.#sql.exec("UPDATE project SET purging = 1");
    const batch = this.#sql
      .exec<{ id: string }>("SELECT id FROM files ORDER BY id LIMIT ?", PURGE_BATCH_SIZE)
      .toArray();
    for (const { id } of batch) {
      await objectFor(this.env.DOCUMENTS, id).purge();
      this.#sql.exec("DELETE FROM files WHERE id = ?", id);
    }
    const left = this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM files").one().n;
    if (left > 0) return { done: false };
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    return { done: true };
  }

  async #restoreFolder(folderId: number): Promise<Outcome<null>> {
    const folder = this.#trashedFolder(folderId);
    if (!folder) return notFound("That folder is not in the trash.");
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_with = ?", folderId)
      .toArray();
    // The folder may come back beside files created since at its path, but
    // not over a file or an explicit folder; each of its files needs its path free.
    const folderProblem = this.#explicitFolderExists(folder.path)
      ? `a folder named "${folder.path}" already exists.`
      : this.#filePathProblem(folder.path);
    const problem =
      folderProblem ?? files.map((file) => this.#pathProblem(file.path)).find(Boolean);
    if (problem) return conflict(`Cannot restore "${folder.path}": ${problem}`);
    this.ctx.storage.transactionSync(() => {
      this.#sql.exec(
        "UPDATE folders SET trashed_at = NULL, trashed_with = NULL WHERE id = ? OR trashed_with = ?",
        folderId,
        folderId,
      );
      this.#sql.exec(
        "UPDATE files SET trashed_at = NULL, trashed_with = NULL WHERE trashed_with = ?",
        folderId,
      );
    });
    await this.#scheduler.cancel("purge-folder", String(folderId));
    await this.#changed();
    return ok(null);
  }

  /** Wipes a trashed file's document, then forgets the file. Idempotent. */
  async #purgeFileNow(fileId: string): Promise<void> {
    const row = this.#sql
      .exec("SELECT 1 FROM files WHERE id = ? AND trashed_at IS NOT NULL", fileId)
      .toArray()[0];
    if (!row) return;
    this.#log("purge-file", { fileId, bookmark: await this.ctx.storage.getCurrentBookmark() });
    await objectFor(this.env.DOCUMENTS, fileId).purge();
    this.#sql.exec("DELETE FROM files WHERE id = ?", fileId);
    await this.#changed();
  }

  /** Wipes every document that went to the trash with a folder, then the folder. Idempotent. */
  async #purgeFolderNow(folderId: number): Promise<void> {
    if (!this.#trashedFolder(folderId)) return;
    this.#log("purge-folder", { folderId, bookmark: await this.ctx.storage.getCurrentBookmark() });
    const fileIds = this.#sql
      .exec<{ id: string }>("SELECT id FROM files WHERE trashed_with = ?", folderId)
      .toArray()
      .map((row) => row.id);
    for (const fileId of fileIds) {
      await objectFor(this.env.DOCUMENTS, fileId).purge();
      this.#sql.exec("DELETE FROM files WHERE id = ?", fileId);
    }
    this.#sql.exec("DELETE FROM folders WHERE id = ? OR trashed_with = ?", folderId, folderId);
    await this.#changed();
  }

  /** Why `path` cannot become a new file or folder, or undefined if it can. */
  #pathProblem(path: string, movingFileId?: string): string | undefined {
    if (this.#folderExists(path)) return `a folder named "${path}" already exists.`;
    return this.#filePathProblem(path, movingFileId);
  }

  /** Why a file at `path`, or one of its ancestors, is in the way. */
  #filePathProblem(path: string, movingFileId?: string): string | undefined {
    const fileAt = this.#sql
      .exec<{ id: string }>("SELECT id FROM files WHERE trashed_at IS NULL AND path = ?", path)
      .toArray()[0];
    if (fileAt && fileAt.id !== movingFileId) return `a file named "${path}" already exists.`;
    const segments = path.split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      const ancestor = segments.slice(0, depth).join("/");
      const blocking = this.#sql
        .exec<{ id: string }>(
          "SELECT id FROM files WHERE trashed_at IS NULL AND path = ?",
          ancestor,
        )
        .toArray()[0];
      if (blocking && blocking.id !== movingFileId) return `"${ancestor}" is a file, not a folder.`;
    }
    return undefined;
  }

  /** An explicit folder, or an implicit one (the parent of an active file or folder). */
  #folderExists(path: string): boolean {
    return this.#explicitFolderExists(path) || !this.#isEmptyPrefix(path);
  }

  #explicitFolderExists(path: string): boolean {
    return (
      this.#sql.exec("SELECT 1 FROM folders WHERE trashed_at IS NULL AND path = ?", path).toArray()
        .length > 0
    );
  }

  /** True when no active file or folder lives under `path/`. */
  #isEmptyPrefix(path: string): boolean {
    const inside = `${path}/`;
    const files = this.#sql
      .exec(
        "SELECT 1 FROM files WHERE trashed_at IS NULL AND substr(path, 1, ?) = ? LIMIT 1",
        inside.length,
        inside,
      )
      .toArray().length;
    const folders = this.#sql
      .exec(
        "SELECT 1 FROM folders WHERE trashed_at IS NULL AND substr(path, 1, ?) = ? LIMIT 1",
        inside.length,
        inside,
      )
      .toArray().length;
    return files === 0 && folders === 0;
  }

  #folderEntry(path: string): FolderEntry {
    const row = this.#sql
      .exec<FolderRow>("SELECT * FROM folders WHERE trashed_at IS NULL AND path = ?", path)
      .toArray()[0];
    return { projectId: this.#projectId(), path, createdAt: row?.created_at ?? Date.now() };
  }

  #trashedFolder(folderId: number): FolderRow | undefined {
    return this.#sql
      .exec<FolderRow>(
        "SELECT * FROM folders WHERE id = ? AND trashed_at IS NOT NULL AND trashed_with IS NULL",
        folderId,
      )
      .toArray()[0];
  }

  #trash(): TrashEntry[] {
    const projectId = this.#projectId();
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_at IS NOT NULL AND trashed_with IS NULL")
      .toArray()
      .map((row): TrashEntry => ({
        kind: "file",
        id: row.id,
        projectId,
        label: row.path,
        trashedAt: row.trashed_at!,
        purgeAt: row.trashed_at! + TRASH_RETENTION_MS,
      }));
    const folders = this.#sql
      .exec<FolderRow>(
        "SELECT * FROM folders WHERE trashed_at IS NOT NULL AND trashed_with IS NULL",
      )
      .toArray()
      .map((row): TrashEntry => ({
        kind: "folder",
        id: folderTrashId(projectId, row.id),
        projectId,
        label: row.path,
        trashedAt: row.trashed_at!,
        purgeAt: row.trashed_at! + TRASH_RETENTION_MS,
      }));
    return [...files, ...folders].sort((a, b) => b.trashedAt - a.trashedAt);
  }

  #activeFile(fileId: string): FileRow | undefined {
    return this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE id = ? AND trashed_at IS NULL", fileId)
      .toArray()[0];
  }

  #fileEntry(row: FileRow): FileEntry {
    return {
      id: row.id,
      projectId: this.#projectId(),
      path: row.path,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  #identity() {
    return this.#sql
      .exec<{ id: string; workspace_id: string; tree_version: number; purging: number }>(
        "SELECT id, workspace_id, tree_version, purging FROM project",
      )
      .toArray()[0];
  }

  #projectId(): string {
    return this.#identity()?.id ?? "";
  }

  async #closeDocument(fileId: string, reason: string): Promise<void> {
    try {
      await objectFor(this.env.DOCUMENTS, fileId).disconnectAll(CloseCode.notFound, reason);
    } catch (error) {
      // Not fatal: the Worker refuses new sockets to a trashed file anyway.
      console.error(`could not disconnect document ${fileId}`, error);
    }
  }

  #log(event: string, detail: Record<string, unknown>): void {
    this.#sql.exec(
      "INSERT INTO log (at, event, detail) VALUES (?, ?, ?)",
      Date.now(),
      event,
      JSON.stringify(detail),
    );
  }

  /** Bumps the tree version and reports the tree to the workspace. */
  async #changed(): Promise<void> {
    this.#sql.exec("UPDATE project SET tree_version = tree_version + 1");
    try {
      await this.#reportTree();
    } catch (error) {
      console.error("reporting the tree to the workspace failed; retrying from the alarm", error);
      await this.#scheduler.schedule("report-tree", "workspace", Date.now() + 1000);
    }
  }

  /** Sends the current tree to the workspace; the workspace keeps only the newest version. */
  async #reportTree(): Promise<void> {
    const identity = this.#identity();
    if (!identity || identity.purging) return;
    const workspace = objectFor(this.env.WORKSPACES, identity.workspace_id);
    await workspace.receiveProjectTree(identity.id, identity.tree_version, this.tree());
  }
}
