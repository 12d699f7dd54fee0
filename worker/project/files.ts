import type { LockState } from "../../shared/api/lock.ts";
import { MAX_PATH_DEPTH, type FileEntry, type FolderEntry } from "../../shared/api/tree.ts";
import { jurisdictionOf, newId } from "../../shared/ids.ts";
import { badRequest, conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { ProjectRecord } from "./record.ts";
import type { FileRow, FolderRow } from "./schema.ts";

/**
 * The project's active folders and files, and the authority on their
 * paths: one active file or explicit folder per path (a partial unique
 * index), no file where a folder is, and no file as another's ancestor.
 * Folders also exist implicitly as the parents of files.
 */
export class ProjectFiles {
  readonly #storage: DurableObjectStorage;
  readonly #sql: SqlStorage;
  readonly #record: ProjectRecord;

  constructor(storage: DurableObjectStorage, record: ProjectRecord) {
    this.#storage = storage;
    this.#sql = storage.sql;
    this.#record = record;
  }

  /** Every active file, by path. */
  files(): FileEntry[] {
    return this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_at IS NULL ORDER BY path")
      .toArray()
      .map((row) => this.entry(row));
  }

  /** Every active explicit folder, by path. */
  folders(): FolderEntry[] {
    const projectId = this.#record.id();
    return this.#sql
      .exec<FolderRow>("SELECT * FROM folders WHERE trashed_at IS NULL ORDER BY path")
      .toArray()
      .map((row) => ({ projectId, path: row.path, createdAt: row.created_at }));
  }

  /** One active file. */
  file(fileId: string): Outcome<FileEntry> {
    const row = this.activeFile(fileId);
    return row ? ok(this.entry(row)) : notFound("There is no such file in this project.");
  }

  createFile(path: string): Outcome<FileEntry> {
    const problem = this.pathProblem(path);
    if (problem) return conflict(problem);
    const now = Date.now();
    // A file lives in its project's (and workspace's) jurisdiction.
    const id = newId(jurisdictionOf(this.#record.id()));
    this.#sql.exec(
      "INSERT INTO files (id, path, created_at, updated_at) VALUES (?, ?, ?, ?)",
      id,
      path,
      now,
      now,
    );
    return ok(this.entry(this.activeFile(id)!));
  }

  createFolder(path: string): Outcome<FolderEntry> {
    const problem = this.pathProblem(path);
    if (problem) return conflict(problem);
    const now = Date.now();
    this.#sql.exec("INSERT INTO folders (path, created_at) VALUES (?, ?)", path, now);
    return ok({ projectId: this.#record.id(), path, createdAt: now });
  }

  /**
   * Renames or moves a file. Its id, and so its document and URL, stay the
   * same. `changed` is false when the path was already `path`.
   */
  moveFile(fileId: string, path: string): Outcome<{ file: FileEntry; changed: boolean }> {
    const row = this.activeFile(fileId);
    if (!row) return notFound("There is no such file in this project.");
    if (row.path === path) return ok({ file: this.entry(row), changed: false });
    const problem = this.pathProblem(path, { fileId });
    if (problem) return conflict(problem);
    this.#sql.exec(
      "UPDATE files SET path = ?, updated_at = ? WHERE id = ?",
      path,
      Date.now(),
      fileId,
    );
    return ok({ file: this.entry(this.activeFile(fileId)!), changed: true });
  }

  /** Renames or moves a folder with everything in it; `changed` as for `moveFile`. */
  moveFolder(from: string, to: string): Outcome<{ folder: FolderEntry; changed: boolean }> {
    if (!this.folderExists(from)) return notFound(`There is no folder "${from}".`);
    if (to === from) return ok({ folder: this.#folderEntry(from), changed: false });
    if (to.startsWith(`${from}/`)) return conflict("A folder cannot move into itself.");
    const tooDeep = this.depthProblem(from, to);
    if (tooDeep) return badRequest(tooDeep);
    const problem = this.pathProblem(to, { folder: from });
    if (problem) return conflict(problem);
    const now = Date.now();
    const prefixLength = from.length;
    this.#storage.transactionSync(() => {
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
    return ok({ folder: this.#folderEntry(to), changed: true });
  }

  /**
   * Takes in a file that comes from another project of the workspace, with
   * its id (so its document, history and URL stay its own). Idempotent: a
   * file already here under that id is answered as it is.
   */
  adoptFile(file: { id: string; path: string; createdAt: number }): Outcome<FileEntry> {
    const here = this.activeFile(file.id);
    if (here) return ok(this.entry(here));
    const problem = this.pathProblem(file.path);
    if (problem) return conflict(problem);
    this.#sql.exec(
      "INSERT INTO files (id, path, created_at, updated_at) VALUES (?, ?, ?, ?)",
      file.id,
      file.path,
      file.createdAt,
      Date.now(),
    );
    return ok(this.entry(this.activeFile(file.id)!));
  }

  /**
   * Forgets a file that now lives in another project: its row goes, not to
   * the trash, and its document is left alone (it belongs to the other project).
   */
  releaseFile(fileId: string): void {
    this.#sql.exec("DELETE FROM files WHERE id = ?", fileId);
  }

  /**
   * Makes the explicit folders of a folder moving in at `root` (`paths`
   * include `root` if it was explicit). Refused when `root` is taken here.
   */
  adoptFolders(root: string, paths: readonly string[]): Outcome<null> {
    const problem = this.pathProblem(root);
    if (problem) return conflict(problem);
    const now = Date.now();
    for (const path of paths) {
      if (this.explicitFolderExists(path)) continue;
      this.#sql.exec("INSERT INTO folders (path, created_at) VALUES (?, ?)", path, now);
    }
    return ok(null);
  }

  /**
   * Why moving folder `from` to `to` would put a file or folder inside it
   * past `MAX_PATH_DEPTH` levels, or undefined. The route checks only `to`
   * itself; without this, moving a folder into another again and again made
   * 243 levels (issue 15.9, worker/test/tree-limits.test.ts).
   */
  depthProblem(from: string, to: string): string | undefined {
    const inside = `${from}/`;
    const deepest =
      this.#sql
        .exec<{ path: string }>(
          `SELECT path FROM (
             SELECT path FROM files WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?
             UNION ALL
             SELECT path FROM folders WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?)
           ORDER BY length(path) - length(replace(path, '/', '')) DESC LIMIT 1`,
          inside.length,
          inside,
          inside.length,
          inside,
        )
        .toArray()[0]?.path ?? from;
    const moved = `${to}${deepest.slice(from.length)}`;
    const depth = moved.split("/").length;
    if (depth <= MAX_PATH_DEPTH) return undefined;
    return `Moving "${from}" to "${to}" would put "${moved}" ${depth} levels deep; paths have at most ${MAX_PATH_DEPTH} levels.`;
  }

  /** The explicit active folders at `path` and under it. */
  explicitFoldersUnder(path: string): string[] {
    const inside = `${path}/`;
    return this.#sql
      .exec<{ path: string }>(
        `SELECT path FROM folders WHERE trashed_at IS NULL AND (path = ? OR substr(path, 1, ?) = ?)
         ORDER BY path`,
        path,
        inside.length,
        inside,
      )
      .toArray()
      .map((row) => row.path);
  }

  /** Forgets the explicit active folders at `path` and under it (their files have gone). */
  releaseFoldersUnder(path: string): void {
    const inside = `${path}/`;
    this.#sql.exec(
      "DELETE FROM folders WHERE trashed_at IS NULL AND (path = ? OR substr(path, 1, ?) = ?)",
      path,
      inside.length,
      inside,
    );
  }

  /** The ids of the active files inside folder `path`. */
  fileIdsUnder(path: string): string[] {
    const inside = `${path}/`;
    return this.#sql
      .exec<{ id: string }>(
        "SELECT id FROM files WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?",
        inside.length,
        inside,
      )
      .toArray()
      .map((row) => row.id);
  }

  activeFile(fileId: string): FileRow | undefined {
    return this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE id = ? AND trashed_at IS NULL", fileId)
      .toArray()[0];
  }

  entry(row: FileRow): FileEntry {
    const entry: FileEntry = {
      id: row.id,
      projectId: this.#record.id(),
      path: row.path,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    if (row.lock_holder_id !== null && row.lock_holder_name !== null && row.lock_expires_at) {
      entry.lock = {
        holder: { id: row.lock_holder_id, name: row.lock_holder_name },
        expiresAt: row.lock_expires_at,
      };
    }
    return entry;
  }

  /**
   * The file's document reports its lock (`seq` counts its reports): kept
   * for the tree, unless a newer report came first. `changed` is false when
   * nothing the tree shows changed (a repeat, a late report, a trashed file).
   */
  setLock(fileId: string, seq: number, lock: LockState): { changed: boolean } {
    const row = this.activeFile(fileId);
    if (!row || seq <= row.lock_seq) return { changed: false };
    this.#sql.exec(
      `UPDATE files SET lock_holder_id = ?, lock_holder_name = ?, lock_expires_at = ?, lock_seq = ?
       WHERE id = ?`,
      lock?.holder.id ?? null,
      lock?.holder.name ?? null,
      lock?.expiresAt ?? null,
      seq,
      fileId,
    );
    return {
      changed:
        row.lock_holder_id !== (lock?.holder.id ?? null) ||
        row.lock_holder_name !== (lock?.holder.name ?? null) ||
        row.lock_expires_at !== (lock?.expiresAt ?? null),
    };
  }

  /**
   * Why `path` cannot become a new file or folder, or undefined if it can.
   * `moving` is what is being moved there (its own paths are not in the way).
   */
  pathProblem(path: string, moving: { fileId?: string; folder?: string } = {}): string | undefined {
    if (this.folderExists(path)) return `a folder named "${path}" already exists.`;
    return this.filePathProblem(path, moving.fileId) ?? this.#caseProblem(path, moving);
  }

  /**
   * A path that differs from `path` (or one of its folders) only in case: on
   * a case-insensitive disk (Windows, macOS) the two would be one file or
   * one folder when the project's zip is unpacked, and one would overwrite
   * the other (issue 15.7). Compared after `toLowerCase`, over every active
   * path of the project (a project holds thousands of files at most).
   */
  #caseProblem(path: string, moving: { fileId?: string; folder?: string }): string | undefined {
    const wanted = new Map<string, string>();
    for (const prefix of prefixes(path)) wanted.set(prefix.toLowerCase(), prefix);
    const rows = this.#sql
      .exec<{ id: string | null; path: string }>(
        `SELECT id, path FROM files WHERE trashed_at IS NULL
         UNION ALL SELECT NULL AS id, path FROM folders WHERE trashed_at IS NULL`,
      )
      .toArray();
    for (const row of rows) {
      if (row.id !== null && row.id === moving.fileId) continue;
      if (
        moving.folder &&
        (row.path === moving.folder || row.path.startsWith(`${moving.folder}/`))
      ) {
        continue;
      }
      for (const prefix of prefixes(row.path)) {
        const mine = wanted.get(prefix.toLowerCase());
        if (mine !== undefined && mine !== prefix) {
          return `"${mine}" differs only in case from "${prefix}", which exists; use the same spelling or another name.`;
        }
      }
    }
    return undefined;
  }

  /** Why a file at `path`, or one of its ancestors, is in the way. */
  filePathProblem(path: string, movingFileId?: string): string | undefined {
    const fileAt = this.#activeFileAt(path);
    if (fileAt && fileAt.id !== movingFileId) return `a file named "${path}" already exists.`;
    const segments = path.split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      const ancestor = segments.slice(0, depth).join("/");
      const blocking = this.#activeFileAt(ancestor);
      if (blocking && blocking.id !== movingFileId) return `"${ancestor}" is a file, not a folder.`;
    }
    return undefined;
  }

  /** An explicit folder, or an implicit one (the parent of an active file or folder). */
  folderExists(path: string): boolean {
    return this.explicitFolderExists(path) || !this.#isEmptyPrefix(path);
  }

  explicitFolderExists(path: string): boolean {
    return (
      this.#sql.exec("SELECT 1 FROM folders WHERE trashed_at IS NULL AND path = ?", path).toArray()
        .length > 0
    );
  }

  #activeFileAt(path: string): { id: string } | undefined {
    return this.#sql
      .exec<{ id: string }>("SELECT id FROM files WHERE trashed_at IS NULL AND path = ?", path)
      .toArray()[0];
  }

  /** True when no active file or folder lives under `path/`. */
  #isEmptyPrefix(path: string): boolean {
    const inside = `${path}/`;
    for (const table of ["files", "folders"]) {
      const found = this.#sql
        .exec(
          `SELECT 1 FROM ${table} WHERE trashed_at IS NULL AND substr(path, 1, ?) = ? LIMIT 1`,
          inside.length,
          inside,
        )
        .toArray().length;
      if (found > 0) return false;
    }
    return true;
  }

  #folderEntry(path: string): FolderEntry {
    const row = this.#sql
      .exec<FolderRow>("SELECT * FROM folders WHERE trashed_at IS NULL AND path = ?", path)
      .toArray()[0];
    return { projectId: this.#record.id(), path, createdAt: row?.created_at ?? Date.now() };
  }
}

/** "a", "a/b", "a/b/c" for "a/b/c". */
function prefixes(path: string): string[] {
  const segments = path.split("/");
  return segments.map((_, index) => segments.slice(0, index + 1).join("/"));
}
