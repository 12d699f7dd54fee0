import * as v from "valibot";
import type { FileEntry } from "../../shared/api/tree.ts";
import { badRequest, conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import type { ProjectFiles } from "./files.ts";

/** Scheduler event: finish moving a file to another project (key: the file's id). */
export const FINISH_TRANSFER = "finish-transfer";

/** How long a move may take before the alarm finishes it in the request's place. */
const TRANSFER_GRACE_MS = 30_000;

/** A scheduled move's payload, as `sendFile` wrote it. */
const PendingTransfer = v.object({
  projectId: v.string(),
  file: v.object({ id: v.string(), path: v.string(), createdAt: v.number() }),
});

/** Where a file or folder goes: the other project, and its path there. */
export interface TransferTarget {
  projectId: string;
  path: string;
}

/** A file as it travels: what the receiving project needs to take it in. */
export interface TravellingFile {
  id: string;
  path: string;
  createdAt: number;
}

/** The receiving project, as the sending one reaches it (an RPC stub in the object). */
export interface ReceivingProject {
  receiveFile(file: TravellingFile): Promise<Outcome<FileEntry>>;
  /** Makes the folders of a folder that is moving in; refused if its root's path is taken. */
  receiveFolders(root: string, paths: string[]): Promise<Outcome<null>>;
  /** Reports its tree to the workspace again. */
  announce(): Promise<void>;
}

/** What a folder's move did: the files that went, and the paths of any that stayed (taken there). */
export interface FolderTransfer {
  moved: number;
  left: string[];
}

/**
 * Moves files and folders from this project to another of the workspace.
 * A file keeps its id, so its document, history, lock and address stay.
 *
 * Nothing is lost on a crash: before anything moves, a scheduled event
 * (SQLite, through the alarm scheduler) records the move; the receiving
 * project takes the file in (idempotent, refused if its path is taken);
 * only then does this project forget it, and cancel the event. If the
 * request dies in between, the alarm repeats the same steps. Until then
 * both projects hold the file; never neither (the workspace lists it once,
 * under the project that reported it last; `#settle` makes that the new one).
 * Tested in worker/test/project-moves.test.ts.
 */
export class ProjectTransfers {
  readonly #files: ProjectFiles;
  readonly #scheduler: AlarmScheduler;
  readonly #project: (projectId: string) => ReceivingProject;
  readonly #changed: () => Promise<void>;

  constructor(parts: {
    files: ProjectFiles;
    scheduler: AlarmScheduler;
    project: (projectId: string) => ReceivingProject;
    changed: () => Promise<void>;
  }) {
    this.#files = parts.files;
    this.#scheduler = parts.scheduler;
    this.#project = parts.project;
    this.#changed = parts.changed;
  }

  /** Moves one active file to `target`; the answer is the file as the other project has it. */
  async sendFile(fileId: string, target: TransferTarget): Promise<Outcome<FileEntry>> {
    const row = this.#files.activeFile(fileId);
    if (!row) return notFound("There is no such file in this project.");
    const file: TravellingFile = { id: fileId, path: target.path, createdAt: row.created_at };
    await this.#scheduler.schedule(FINISH_TRANSFER, fileId, Date.now() + TRANSFER_GRACE_MS, {
      projectId: target.projectId,
      file,
    });
    const moved = await this.#finish(target.projectId, file);
    await this.#settle(target.projectId);
    return moved;
  }

  /**
   * Moves a folder with everything in it to `target.path` in the other
   * project: its explicit folders first, then each file as `sendFile` does.
   * The path there must be free; a file whose place is taken there
   * meanwhile stays here, and is named in `left`.
   */
  async sendFolder(path: string, target: TransferTarget): Promise<Outcome<FolderTransfer>> {
    if (!this.#files.folderExists(path)) return notFound(`There is no folder "${path}".`);
    const tooDeep = this.#files.depthProblem(path, target.path);
    if (tooDeep) return badRequest(tooDeep);
    const project = this.#project(target.projectId);
    const renamed = (inner: string) => `${target.path}${inner.slice(path.length)}`;
    const made = await project.receiveFolders(
      target.path,
      this.#files.explicitFoldersUnder(path).map(renamed),
    );
    if (!made.ok) return made;
    const left: string[] = [];
    let moved = 0;
    for (const fileId of this.#files.fileIdsUnder(path)) {
      const row = this.#files.activeFile(fileId);
      if (!row) continue;
      const file: TravellingFile = {
        id: fileId,
        path: renamed(row.path),
        createdAt: row.created_at,
      };
      await this.#scheduler.schedule(FINISH_TRANSFER, fileId, Date.now() + TRANSFER_GRACE_MS, {
        projectId: target.projectId,
        file,
      });
      const result = await this.#finish(target.projectId, file);
      if (result.ok) moved++;
      else left.push(row.path);
    }
    if (left.length === 0) this.#files.releaseFoldersUnder(path);
    await this.#settle(target.projectId);
    return ok({ moved, left });
  }

  /** The alarm's half: finishes a move a request started and did not see through. */
  async resume(fileId: string, payload: unknown): Promise<void> {
    const parsed = v.safeParse(PendingTransfer, payload);
    if (!parsed.success || parsed.output.file.id !== fileId) {
      console.error(`dropping a malformed ${FINISH_TRANSFER} event for ${fileId}`);
      return;
    }
    const { projectId, file } = parsed.output;
    if (!this.#files.activeFile(fileId)) {
      // Gone already (forgotten, or trashed and purged): nothing left to move.
      return;
    }
    await this.#finish(projectId, file);
    await this.#settle(projectId);
  }

  /**
   * Reports this project's tree, then has the other project report its own
   * again. The workspace lists a file under whichever project reported it
   * last: a report this project sent while it still held the file can land
   * after the other project's, and this report (without the file) would then
   * leave it listed nowhere until the other project's next change. Receiving
   * reports too, so this is belt and braces for that race, which no test
   * here stages.
   */
  async #settle(projectId: string): Promise<void> {
    await this.#changed();
    await this.#project(projectId).announce();
  }

  /**
   * The receiving project takes the file; then this one forgets it. A
   * refusal (its path is taken there) leaves it here, and ends the move.
   * A failure to reach the other project throws, and the event stays for
   * the alarm.
   */
  async #finish(projectId: string, file: TravellingFile): Promise<Outcome<FileEntry>> {
    const received = await this.#project(projectId).receiveFile(file);
    if (received.ok) this.#files.releaseFile(file.id);
    await this.#scheduler.cancel(FINISH_TRANSFER, file.id);
    return received.ok ? received : conflict(`Not moved: ${received.failure.message}`);
  }
}
