import { CloseCode } from "../../shared/errors.ts";
import type { User } from "../../shared/api/session.ts";
import type { Role } from "../../shared/roles.ts";
import { objectFor } from "../lib/placement.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import type { DocumentObject } from "../objects/document.ts";
import type { WorkspaceRow } from "./schema.ts";

/** What every member's user object keeps of this workspace: its name, their role, its trash state. */
export interface MemberListState {
  workspace: WorkspaceRow;
  members: readonly { userId: string; role: Role }[];
}

/** The scheduler event that retries `updateMemberLists`. */
export const UPDATE_MEMBER_LISTS = "update-member-lists";

/**
 * The workspace's calls to other objects: members' user objects (their
 * copy of the workspace in "my workspaces", their inbox) and the documents
 * of its files (a member's new role, closing sockets when files go).
 *
 * Member lists must end up current, so a failed update is retried from the
 * alarm; the others are courtesies whose failure is logged (the Worker
 * checks the role and the file on every new request and socket anyway).
 */
export class FanOut {
  readonly #env: Env;
  readonly #scheduler: AlarmScheduler;
  readonly #state: () => MemberListState | undefined;

  constructor(env: Env, scheduler: AlarmScheduler, state: () => MemberListState | undefined) {
    this.#env = env;
    this.#scheduler = scheduler;
    this.#state = state;
  }

  /** Brings every member's copy up to date now, or from the alarm if that fails. */
  async memberListsChanged(): Promise<void> {
    try {
      await this.updateMemberLists();
    } catch (error) {
      console.error("updating members' workspace lists failed; retrying from the alarm", error);
      await this.#scheduler.schedule(UPDATE_MEMBER_LISTS, "all", Date.now() + 1000);
    }
  }

  /** Sends the current state to every member's user object (the alarm's retry calls this). */
  async updateMemberLists(): Promise<void> {
    const state = this.#state();
    if (!state) return;
    const { workspace, members } = state;
    await Promise.all(
      members.map((member) =>
        this.#user(member.userId).rememberWorkspace({
          id: workspace.id,
          name: workspace.name,
          role: member.role,
          trashedAt: workspace.trashed_at,
        }),
      ),
    );
  }

  /** Drops the workspace from these people's lists (removed, or the workspace is gone). */
  async forgetWorkspace(userIds: readonly string[], workspaceId: string): Promise<void> {
    for (const userId of userIds) await this.#user(userId).forgetWorkspace(workspaceId);
  }

  /** Puts a line in someone's inbox. */
  async notify(userId: string, workspaceId: string, text: string): Promise<void> {
    try {
      await this.#user(userId).notify({ text, workspaceId });
    } catch (error) {
      // The inbox is a courtesy; the change itself has happened.
      console.error(`could not notify ${userId}`, error);
    }
  }

  /** Re-labels (or, for `null`, closes) a member's sockets in each of these documents. */
  async applyRole(fileIds: readonly string[], userId: string, role: Role | null): Promise<void> {
    await this.#eachDocument(fileIds, "apply the new role in", (document) =>
      document.setMemberRole(userId, role),
    );
  }

  /** Re-labels a member's cursors in each of these documents (they renamed themselves). */
  async applyProfile(fileIds: readonly string[], user: User): Promise<void> {
    await this.#eachDocument(fileIds, "apply the new name in", (document) =>
      document.setMemberProfile(user.id, { name: user.name, color: user.color }),
    );
  }

  /** Closes the sockets a link's visitors hold in its file (the link was revoked); they share one id. */
  async closeVisitors(fileId: string, visitorId: string): Promise<void> {
    await this.#eachDocument([fileId], "disconnect the visitors of", (document) =>
      document.closeUser(visitorId, CloseCode.forbidden, "This link was turned off by its owner."),
    );
  }

  /** Closes every socket of these documents with 4404 (their files went to the trash). */
  async disconnectFiles(fileIds: readonly string[], reason: string): Promise<void> {
    await this.#eachDocument(fileIds, "disconnect", (document) =>
      document.disconnectAll(CloseCode.notFound, reason),
    );
  }

  async #eachDocument(
    fileIds: readonly string[],
    what: string,
    call: (document: DurableObjectStub<DocumentObject>) => Promise<unknown>,
  ): Promise<void> {
    await Promise.all(
      fileIds.map(async (fileId) => {
        try {
          await call(objectFor(this.#env.DOCUMENTS, fileId));
        } catch (error) {
          console.error(`could not ${what} document ${fileId}`, error);
        }
      }),
    );
  }

  #user(userId: string) {
    return this.#env.USERS.get(this.#env.USERS.idFromName(userId));
  }
}
