import type { ProjectTree } from "../../shared/api/tree.ts";
import { objectFor } from "../lib/placement.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import type { ProjectRecord } from "./record.ts";

/** The scheduler event that retries a report the workspace did not take. */
export const REPORT_TREE = "report-tree";

/** How long a failed report waits before the alarm tries it again. */
const RETRY_AFTER_MS = 1000;

/**
 * Keeps the workspace's copy of this project's tree current, so listing a
 * workspace never wakes a project. After every change the tree gets a new
 * version and is sent whole, awaited in the request; the workspace keeps
 * only the newest version it has seen, so reports may arrive in any order
 * or twice. A report that fails is retried from the alarm.
 */
export class TreeReport {
  readonly #env: Env;
  readonly #record: ProjectRecord;
  readonly #scheduler: AlarmScheduler;
  readonly #tree: () => ProjectTree;

  constructor(parts: {
    env: Env;
    record: ProjectRecord;
    scheduler: AlarmScheduler;
    tree: () => ProjectTree;
  }) {
    this.#env = parts.env;
    this.#record = parts.record;
    this.#scheduler = parts.scheduler;
    this.#tree = parts.tree;
  }

  /** The tree changed: bump its version and tell the workspace (or retry from the alarm). */
  async changed(): Promise<void> {
    this.#record.bumpTreeVersion();
    try {
      await this.send();
    } catch (error) {
      console.error("reporting the tree to the workspace failed; retrying from the alarm", error);
      await this.#scheduler.schedule(REPORT_TREE, "workspace", Date.now() + RETRY_AFTER_MS);
    }
  }

  /** Sends the current tree and its version; nothing once the project is being purged. */
  async send(): Promise<void> {
    const record = this.#record.get();
    if (!record || record.purging) return;
    const workspace = objectFor(this.#env.WORKSPACES, record.workspace_id);
    await workspace.receiveProjectTree(record.id, record.tree_version, this.#tree());
  }
}
