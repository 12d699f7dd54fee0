import type { WorkspaceSummary } from "../../shared/api/tree.ts";
import type { Role } from "../../shared/roles.ts";
import type { MembershipRow } from "./schema.ts";

/** A workspace in the user's list. */
export interface RememberedWorkspace extends WorkspaceSummary {
  joinedAt: number;
}

/**
 * The person's copy of the workspaces they belong to (name, role, trash
 * state), kept current by the workspaces' fan-out, so listing "my
 * workspaces" wakes no workspace.
 */
export class Memberships {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** Adds a workspace or updates its name, role and trash state; the join time stays. */
  remember(workspace: { id: string; name: string; role: Role; trashedAt?: number | null }): void {
    const now = Date.now();
    this.#sql.exec(
      `INSERT INTO workspaces (workspace_id, name, role, joined_at, updated_at, trashed_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET name = excluded.name, role = excluded.role,
         updated_at = excluded.updated_at, trashed_at = excluded.trashed_at`,
      workspace.id,
      workspace.name,
      workspace.role,
      now,
      now,
      workspace.trashedAt ?? null,
    );
  }

  /** Drops a workspace (left, removed or deleted). Idempotent. */
  forget(workspaceId: string): void {
    this.#sql.exec("DELETE FROM workspaces WHERE workspace_id = ?", workspaceId);
  }

  /** The workspaces, most recently changed first. */
  list(): RememberedWorkspace[] {
    return this.#sql
      .exec<MembershipRow>("SELECT * FROM workspaces ORDER BY updated_at DESC, workspace_id")
      .toArray()
      .map((row) => ({
        id: row.workspace_id,
        name: row.name,
        role: row.role,
        joinedAt: row.joined_at,
        updatedAt: row.updated_at,
        ...(row.trashed_at === null ? {} : { trashedAt: row.trashed_at }),
      }));
  }
}
