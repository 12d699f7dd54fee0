import { canWrite, type Role } from "../../shared/roles.ts";
import { forbidden, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { Members } from "./members.ts";
import type { WorkspaceRecord } from "./record.ts";
import type { TreeReadModel } from "./tree.ts";

/** Who asks, and for what: the Worker passes the signed-in user's id. */
export interface Caller {
  userId: string;
}

/**
 * Who may do what in the workspace. Every RPC method starts here: the
 * workspace (and project) must exist and not be in the trash, and the
 * caller must be a member with a strong enough role.
 */
export class Access {
  readonly #record: WorkspaceRecord;
  readonly #members: Members;
  readonly #tree: TreeReadModel;

  constructor(record: WorkspaceRecord, members: Members, tree: TreeReadModel) {
    this.#record = record;
    this.#members = members;
    this.#tree = tree;
  }

  /** The caller's role; `trashed` also lets a trashed workspace or project through. */
  member(caller: Caller, projectId?: string, options: { trashed?: boolean } = {}): Outcome<Role> {
    const workspace = this.#record.get();
    if (!workspace || workspace.purging) return notFound("There is no such workspace.");
    const role = this.#members.role(caller.userId);
    if (!role) {
      // Someone an owner removed hears why, whichever way they come back (a
      // reconnect after a dropped socket is refused here; e2e/dev-server.spec.ts).
      return forbidden(
        this.#members.removal(caller.userId)
          ? "You were removed from this workspace."
          : "You are not a member of this workspace.",
      );
    }
    if (workspace.trashed_at !== null && !options.trashed) {
      return notFound("This workspace is in the trash.");
    }
    if (projectId !== undefined) {
      const project = this.#tree.project(projectId);
      if (!project || (project.trashed_at !== null && !options.trashed)) {
        return notFound("There is no such project in this workspace.");
      }
    }
    return ok(role);
  }

  /** An owner or editor. */
  writer(caller: Caller, projectId?: string): Outcome<Role> {
    const role = this.member(caller, projectId);
    if (!role.ok) return role;
    return canWrite(role.value) ? role : forbidden("Viewers cannot change this workspace.");
  }

  /** An owner; `refusal` says what only an owner may do. */
  owner(caller: Caller, refusal = "Only an owner can do that.", trashed = false): Outcome<Role> {
    const role = this.member(caller, undefined, { trashed });
    if (!role.ok) return role;
    return role.value === "owner" ? role : forbidden(refusal);
  }
}
