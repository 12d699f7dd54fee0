import { TRASH_RETENTION_MS } from "../../shared/api/tree.ts";
import { objectFor } from "../lib/placement.ts";
import type { AlarmScheduler, HandlerResult } from "../lib/scheduler.ts";
import type { WorkspaceRecord } from "./record.ts";
import type { WorkspaceRow } from "./schema.ts";
import type { TreeReadModel } from "./tree.ts";

/** Scheduler events of the purge cascade. */
export const PURGE_PROJECT = "purge-project";
export const PURGE_WORKSPACE = "purge-workspace";

/** What the cascade tells the workspace object as it goes. */
export interface PurgeHooks {
  /** A project is gone for good: the tree changed. */
  projectPurged(): void;
  /** Every project is gone: tell everyone, forget the members, then wipe (idempotent). */
  workspacePurged(workspace: WorkspaceRow): Promise<void>;
}

/**
 * Trash and purge for the workspace and its projects. Trashing marks the
 * row and schedules the purge `TRASH_RETENTION_MS` ahead (or now, for
 * "delete forever"); restoring cancels it. The purge runs from the alarm in
 * steps: the first logs a point-in-time-recovery bookmark, each asks one
 * project to wipe a batch of its documents, and a project's rows go only
 * once it reports done, so a crash halfway resumes where it stopped.
 */
export class TrashAndPurge {
  readonly #storage: DurableObjectStorage;
  readonly #env: Env;
  readonly #scheduler: AlarmScheduler;
  readonly #record: WorkspaceRecord;
  readonly #tree: TreeReadModel;
  readonly #hooks: PurgeHooks;

  constructor(parts: {
    storage: DurableObjectStorage;
    env: Env;
    scheduler: AlarmScheduler;
    record: WorkspaceRecord;
    tree: TreeReadModel;
    hooks: PurgeHooks;
  }) {
    this.#storage = parts.storage;
    this.#env = parts.env;
    this.#scheduler = parts.scheduler;
    this.#record = parts.record;
    this.#tree = parts.tree;
    this.#hooks = parts.hooks;
  }

  async trashWorkspace(): Promise<void> {
    const now = Date.now();
    this.#record.setTrashed(now);
    await this.#scheduler.schedule(PURGE_WORKSPACE, "self", now + TRASH_RETENTION_MS);
  }

  async restoreWorkspace(): Promise<void> {
    this.#record.setTrashed(null);
    await this.#scheduler.cancel(PURGE_WORKSPACE, "self");
  }

  /** Purges a trashed workspace from the next alarm instead of in 30 days. */
  async purgeWorkspaceNow(): Promise<void> {
    await this.#scheduler.schedule(PURGE_WORKSPACE, "self", Date.now());
  }

  async trashProject(projectId: string, by?: string): Promise<void> {
    const now = Date.now();
    this.#tree.setProjectTrashed(projectId, now, by);
    await this.#scheduler.schedule(PURGE_PROJECT, projectId, now + TRASH_RETENTION_MS);
  }

  async restoreProject(projectId: string): Promise<void> {
    this.#tree.setProjectTrashed(projectId, null);
    await this.#scheduler.cancel(PURGE_PROJECT, projectId);
  }

  async purgeProjectNow(projectId: string): Promise<void> {
    await this.#scheduler.schedule(PURGE_PROJECT, projectId, Date.now());
  }

  /** One step of purging a trashed project, from the alarm. */
  async purgeProjectStep(projectId: string): Promise<HandlerResult> {
    const project = this.#tree.project(projectId);
    if (!project || project.trashed_at === null) return;
    await this.#logOnce(`purge-project:${projectId}`, { projectId });
    const { done } = await objectFor(this.#env.PROJECTS, projectId).purgeStep();
    if (!done) return { againAt: Date.now() };
    this.#tree.removeProject(projectId);
    this.#hooks.projectPurged();
    return undefined;
  }

  /** One step of purging the whole workspace: each project in turn, then itself. */
  async purgeWorkspaceStep(): Promise<HandlerResult> {
    const workspace = this.#record.get();
    if (!workspace || workspace.trashed_at === null) return;
    await this.#logOnce("purge-workspace", {});
    this.#record.markPurging();
    const next = this.#tree.anyProjectId();
    if (next) {
      const { done } = await objectFor(this.#env.PROJECTS, next).purgeStep();
      if (done) this.#tree.removeProject(next);
      return { againAt: Date.now() };
    }
    await this.#hooks.workspacePurged(workspace);
    // Kept scheduled until the wipe: if the object dies before it, this step
    // runs again (idempotently) and asks again.
    return { againAt: Date.now() + 60_000 };
  }

  /** Logs a purge once, with a point-in-time-recovery bookmark taken before it starts. */
  async #logOnce(event: string, detail: Record<string, unknown>): Promise<void> {
    const sql = this.#storage.sql;
    if (sql.exec("SELECT 1 FROM log WHERE event = ?", event).toArray().length) return;
    const bookmark = await this.#storage.getCurrentBookmark();
    sql.exec(
      "INSERT INTO log (at, event, detail) VALUES (?, ?, ?)",
      Date.now(),
      event,
      JSON.stringify({ ...detail, bookmark }),
    );
  }
}
