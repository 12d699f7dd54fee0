import type { LockState } from "../../shared/api/lock.ts";
import type { Migration } from "../lib/migrations.ts";
import { objectFor } from "../lib/placement.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";

/** Where the file lives, and how many lock changes it has reported: one row. */
export const lockReportMigration: Migration = {
  id: "lock-0002-report",
  sql: `CREATE TABLE lock_report (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          project_id TEXT NOT NULL,
          file_id TEXT NOT NULL,
          seq INTEGER NOT NULL DEFAULT 0
        )`,
};

/** The scheduler event that retries a lock report the project did not take. */
export const REPORT_LOCK_EVENT = "report-lock";

/** How long a failed report waits before the alarm tries it again. */
const RETRY_AFTER_MS = 1000;

/** The file a lock call is about, as the Worker's route names it. */
export interface FileAddress {
  projectId: string;
  fileId: string;
}

/**
 * Tells the file's project whenever its lock changes, so the file tree (the
 * workspace's copy of each project's tree) can mark locked files without
 * waking a document per file. A document does not know its project from its
 * id, so the Worker names it on every lock call and it is kept here. Each
 * report carries a sequence number and the project keeps only the newest, so
 * a retry from the alarm (which sends the lock as it is then) may arrive late
 * or twice.
 */
export class LockReport {
  readonly #sql: SqlStorage;
  readonly #scheduler: AlarmScheduler;
  readonly #env: Env;
  readonly #lock: () => LockState;

  constructor(parts: {
    storage: DurableObjectStorage;
    scheduler: AlarmScheduler;
    env: Env;
    lock: () => LockState;
  }) {
    this.#sql = parts.storage.sql;
    this.#scheduler = parts.scheduler;
    this.#env = parts.env;
    this.#lock = parts.lock;
  }

  /** Remembers where the file lives (every lock call names it; it never changes). */
  address(where: FileAddress): void {
    this.#sql.exec(
      `INSERT INTO lock_report (singleton, project_id, file_id) VALUES (1, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET project_id = excluded.project_id, file_id = excluded.file_id`,
      where.projectId,
      where.fileId,
    );
  }

  /** The lock changed: a new report, awaited, or retried from the alarm if the project fails. */
  async changed(): Promise<void> {
    this.#sql.exec("UPDATE lock_report SET seq = seq + 1");
    try {
      await this.send();
    } catch (error) {
      console.error("reporting the lock to the project failed; retrying from the alarm", error);
      await this.#scheduler.schedule(REPORT_LOCK_EVENT, "project", Date.now() + RETRY_AFTER_MS);
    }
  }

  /** Sends the lock as it is now; nothing if no lock call ever named the file. */
  async send(): Promise<void> {
    const row = this.#sql
      .exec<{ project_id: string; file_id: string; seq: number }>(
        "SELECT project_id, file_id, seq FROM lock_report",
      )
      .toArray()[0];
    if (!row) return;
    const project = objectFor(this.#env.PROJECTS, row.project_id);
    await project.fileLockChanged(row.file_id, row.seq, this.#lock());
  }
}
