import type { WorkspaceRow } from "./schema.ts";

/** The workspace's own row: its id, name, trash state and version. */
export class WorkspaceRecord {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** The row, or undefined before `create` (and after a purge wiped it). */
  get(): WorkspaceRow | undefined {
    return this.#sql.exec<WorkspaceRow>("SELECT * FROM workspace").toArray()[0];
  }

  create(id: string, name: string, now: number): void {
    this.#sql.exec(
      "INSERT INTO workspace (singleton, id, name, created_at, updated_at) VALUES (1, ?, ?, ?, ?)",
      id,
      name,
      now,
      now,
    );
  }

  rename(name: string): void {
    this.#sql.exec("UPDATE workspace SET name = ?, updated_at = ?", name, Date.now());
  }

  /** Moves the workspace to the trash at `at`, or back out of it (`null`). */
  setTrashed(at: number | null): void {
    this.#sql.exec("UPDATE workspace SET trashed_at = ?, updated_at = ?", at, Date.now());
  }

  /** From now on the workspace answers as if it did not exist (its purge has begun). */
  markPurging(): void {
    this.#sql.exec("UPDATE workspace SET purging = 1");
  }

  /** Bumped on every change anyone may see, so clients drop stale snapshots. */
  bumpVersion(): void {
    this.#sql.exec("UPDATE workspace SET version = version + 1");
  }
}
