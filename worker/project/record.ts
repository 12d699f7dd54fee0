import type { ProjectRow } from "./schema.ts";

/**
 * The project's own row: its id, its workspace (whom it reports its tree
 * to), the version of that tree, and whether a purge has begun.
 */
export class ProjectRecord {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  get(): ProjectRow | undefined {
    return this.#sql.exec<ProjectRow>("SELECT * FROM project").toArray()[0];
  }

  /** The project's id, or "" before `create` (a fresh object has none). */
  id(): string {
    return this.get()?.id ?? "";
  }

  create(projectId: string, workspaceId: string): void {
    this.#sql.exec(
      "INSERT INTO project (singleton, id, workspace_id) VALUES (1, ?, ?)",
      projectId,
      workspaceId,
    );
  }

  /** One more change to the tree; the workspace keeps only the newest version it hears of. */
  bumpTreeVersion(): void {
    this.#sql.exec("UPDATE project SET tree_version = tree_version + 1");
  }

  /** A purge of the whole project has begun: it reports nothing more. */
  markPurging(): void {
    this.#sql.exec("UPDATE project SET purging = 1");
  }
}
