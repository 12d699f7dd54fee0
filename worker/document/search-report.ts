import type { Migration } from "../lib/migrations.ts";
import { objectFor } from "../lib/placement.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";

/** Where the file lives, as its last socket's path named it: one row. */
export const searchReportMigration: Migration = {
  id: "search-0001-report",
  sql: `CREATE TABLE search_report (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          project_id TEXT NOT NULL,
          file_id TEXT NOT NULL
        )`,
};

/** The scheduler event that sends the text to the project's search index. */
export const REPORT_SEARCH_EVENT = "report-search";

/**
 * How long after an edit the text goes to the index: edits within this
 * window go together, and the text is findable within about this long
 * (issue 17 asks for 2 s; e2e/search.spec.ts checks it).
 */
export const SEARCH_REPORT_AFTER_MS = 1000;

/**
 * Keeps the project's search index (worker/project/search-index.ts) fed
 * with the file's text, from the alarm, a second after edits: one report
 * for a burst of typing, none per keystroke. A document does not know its
 * project from its id; the path of every file socket names it (the Worker
 * has checked that the project holds the file), so it is kept here, and a
 * file opened in a project it was not yet reported to (first open, after a
 * move) is reported then. Each report's sequence is the time it was sent,
 * and the index keeps only the newest.
 */
export class SearchReport {
  readonly #sql: SqlStorage;
  readonly #scheduler: AlarmScheduler;
  readonly #env: Env;
  readonly #text: () => string;
  /** A report is scheduled (known without asking SQLite on every edit). */
  #pending = false;

  constructor(parts: {
    storage: DurableObjectStorage;
    scheduler: AlarmScheduler;
    env: Env;
    text: () => string;
  }) {
    this.#sql = parts.storage.sql;
    this.#scheduler = parts.scheduler;
    this.#env = parts.env;
    this.#text = parts.text;
  }

  /** A socket opened on `path` (`…/projects/P/sync/F`): remembers P, and reports if it is new. */
  async opened(path: string): Promise<void> {
    const match = /\/projects\/([^/]+)\/sync\/([^/]+)$/.exec(path);
    if (!match?.[1] || !match[2]) return;
    const [, projectId, fileId] = match;
    const row = this.#address();
    if (row?.project_id === projectId && row.file_id === fileId) return;
    this.#sql.exec(
      `INSERT INTO search_report (singleton, project_id, file_id) VALUES (1, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET project_id = excluded.project_id, file_id = excluded.file_id`,
      projectId,
      fileId,
    );
    await this.edited();
  }

  /** The text changed: a report follows shortly, unless one is already due. */
  async edited(): Promise<void> {
    if (this.#pending) return;
    this.#pending = true;
    // Scheduling again replaces a due report (one that is being sent now included: the new
    // time keeps it from being deleted when that one ends).
    await this.#scheduler.schedule(
      REPORT_SEARCH_EVENT,
      "project",
      Date.now() + SEARCH_REPORT_AFTER_MS,
    );
  }

  /** From the alarm: sends the text as it is now (a failure is retried by the scheduler). */
  async send(): Promise<void> {
    // Edits from here on schedule the next report.
    this.#pending = false;
    const row = this.#address();
    if (!row) return;
    const project = objectFor(this.#env.PROJECTS, row.project_id);
    await project.indexText(row.file_id, Date.now(), this.#text());
  }

  #address() {
    return this.#sql
      .exec<{ project_id: string; file_id: string }>(
        "SELECT project_id, file_id FROM search_report",
      )
      .toArray()[0];
  }
}
