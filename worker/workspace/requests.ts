import type { Member } from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import type {
  AccessRequest,
  AccessRequestBody,
  MyAccessRequest,
} from "../../shared/api/sharing.ts";
import type { GrantableRole } from "../../shared/roles.ts";
import { conflict, notFound, ok, type Outcome, tooMany } from "../lib/outcome.ts";
import type { Caller } from "./access.ts";
import { MAX_PENDING_REQUESTS, REQUESTS_PER_DAY } from "./access-requests.ts";
import type { Sharing, SharingParts } from "./sharing.ts";

/**
 * Access requests (issue 12 item 3): a signed-in person who is not a member
 * opens a file's address and asks; every owner finds it in their inbox and
 * in the Share dialog, and approves it with a role (the requester's page
 * turns into the file) or declines it.
 */
export class Requests {
  readonly #parts: SharingParts;
  readonly #sharing: Sharing;

  constructor(parts: SharingParts, sharing: Sharing) {
    this.#parts = parts;
    this.#sharing = sharing;
  }

  /**
   * Asks for access. 404 for a workspace that is not there (or in the
   * trash) or a file not in it; 409 for a member or a second request while
   * one waits; 429 past the limits. A refusal changes nothing.
   */
  async ask(user: User, body: AccessRequestBody): Promise<Outcome<MyAccessRequest>> {
    const { record, members, requests, tree } = this.#parts;
    const workspace = record.get();
    if (!workspace || workspace.purging || workspace.trashed_at !== null) {
      return notFound("There is no such workspace.");
    }
    if (members.role(user.id)) return conflict("You are already a member of this workspace.");
    if (requests.pending(user.id)) {
      return conflict("You have already asked; an owner will answer your request.");
    }
    if (body.fileId !== undefined && !tree.activeFile(body.fileId)) {
      return notFound("There is no such file in this workspace; it may have been deleted.");
    }
    const limit = requests.limitReached(user.id);
    if (limit === "limit") {
      return tooMany(
        `You have asked ${REQUESTS_PER_DAY} times today; try again tomorrow or ask an owner directly.`,
      );
    }
    if (limit === "full") {
      return tooMany(
        `${MAX_PENDING_REQUESTS} requests are waiting for this workspace's owners; try again later.`,
      );
    }
    const request = requests.add(user, body.fileId);
    // A new version: owners with the Share dialog open see the request at once.
    this.#parts.changed();
    const file = body.fileId ? tree.activeFile(body.fileId) : undefined;
    const what = file ? `${workspace.name} (${file.path})` : workspace.name;
    for (const owner of members.owners()) {
      await this.#sharing.notify(owner.userId, `${user.name} asks for access to ${what}.`);
    }
    return ok({ pending: true, requestedAt: request.requested_at });
  }

  /** Whether the caller's own request waits for an answer. */
  mine(user: User): MyAccessRequest {
    const request = this.#parts.requests.pending(user.id);
    return { pending: request !== undefined, requestedAt: request?.requested_at ?? null };
  }

  /** The pending requests, oldest first (owners only). */
  list(caller: Caller): Outcome<AccessRequest[]> {
    const allowed = this.#parts.access.owner(caller);
    if (!allowed.ok) return allowed;
    return ok(
      this.#parts.requests.list().map((row) => ({
        userId: row.user_id,
        name: row.name,
        color: row.color,
        requestedAt: row.requested_at,
        file: (row.file_id && this.#parts.tree.activeFile(row.file_id)) || null,
      })),
    );
  }

  /** Lets the requester in with `role` (owners only); their removal, if any, is over. */
  async approve(caller: Caller, userId: string, role: GrantableRole): Promise<Outcome<Member>> {
    const { access, requests, members } = this.#parts;
    const allowed = access.owner(caller);
    if (!allowed.ok) return allowed;
    const request = requests.pending(userId);
    if (!request) return notFound("There is no such request; it may have been answered already.");
    const user = { id: userId, name: request.name, color: request.color };
    const admitted = await this.#sharing.admit(user, role, {
      via: "request",
      approvedBy: caller.userId,
    });
    if (!admitted.ok) return admitted;
    return ok(members.get(userId)!);
  }

  /** Declines a request (owners only); the requester is told. */
  async decline(caller: Caller, userId: string): Promise<Outcome<null>> {
    const { access, requests, record } = this.#parts;
    const allowed = access.owner(caller);
    if (!allowed.ok) return allowed;
    if (!requests.pending(userId)) {
      return notFound("There is no such request; it may have been answered already.");
    }
    requests.remove(userId);
    this.#parts.changed();
    await this.#sharing.notify(userId, `Your request to join ${record.get()!.name} was declined.`);
    return ok(null);
  }
}
