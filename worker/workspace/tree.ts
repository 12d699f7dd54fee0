import {
  type FileEntry,
  type FolderEntry,
  type ProjectDetails,
  type ProjectSummary,
  type ProjectTree,
  TRASH_RETENTION_MS,
  type TrashEntry,
} from "../../shared/api/tree.ts";
import type { LinkedFile } from "../../shared/api/members.ts";
import type { ProjectRow } from "./schema.ts";

interface FileRow {
  id: string;
  project_id: string;
  path: string;
  created_at: number;
  updated_at: number;
  lock_holder_id: string | null;
  lock_holder_name: string | null;
  lock_expires_at: number | null;
  [column: string]: SqlStorageValue;
}

interface FolderRow {
  project_id: string;
  path: string;
  created_at: number;
  [column: string]: SqlStorageValue;
}

interface TrashRow {
  id: string;
  project_id: string;
  kind: "file" | "folder";
  label: string;
  trashed_at: number;
  purge_at: number;
  trashed_by: string | null;
  [column: string]: SqlStorageValue;
}

/**
 * The workspace's read model of its projects: their names and trash state
 * (the workspace is the authority on those), and a copy of each project's
 * tree as the project last reported it (the project is the authority on
 * paths). Kept as rows, so listing the workspace never wakes a project and
 * checking that a file belongs here is one indexed lookup.
 */
export class TreeReadModel {
  readonly #storage: DurableObjectStorage;
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
  }

  project(projectId: string): ProjectRow | undefined {
    return this.#sql
      .exec<ProjectRow>("SELECT * FROM projects WHERE id = ?", projectId)
      .toArray()[0];
  }

  /** Ids of every project, in the trash or not. */
  projectIds(): string[] {
    return this.#sql
      .exec<{ id: string }>("SELECT id FROM projects")
      .toArray()
      .map((row) => row.id);
  }

  /** A project to purge next, if any is left. */
  anyProjectId(): string | undefined {
    return this.#sql.exec<{ id: string }>("SELECT id FROM projects LIMIT 1").toArray()[0]?.id;
  }

  /** The active project with this name (names are unique among active projects, any case). */
  activeProjectNamed(name: string): ProjectRow | undefined {
    return this.#sql
      .exec<ProjectRow>(
        "SELECT * FROM projects WHERE trashed_at IS NULL AND name = ? COLLATE NOCASE",
        name,
      )
      .toArray()[0];
  }

  addProject(projectId: string, name: string): void {
    const now = Date.now();
    this.#sql.exec(
      "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
      projectId,
      name,
      now,
      now,
    );
  }

  renameProject(projectId: string, name: string): void {
    this.#sql.exec(
      "UPDATE projects SET name = ?, updated_at = ? WHERE id = ?",
      name,
      Date.now(),
      projectId,
    );
  }

  /** Moves a project to the trash at `at` (by the person named `by`), or back out of it (`null`). */
  setProjectTrashed(projectId: string, at: number | null, by?: string): void {
    this.#sql.exec(
      "UPDATE projects SET trashed_at = ?, trashed_by = ?, updated_at = ? WHERE id = ?",
      at,
      at === null ? null : (by ?? null),
      Date.now(),
      projectId,
    );
  }

  /** Forgets a purged project and its tree. */
  removeProject(projectId: string): void {
    this.#storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM tree_files WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM tree_folders WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM tree_trash WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM projects WHERE id = ?", projectId);
    });
  }

  /** True when `fileId` is an active (not trashed) file of `projectId`, as last reported. */
  hasActiveFile(projectId: string, fileId: string): boolean {
    return (
      this.#sql
        .exec("SELECT 1 FROM tree_files WHERE id = ? AND project_id = ?", fileId, projectId)
        .toArray().length > 0
    );
  }

  /** An active file of an active project, by id (one lookup by primary key). */
  activeFile(fileId: string): LinkedFile | undefined {
    const row = this.#sql
      .exec<{ id: string; project_id: string; path: string }>(
        `SELECT tree_files.id, tree_files.project_id, tree_files.path FROM tree_files
         JOIN projects ON projects.id = tree_files.project_id
         WHERE tree_files.id = ? AND projects.trashed_at IS NULL`,
        fileId,
      )
      .toArray()[0];
    return row && { id: row.id, projectId: row.project_id, path: row.path };
  }

  /** The active files of these projects (all projects when not given): for fan-out. */
  fileIds(projectIds?: readonly string[]): string[] {
    const rows = this.#sql.exec<{ id: string; project_id: string }>(
      "SELECT id, project_id FROM tree_files",
    );
    const wanted = projectIds && new Set(projectIds);
    return rows
      .toArray()
      .filter((row) => !wanted || wanted.has(row.project_id))
      .map((row) => row.id);
  }

  /**
   * Stores a project's report of its tree, replacing the one kept, unless
   * the kept one is as new or newer (reports may arrive out of order).
   * False when the report was dropped.
   */
  storeReport(projectId: string, version: number, tree: ProjectTree): boolean {
    const project = this.project(projectId);
    if (!project || project.tree_version >= version) return false;
    this.#storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM tree_files WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM tree_folders WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM tree_trash WHERE project_id = ?", projectId);
      for (const file of tree.files) {
        this.#sql.exec(
          `INSERT OR REPLACE INTO tree_files (id, project_id, path, created_at, updated_at,
             lock_holder_id, lock_holder_name, lock_expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          file.id,
          projectId,
          file.path,
          file.createdAt,
          file.updatedAt,
          file.lock?.holder.id ?? null,
          file.lock?.holder.name ?? null,
          file.lock?.expiresAt ?? null,
        );
      }
      for (const folder of tree.folders) {
        this.#sql.exec(
          "INSERT OR REPLACE INTO tree_folders (project_id, path, created_at) VALUES (?, ?, ?)",
          projectId,
          folder.path,
          folder.createdAt,
        );
      }
      for (const entry of tree.trash) {
        if (entry.kind === "project") continue;
        this.#sql.exec(
          `INSERT OR REPLACE INTO tree_trash
             (id, project_id, kind, label, trashed_at, purge_at, trashed_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          entry.id,
          projectId,
          entry.kind,
          entry.label,
          entry.trashedAt,
          entry.purgeAt,
          entry.trashedBy ?? null,
        );
      }
      this.#sql.exec(
        "UPDATE projects SET tree_version = ?, updated_at = ? WHERE id = ?",
        version,
        Date.now(),
        projectId,
      );
    });
    return true;
  }

  summary(row: ProjectRow): ProjectSummary {
    return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  /** One project with its files, folders and trash. */
  details(row: ProjectRow): ProjectDetails {
    return { ...this.summary(row), ...this.#tree(row.id) };
  }

  /** The active projects with their trees, by name. */
  activeProjects(): ProjectDetails[] {
    return this.#sql
      .exec<ProjectRow>(
        "SELECT * FROM projects WHERE trashed_at IS NULL ORDER BY name COLLATE NOCASE",
      )
      .toArray()
      .map((row) => this.details(row));
  }

  /**
   * Everything restorable, newest first: trashed projects, and the files
   * and folders in the trash of active projects (a trashed project's own
   * trash goes and comes back with it).
   */
  trash(): TrashEntry[] {
    const projects = this.#sql
      .exec<ProjectRow>("SELECT * FROM projects WHERE trashed_at IS NOT NULL")
      .toArray()
      .map((project): TrashEntry => ({
        kind: "project",
        id: project.id,
        projectId: project.id,
        label: project.name,
        trashedAt: project.trashed_at!,
        purgeAt: project.trashed_at! + TRASH_RETENTION_MS,
        ...(project.trashed_by ? { trashedBy: project.trashed_by } : {}),
      }));
    const inside = this.#sql
      .exec<TrashRow>(
        `SELECT tree_trash.* FROM tree_trash
         JOIN projects ON projects.id = tree_trash.project_id
         WHERE projects.trashed_at IS NULL
         ORDER BY projects.rowid, tree_trash.trashed_at DESC, tree_trash.kind, tree_trash.rowid`,
      )
      .toArray()
      .map(trashEntryFromRow);
    return [...projects, ...inside].sort((a, b) => b.trashedAt - a.trashedAt);
  }

  #tree(projectId: string): ProjectTree {
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM tree_files WHERE project_id = ? ORDER BY path", projectId)
      .toArray()
      .map((row): FileEntry => ({
        id: row.id,
        projectId: row.project_id,
        path: row.path,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        ...(row.lock_holder_id !== null && row.lock_holder_name !== null && row.lock_expires_at
          ? {
              lock: {
                holder: { id: row.lock_holder_id, name: row.lock_holder_name },
                expiresAt: row.lock_expires_at,
              },
            }
          : {}),
      }));
    const folders = this.#sql
      .exec<FolderRow>("SELECT * FROM tree_folders WHERE project_id = ? ORDER BY path", projectId)
      .toArray()
      .map((row): FolderEntry => ({
        projectId: row.project_id,
        path: row.path,
        createdAt: row.created_at,
      }));
    const trash = this.#sql
      .exec<TrashRow>(
        // As the project orders it: newest first, files before folders.
        "SELECT * FROM tree_trash WHERE project_id = ? ORDER BY trashed_at DESC, kind, rowid",
        projectId,
      )
      .toArray()
      .map(trashEntryFromRow);
    return { files, folders, trash };
  }
}

function trashEntryFromRow(row: TrashRow): TrashEntry {
  return {
    kind: row.kind,
    id: row.id,
    projectId: row.project_id,
    label: row.label,
    trashedAt: row.trashed_at,
    purgeAt: row.purge_at,
    ...(row.trashed_by ? { trashedBy: row.trashed_by } : {}),
  };
}
