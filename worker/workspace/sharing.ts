import type {
  AcceptedInvite,
  CreatedInvite,
  Invite,
  InviteBody,
  Member,
} from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import { CloseCode } from "../../shared/errors.ts";
import { ROLES, type Role } from "../../shared/roles.ts";
import { conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { Access, Caller } from "./access.ts";
import type { FanOut } from "./fan-out.ts";
import type { LiveSockets } from "./live.ts";
import type { Members } from "./members.ts";
import type { FilePresence } from "./presence.ts";
import type { WorkspaceRecord } from "./record.ts";
import type { ShareLinks } from "./share-links.ts";
import type { TreeReadModel } from "./tree.ts";

/** The parts sharing works with, and how it tells the workspace that something changed. */
export interface SharingParts {
  access: Access;
  record: WorkspaceRecord;
  members: Members;
  links: ShareLinks;
  tree: TreeReadModel;
  presence: FilePresence;
  live: LiveSockets;
  fanOut: FanOut;
  /** Bumps the workspace's version and pushes the tree (owners' member lists reload on it). */
  changed(): void;
}

/**
 * Members and share links: who joins (by link), which role they hold, who
 * is removed, and everything that follows from it at once: the version, the
 * members' own workspace lists, the sockets they hold in every document and
 * in the live tree, and their inbox.
 */
export class Sharing {
  readonly #parts: SharingParts;

  constructor(parts: SharingParts) {
    this.#parts = parts;
  }

  /** Everyone in the workspace with their role. Members only. */
  members(caller: Caller): Outcome<Member[]> {
    const role = this.#parts.access.member(caller);
    return role.ok ? ok(this.#parts.members.list()) : role;
  }

  /**
   * Changes a member's role (owners only). There is always at least one
   * owner. The member's open documents follow within the call: their
   * sockets are downgraded (viewer) or upgraded at once.
   */
  async setRole(caller: Caller, userId: string, role: Role): Promise<Outcome<Member>> {
    const { access, members, record, fanOut } = this.#parts;
    const allowed = access.owner(caller);
    if (!allowed.ok) return allowed;
    if (!members.role(userId)) return notFound("That person is not a member of this workspace.");
    if (members.wouldLeaveNoOwner(userId, role)) return noOwnerLeft();
    members.setRole(userId, role);
    this.#parts.changed();
    await fanOut.memberListsChanged();
    await this.#roleChangedEverywhere(userId, role);
    const what = role === "owner" ? "an owner" : `a ${role}`;
    await this.#notify(
      userId,
      `${members.nameOf(caller.userId)} made you ${what} of ${record.get()!.name}.`,
    );
    return ok(members.get(userId)!);
  }

  /**
   * Removes a member (owners; or anyone leaving on their own). Their sockets
   * in every document here are closed with 4403 at once.
   */
  async removeMember(caller: Caller, userId: string): Promise<Outcome<null>> {
    const { access, members, record, presence, fanOut } = this.#parts;
    const leaving = caller.userId === userId;
    const allowed = leaving ? access.member(caller) : access.owner(caller);
    if (!allowed.ok) return allowed;
    if (!members.role(userId)) return notFound("That person is not a member of this workspace.");
    if (members.wouldLeaveNoOwner(userId, null)) return noOwnerLeft();
    const workspace = record.get()!;
    members.remove(userId);
    presence.forget(userId);
    this.#parts.changed();
    await fanOut.forgetWorkspace([userId], workspace.id);
    await this.#roleChangedEverywhere(userId, null);
    if (!leaving) {
      const remover = members.nameOf(caller.userId);
      await this.#notify(userId, `${remover} removed you from ${workspace.name}.`);
    }
    return ok(null);
  }

  /** Creates a share link (owners only); its token is returned once and stored only as a hash. */
  async createInvite(
    caller: Caller,
    body: InviteBody,
    origin: string,
  ): Promise<Outcome<CreatedInvite>> {
    const allowed = this.#parts.access.owner(caller);
    if (!allowed.ok) return allowed;
    const workspaceId = this.#parts.record.get()!.id;
    return ok(await this.#parts.links.create(workspaceId, caller.userId, body, origin));
  }

  /** The workspace's share links, newest first, without their tokens. Owners only. */
  invites(caller: Caller): Outcome<Invite[]> {
    const allowed = this.#parts.access.owner(caller);
    return allowed.ok ? ok(this.#parts.links.list()) : allowed;
  }

  /** Revokes a link at once; nobody can join with it afterwards. Owners only. */
  revokeInvite(caller: Caller, inviteId: string): Outcome<Invite> {
    const allowed = this.#parts.access.owner(caller);
    if (!allowed.ok) return allowed;
    const invite = this.#parts.links.revoke(inviteId);
    return invite ? ok(invite) : notFound("There is no such link.");
  }

  /** What a link offers, for the page that asks a person to join. */
  async previewInvite(secret: string): Promise<Outcome<{ workspaceName: string; role: Role }>> {
    const workspace = this.#parts.record.get();
    const invite = await this.#parts.links.usable(secret, workspace);
    if (!invite.ok) return invite;
    return ok({ workspaceName: workspace!.name, role: invite.value.role });
  }

  /**
   * Joins `user` with the link's role. Someone already a member keeps the
   * stronger of their role and the link's. A forged secret is 404; an expired
   * or revoked link is 410, and nobody joins.
   */
  async acceptInvite(secret: string, user: User): Promise<Outcome<AcceptedInvite>> {
    const { record, members, links, fanOut } = this.#parts;
    const workspace = record.get();
    const invite = await links.usable(secret, workspace);
    if (!invite.ok) return invite;
    const { id: workspaceId, name } = workspace!;
    const offered = invite.value.role;
    const existing = members.role(user.id);
    if (existing) {
      const stronger = ROLES.indexOf(existing) <= ROLES.indexOf(offered) ? existing : offered;
      if (stronger !== existing) {
        members.setRole(user.id, stronger);
        // A new version, so owners' member lists reload (issue 13 item 5).
        this.#parts.changed();
        await fanOut.memberListsChanged();
        await this.#roleChangedEverywhere(user.id, stronger);
      }
      return ok({ workspaceId, role: stronger });
    }
    members.add(user, offered, Date.now());
    this.#parts.changed();
    await fanOut.memberListsChanged();
    const inviter = members.nameOf(invite.value.created_by);
    await this.#notify(user.id, `${inviter} shared workspace ${name} with you.`);
    for (const owner of members.owners()) {
      await this.#notify(owner.userId, `${user.name} joined ${name}.`);
    }
    return ok({ workspaceId, role: offered });
  }

  async #notify(userId: string, text: string): Promise<void> {
    await this.#parts.fanOut.notify(userId, this.#parts.record.get()!.id, text);
  }

  /**
   * Applies a member's new role (or removal, `null`) to every socket they
   * hold here: each document of the workspace, and the live tree.
   */
  async #roleChangedEverywhere(userId: string, role: Role | null): Promise<void> {
    const { fanOut, tree, live } = this.#parts;
    await fanOut.applyRole(tree.fileIds(), userId, role);
    if (role === null) {
      live.closeFor(userId, CloseCode.forbidden, "You were removed from this workspace.");
    } else {
      live.sendTo(userId, { type: "role", role });
    }
  }
}

function noOwnerLeft() {
  return conflict("A workspace needs at least one owner; make someone else an owner first.");
}
