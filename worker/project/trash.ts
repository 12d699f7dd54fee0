import { TRASH_RETENTION_MS, type TrashEntry } from "../../shared/api/tree.ts";
import { ID_SOURCE } from "../../shared/ids.ts";
import { conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import type { ProjectFiles } from "./files.ts";
import type { ProjectRecord } from "./record.ts";
import type { FileRow, FolderRow } from "./schema.ts";
import { FINISH_TRANSFER } from "./transfers.ts";

/** Scheduler events of the project's trash. */
export const PURGE_FILE = "purge-file";
export const PURGE_FOLDER = "purge-folder";

/** Why a file that is moving to another project cannot go to the trash this moment. */
const MOVING = "It is moving to another project right now. Try again in a moment.";

/** Files purged per step of a whole project's purge; each step is one alarm run of the workspace. */
export const PURGE_BATCH_SIZE = 10;

/** What the trash needs of the documents of the files it holds. */
export interface FileDocuments {
  /** Closes the file's sockets (not fatal if it fails: the Worker refuses trashed files anyway). */
  close(fileId: string, reason: string): Promise<void>;
  /** Wipes the file's document for good. Idempotent. */
  wipe(fileId: string): Promise<void>;
}

/** "Olive moved this file to the trash.": what the file's open sockets are closed with. */
export function trashedReason(what: string, by: string | undefined): string {
  return by
    ? `${by} moved ${what.replace(/^T/, "t")} to the trash.`
    : `${what} was moved to the trash.`;
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
 * The project's trash: a trashed file, or a folder with everything in it
 * (one entry), stays restorable for `TRASH_RETENTION_MS`; then, or on
 * "delete forever", the alarm wipes its documents and forgets it. Each
 * purge logs a point-in-time-recovery bookmark first, and deletes a row
 * only after its document is wiped, so a purge that stops halfway resumes.
 * Every change it makes is reported through `changed`.
 */
export class ProjectTrash {
  readonly #storage: DurableObjectStorage;
  readonly #sql: SqlStorage;
  readonly #record: ProjectRecord;
  readonly #files: ProjectFiles;
  readonly #scheduler: AlarmScheduler;
  readonly #documents: FileDocuments;
  readonly #changed: () => Promise<void>;

  constructor(parts: {
    storage: DurableObjectStorage;
    record: ProjectRecord;
    files: ProjectFiles;
    scheduler: AlarmScheduler;
    documents: FileDocuments;
    changed: () => Promise<void>;
  }) {
    this.#storage = parts.storage;
    this.#sql = parts.storage.sql;
    this.#record = parts.record;
    this.#files = parts.files;
    this.#scheduler = parts.scheduler;
    this.#documents = parts.documents;
    this.#changed = parts.changed;
  }

  /** What can be restored, newest first. */
  entries(): TrashEntry[] {
    const projectId = this.#record.id();
    const entry = (kind: "file" | "folder", id: string, row: FileRow | FolderRow): TrashEntry => ({
      kind,
      id,
      projectId,
      label: row.path,
      trashedAt: row.trashed_at!,
      purgeAt: row.trashed_at! + TRASH_RETENTION_MS,
      ...(row.trashed_by ? { trashedBy: row.trashed_by } : {}),
    });
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_at IS NOT NULL AND trashed_with IS NULL")
      .toArray()
      .map((row) => entry("file", row.id, row));
    const folders = this.#sql
      .exec<FolderRow>(
        "SELECT * FROM folders WHERE trashed_at IS NOT NULL AND trashed_with IS NULL",
      )
      .toArray()
      .map((row) => entry("folder", folderTrashId(projectId, row.id), row));
    return [...files, ...folders].sort((a, b) => b.trashedAt - a.trashedAt);
  }

  /**
   * Moves a file to the trash; it is purged after `TRASH_RETENTION_MS` unless
   * restored. `by` (a name) is kept and told to everyone with it open.
   */
  async trashFile(fileId: string, by?: string): Promise<Outcome<TrashEntry>> {
    if (!this.#files.activeFile(fileId)) return notFound("There is no such file in this project.");
    if (this.#moving(fileId)) return conflict(MOVING);
    const now = Date.now();
    this.#sql.exec(
      "UPDATE files SET trashed_at = ?, trashed_with = NULL, trashed_by = ? WHERE id = ?",
      now,
      by ?? null,
      fileId,
    );
    await this.#scheduler.schedule(PURGE_FILE, fileId, now + TRASH_RETENTION_MS);
    await this.#documents.close(fileId, trashedReason("This file", by));
    await this.#changed();
    return this.#entry(fileId);
  }

  /** Moves a folder, its subfolders and their files to the trash as one entry; `by` as for a file. */
  async trashFolder(path: string, by?: string): Promise<Outcome<TrashEntry>> {
    if (!this.#files.folderExists(path)) return notFound(`There is no folder "${path}".`);
    const now = Date.now();
    const inside = `${path}/`;
    const fileIds = this.#files.fileIdsUnder(path);
    if (fileIds.some((fileId) => this.#moving(fileId))) return conflict(MOVING);
    let trashId = 0;
    this.#storage.transactionSync(() => {
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
      this.#sql.exec(
        "UPDATE folders SET trashed_at = ?, trashed_by = ? WHERE id = ?",
        now,
        by ?? null,
        trashId,
      );
      for (const table of ["folders", "files"]) {
        this.#sql.exec(
          `UPDATE ${table} SET trashed_at = ?, trashed_with = ?
           WHERE trashed_at IS NULL AND substr(path, 1, ?) = ?`,
          now,
          trashId,
          inside.length,
          inside,
        );
      }
    });
    await this.#scheduler.schedule(PURGE_FOLDER, String(trashId), now + TRASH_RETENTION_MS);
    for (const fileId of fileIds) {
      await this.#documents.close(fileId, trashedReason(`The folder ${path}`, by));
    }
    await this.#changed();
    return this.#entry(folderTrashId(this.#record.id(), trashId));
  }

  /**
   * The trash entry just made. Another request may have restored or purged
   * it while this one awaited: 404 then, not a 500 (issue 15.9).
   */
  #entry(trashId: string): Outcome<TrashEntry> {
    const entry = this.entries().find((candidate) => candidate.id === trashId);
    return entry ? ok(entry) : notFound("It was restored or deleted for good meanwhile.");
  }

  /** Brings a trashed file or folder (by its trash id) back where it was. */
  async restore(trashId: string): Promise<Outcome<null>> {
    const folderId = parseFolderTrashId(trashId);
    if (folderId !== undefined) return this.#restoreFolder(folderId);
    const row = this.#trashedFile(trashId);
    if (!row) return notFound("That file is not in the trash.");
    const problem = this.#files.pathProblem(row.path);
    if (problem) return conflict(`Cannot restore "${row.path}": ${problem}`);
    this.#sql.exec(
      "UPDATE files SET trashed_at = NULL, updated_at = ? WHERE id = ?",
      Date.now(),
      trashId,
    );
    await this.#scheduler.cancel(PURGE_FILE, trashId);
    await this.#changed();
    return ok(null);
  }

  /** Deletes a trashed file or folder for good, now (its documents are wiped). */
  async purge(trashId: string): Promise<Outcome<null>> {
    const folderId = parseFolderTrashId(trashId);
    if (folderId !== undefined) {
      if (!this.#trashedFolder(folderId)) return notFound("That folder is not in the trash.");
      await this.#scheduler.cancel(PURGE_FOLDER, String(folderId));
      await this.purgeFolderNow(folderId);
      return ok(null);
    }
    if (!this.#trashedFile(trashId)) return notFound("That file is not in the trash.");
    await this.#scheduler.cancel(PURGE_FILE, trashId);
    await this.purgeFileNow(trashId);
    return ok(null);
  }

  /** Wipes a trashed file's document, then forgets the file. Idempotent (the alarm's handler). */
  async purgeFileNow(fileId: string): Promise<void> {
    const row = this.#sql
      .exec("SELECT 1 FROM files WHERE id = ? AND trashed_at IS NOT NULL", fileId)
      .toArray()[0];
    if (!row) return;
    this.#log("purge-file", { fileId, bookmark: await this.#storage.getCurrentBookmark() });
    await this.#documents.wipe(fileId);
    this.#sql.exec("DELETE FROM files WHERE id = ?", fileId);
    await this.#changed();
  }

  /** Wipes every document that went to the trash with a folder, then the folder. Idempotent. */
  async purgeFolderNow(folderId: number): Promise<void> {
    if (!this.#trashedFolder(folderId)) return;
    this.#log("purge-folder", { folderId, bookmark: await this.#storage.getCurrentBookmark() });
    const fileIds = this.#sql
      .exec<{ id: string }>("SELECT id FROM files WHERE trashed_with = ?", folderId)
      .toArray()
      .map((row) => row.id);
    for (const fileId of fileIds) {
      await this.#documents.wipe(fileId);
      this.#sql.exec("DELETE FROM files WHERE id = ?", fileId);
    }
    this.#sql.exec("DELETE FROM folders WHERE id = ? OR trashed_with = ?", folderId, folderId);
    await this.#changed();
  }

  /**
   * One step of deleting the whole project, driven by the workspace's alarm:
   * wipes up to `PURGE_BATCH_SIZE` documents, removing each row only after
   * its document is wiped. `done` once no file is left (the object then
   * wipes its own storage).
   */
  async purgeProjectStep(): Promise<{ done: boolean }> {
    this.#record.markPurging();
    const batch = this.#sql
      .exec<{ id: string }>("SELECT id FROM files ORDER BY id LIMIT ?", PURGE_BATCH_SIZE)
      .toArray();
    for (const { id } of batch) {
      // A file caught moving to another project may be that project's now:
      // its document is left alone (at worst kept for nothing), never wiped under it.
      if (this.#moving(id)) await this.#scheduler.cancel(FINISH_TRANSFER, id);
      else await this.#documents.wipe(id);
      this.#sql.exec("DELETE FROM files WHERE id = ?", id);
    }
    const left = this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM files").one().n;
    return { done: left === 0 };
  }

  /** Whether the file is being moved to another project (worker/project/transfers.ts). */
  #moving(fileId: string): boolean {
    return this.#scheduler.scheduledAt(FINISH_TRANSFER, fileId) !== undefined;
  }

  async #restoreFolder(folderId: number): Promise<Outcome<null>> {
    const folder = this.#trashedFolder(folderId);
    if (!folder) return notFound("That folder is not in the trash.");
    const files = this.#sql
      .exec<FileRow>("SELECT * FROM files WHERE trashed_with = ?", folderId)
      .toArray();
    const folders = this.#sql
      .exec<FolderRow>("SELECT * FROM folders WHERE trashed_with = ?", folderId)
      .toArray();
    // The folder, and each folder in it, may come back beside files created
    // since at its path, but not over a file or an explicit folder (a file
    // and a folder at one path, issue 15.9); each of its files needs its path free.
    const folderProblem = (path: string) =>
      this.#files.explicitFolderExists(path)
        ? `a folder named "${path}" already exists.`
        : this.#files.filePathProblem(path);
    const problem =
      [folder, ...folders].map((row) => folderProblem(row.path)).find(Boolean) ??
      files.map((file) => this.#files.pathProblem(file.path)).find(Boolean);
    if (problem) return conflict(`Cannot restore "${folder.path}": ${problem}`);
    this.#storage.transactionSync(() => {
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
    await this.#scheduler.cancel(PURGE_FOLDER, String(folderId));
    await this.#changed();
    return ok(null);
  }

  /** A file trashed on its own (not with a folder). */
  #trashedFile(fileId: string): FileRow | undefined {
    return this.#sql
      .exec<FileRow>(
        "SELECT * FROM files WHERE id = ? AND trashed_at IS NOT NULL AND trashed_with IS NULL",
        fileId,
      )
      .toArray()[0];
  }

  #trashedFolder(folderId: number): FolderRow | undefined {
    return this.#sql
      .exec<FolderRow>(
        "SELECT * FROM folders WHERE id = ? AND trashed_at IS NOT NULL AND trashed_with IS NULL",
        folderId,
      )
      .toArray()[0];
  }

  #log(event: string, detail: Record<string, unknown>): void {
    this.#sql.exec(
      "INSERT INTO log (at, event, detail) VALUES (?, ?, ?)",
      Date.now(),
      event,
      JSON.stringify(detail),
    );
  }
}
