import { DurableObject } from "cloudflare:workers";
import type { LockState } from "../../shared/api/lock.ts";
import type { FileEntry, FolderEntry, ProjectTree, TrashEntry } from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import { applyMigrations } from "../lib/migrations.ts";
import { conflict, ok, type Outcome } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { startUp } from "../lib/start-up.ts";
import { ProjectFiles } from "../project/files.ts";
import { ProjectRecord } from "../project/record.ts";
import { projectMigrations } from "../project/schema.ts";
import { PURGE_FILE, PURGE_FOLDER, ProjectTrash, type FileDocuments } from "../project/trash.ts";
import {
  FINISH_TRANSFER,
  ProjectTransfers,
  type FolderTransfer,
  type TransferTarget,
  type TravellingFile,
} from "../project/transfers.ts";
import { REPORT_TREE, TreeReport } from "../project/tree-report.ts";
import { SearchIndex } from "../project/search-index.ts";
import type { SearchFile } from "../../shared/api/search.ts";

/**
 * One project. A thin adapter: it wires the runtime (alarm, storage) to the
 * parts in worker/project/, which each own one concern: its record (id and
 * workspace), the files and folders and their paths, the trash and purges,
 * moves to other projects, and the report of its tree to its workspace.
 */
export class ProjectObject extends DurableObject<Env> {
  readonly #record = new ProjectRecord(this.ctx.storage);
  readonly #files = new ProjectFiles(this.ctx.storage, this.#record);
  readonly #search = new SearchIndex(this.ctx.storage);
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    [REPORT_TREE]: () => this.#report.send(),
    [PURGE_FILE]: (event) => this.#pruning(this.#trash.purgeFileNow(event.key)),
    [PURGE_FOLDER]: (event) => this.#pruning(this.#trash.purgeFolderNow(Number(event.key))),
    [FINISH_TRANSFER]: (event) => this.#pruning(this.#transfers.resume(event.key, event.payload)),
  });
  readonly #report = new TreeReport({
    env: this.env,
    record: this.#record,
    scheduler: this.#scheduler,
    tree: () => this.tree(),
  });
  readonly #trash = new ProjectTrash({
    storage: this.ctx.storage,
    record: this.#record,
    files: this.#files,
    scheduler: this.#scheduler,
    documents: this.#documents(),
    changed: () => this.#report.changed(),
  });

  readonly #transfers = new ProjectTransfers({
    files: this.#files,
    scheduler: this.#scheduler,
    project: (projectId) => objectFor(this.env.PROJECTS, projectId),
    changed: () => this.#report.changed(),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    startUp(ctx, () => applyMigrations(ctx.storage, projectMigrations));
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** Binds this object to its project and workspace ids; repeating it is harmless. */
  init(projectId: string, workspaceId: string): Outcome<null> {
    const existing = this.#record.get();
    if (!existing) {
      this.#record.create(projectId, workspaceId);
      return ok(null);
    }
    return existing.id === projectId && existing.workspace_id === workspaceId
      ? ok(null)
      : conflict("This project id is already in use.");
  }

  /** The project's folders, files and trash. */
  tree(): ProjectTree {
    return {
      files: this.#files.files(),
      folders: this.#files.folders(),
      trash: this.#trash.entries(),
    };
  }

  /** One active file. */
  file(fileId: string): Outcome<FileEntry> {
    return this.#files.file(fileId);
  }

  /** A file's document reports its lock (see worker/document/lock-report.ts); the tree follows. */
  async fileLockChanged(fileId: string, seq: number, lock: LockState): Promise<void> {
    if (this.#files.setLock(fileId, seq, lock).changed) await this.#report.changed();
  }

  async createFile(path: string): Promise<Outcome<FileEntry>> {
    return this.#reportIfChanged(this.#files.createFile(path));
  }

  async createFolder(path: string): Promise<Outcome<FolderEntry>> {
    return this.#reportIfChanged(this.#files.createFolder(path));
  }

  /** Renames or moves a file. Its id, and so its document and URL, stay the same. */
  async moveFile(fileId: string, path: string): Promise<Outcome<FileEntry>> {
    const moved = this.#files.moveFile(fileId, path);
    if (!moved.ok) return moved;
    if (moved.value.changed) await this.#report.changed();
    return ok(moved.value.file);
  }

  /** Renames or moves a folder with everything in it. */
  async moveFolder(from: string, to: string): Promise<Outcome<FolderEntry>> {
    const moved = this.#files.moveFolder(from, to);
    if (!moved.ok) return moved;
    if (moved.value.changed) await this.#report.changed();
    return ok(moved.value.folder);
  }

  /** Moves a file to another project of the workspace, with its id (see ProjectTransfers). */
  sendFile(fileId: string, target: TransferTarget): Promise<Outcome<FileEntry>> {
    return this.#pruning(this.#transfers.sendFile(fileId, target));
  }

  /** Moves a folder with everything in it to another project of the workspace. */
  sendFolder(path: string, target: TransferTarget): Promise<Outcome<FolderTransfer>> {
    return this.#pruning(this.#transfers.sendFolder(path, target));
  }

  /** Takes in a file another project of the workspace is moving here. Idempotent. */
  async receiveFile(file: TravellingFile): Promise<Outcome<FileEntry>> {
    return this.#reportIfChanged(this.#files.adoptFile(file));
  }

  /** Makes the folders of a folder another project is moving here, at `root`. */
  async receiveFolders(root: string, paths: string[]): Promise<Outcome<null>> {
    return this.#reportIfChanged(this.#files.adoptFolders(root, paths));
  }

  /** Reports the tree to the workspace again (the end of a move between projects). */
  async announce(): Promise<void> {
    await this.#report.changed();
  }

  /** Moves a file to the trash; it is purged after 30 days unless restored. `by` is who did it. */
  trashFile(fileId: string, by?: string): Promise<Outcome<TrashEntry>> {
    return this.#trash.trashFile(fileId, by);
  }

  /** Moves a folder, its subfolders and their files to the trash as one entry. */
  trashFolder(path: string, by?: string): Promise<Outcome<TrashEntry>> {
    return this.#trash.trashFolder(path, by);
  }

  /** Brings a trashed file or folder (by its trash id) back where it was. */
  restore(trashId: string): Promise<Outcome<null>> {
    return this.#trash.restore(trashId);
  }

  /** Deletes a trashed file or folder for good, now (its documents are wiped). */
  purge(trashId: string): Promise<Outcome<null>> {
    return this.#pruning(this.#trash.purge(trashId));
  }

  /**
   * One step of deleting the whole project, driven by the workspace's alarm
   * (see `ProjectTrash.purgeProjectStep`). When no file is left, the project
   * wipes itself.
   */
  async purgeStep(): Promise<{ done: boolean }> {
    const step = await this.#trash.purgeProjectStep();
    if (step.done) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
    }
    return step;
  }

  /**
   * A file's document pushes its text for the search index, a moment after
   * edits (worker/document/search-report.ts); `seq` orders its pushes.
   */
  indexText(fileId: string, seq: number, text: string): boolean {
    return this.#search.put(fileId, seq, text);
  }

  /** The active files whose text matches `query` (FTS5 syntax), best first. */
  search(query: string, limit?: number): Outcome<SearchFile[]> {
    return this.#search.search(query, limit);
  }

  /** How many files are indexed and the index's size in bytes. */
  searchStats(): { files: number; bytes: number } {
    return this.#search.stats();
  }

  /** After files left the project (purged, moved away), their text leaves the index. */
  async #pruning<T>(removal: Promise<T>): Promise<T> {
    const result = await removal;
    this.#search.prune();
    return result;
  }

  async #reportIfChanged<T>(outcome: Outcome<T>): Promise<Outcome<T>> {
    if (outcome.ok) await this.#report.changed();
    return outcome;
  }

  /** The documents of this project's files, as the trash reaches them (awaited in the call). */
  #documents(): FileDocuments {
    return {
      close: async (fileId, reason) => {
        try {
          await objectFor(this.env.DOCUMENTS, fileId).disconnectAll(CloseCode.notFound, reason);
        } catch (error) {
          // Not fatal: the Worker refuses new sockets to a trashed file anyway.
          console.error(`could not disconnect document ${fileId}`, error);
        }
      },
      wipe: (fileId) => objectFor(this.env.DOCUMENTS, fileId).purge(),
    };
  }
}
