import type { Member, MemberList } from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import { CloseCode } from "../../shared/errors.ts";
import { type Role, ROLE_WORDS, strongerRole } from "../../shared/roles.ts";
import { conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { Access, Caller } from "./access.ts";
import type { AccessRequests } from "./access-requests.ts";
import type { FanOut } from "./fan-out.ts";
import type { LiveSockets } from "./live.ts";
import { MAX_MEMBERS, type Members } from "./members.ts";
import type { FilePresence } from "./presence.ts";
import type { WorkspaceRecord } from "./record.ts";
import type { ShareLinks } from "./share-links.ts";
import type { TreeReadModel } from "./tree.ts";

/** The parts the sharing use cases work with, and how they say that something changed. */
export interface SharingParts {
  access: Access;
  record: WorkspaceRecord;
  members: Members;
  links: ShareLinks;
  requests: AccessRequests;
  tree: TreeReadModel;
  presence: FilePresence;
  live: LiveSockets;
  fanOut: FanOut;
  /** Bumps the workspace's version and pushes the tree (owners' member lists reload on it). */
  changed(): void;
}

/** How someone is let in: by a share link, or by an owner approving their request. */
export type Admission =
  | { via: "link"; inviteId: string; invitedBy: string }
  | { via: "request"; approvedBy: string };

/**
 * Members: who belongs, which role they hold, who is removed, and who is let
 * in, with everything that follows at once: the version (owners' lists
 * reload), the members' own workspace lists, the sockets they hold in every
 * document and in the live tree, and their inbox.
 */
export class Sharing {
  readonly #parts: SharingParts;

  constructor(parts: SharingParts) {
    this.#parts = parts;
  }

  /** Everyone in the workspace with their role; owners also see whom they removed. */
  members(caller: Caller): Outcome<MemberList> {
    const role = this.#parts.access.member(caller);
    if (!role.ok) return role;
    const removed = role.value === "owner" ? this.#parts.members.removed() : [];
    return ok({ members: this.#parts.members.list(), removed });
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
    await this.roleChangedEverywhere(userId, role);
    await this.notify(
      userId,
      `${members.nameOf(caller.userId)} made you ${ROLE_WORDS[role].person} of ${record.get()!.name}.`,
    );
    return ok(members.get(userId)!);
  }

  /**
   * Removes a member (owners; or anyone leaving on their own). Their sockets
   * in every document here are closed with 4403 at once. Someone an owner
   * removed cannot come back by a link made before (issue 12 item 4).
   */
  async removeMember(caller: Caller, userId: string): Promise<Outcome<null>> {
    const { access, members, record, presence, fanOut } = this.#parts;
    const leaving = caller.userId === userId;
    // Someone may leave a workspace in the trash too (deleting their account
    // leaves every workspace they do not delete, issue 18 item 5).
    const allowed = leaving
      ? access.member(caller, undefined, { trashed: true })
      : access.owner(caller);
    if (!allowed.ok) return allowed;
    if (!members.role(userId)) return notFound("That person is not a member of this workspace.");
    if (members.wouldLeaveNoOwner(userId, null)) return noOwnerLeft();
    const workspace = record.get()!;
    members.remove(userId, leaving ? undefined : caller.userId);
    presence.forget(userId);
    this.#parts.changed();
    await this.roleChangedEverywhere(
      userId,
      null,
      leaving ? "You left this workspace." : "You were removed from this workspace.",
    );
    await fanOut.forgetWorkspace([userId], workspace.id);
    if (!leaving) {
      const remover = members.nameOf(caller.userId);
      await this.notify(userId, `${remover} removed you from ${workspace.name}.`);
    }
    return ok(null);
  }

  /**
   * Lets `user` in with `role`, by a link or an approved request. Someone
   * already a member keeps the stronger of the two roles. Their removal, if
   * any, is over; a pending request is answered.
   */
  async admit(user: User, role: Role, admission: Admission): Promise<Outcome<Role>> {
    const { members, record, links, requests, fanOut } = this.#parts;
    const { name } = record.get()!;
    const existing = members.role(user.id);
    // A newcomer past the cap changes nothing, not even their pending request.
    if (!existing && members.count() >= MAX_MEMBERS) {
      return conflict(
        `This workspace has ${MAX_MEMBERS} members, the most it can have. An owner can remove someone to make room.`,
      );
    }
    requests.remove(user.id);
    if (existing) {
      const stronger = strongerRole(existing, role);
      if (stronger !== existing) {
        members.setRole(user.id, stronger);
        // A new version, so owners' member lists reload (issue 13 item 5).
        this.#parts.changed();
        await fanOut.memberListsChanged();
        await this.roleChangedEverywhere(user.id, stronger);
      }
      return ok(stronger);
    }
    members.add(user, role, Date.now());
    members.forgetRemoval(user.id);
    if (admission.via === "link") links.recordJoin(admission.inviteId, user.id);
    this.#parts.changed();
    await fanOut.memberListsChanged();
    const by = members.nameOf(
      admission.via === "link" ? admission.invitedBy : admission.approvedBy,
    );
    await this.notify(
      user.id,
      admission.via === "link"
        ? `${by} shared workspace ${name} with you.`
        : `${by} let you into ${name} as ${ROLE_WORDS[role].person}.`,
    );
    for (const owner of members.owners()) {
      await this.notify(owner.userId, `${user.name} joined ${name}.`);
    }
    return ok(role);
  }

  /**
   * A member renamed themselves or chose another colour (issue 12 item 6):
   * member rows and the tree's avatars follow (a new version), and the
   * documents they have open stamp their cursors again, for everyone at once.
   */
  async memberProfileChanged(user: User): Promise<void> {
    const { members, presence, fanOut } = this.#parts;
    if (!members.setProfile(user.id, user)) return;
    this.#parts.changed();
    await fanOut.applyProfile(presence.filesOf(user.id), user);
  }

  /** Puts a line in someone's inbox, about this workspace. */
  async notify(userId: string, text: string): Promise<void> {
    await this.#parts.fanOut.notify(userId, this.#parts.record.get()!.id, text);
  }

  /**
   * Applies a member's new role (or removal, `null`) to every socket they
   * hold here: each document of the workspace, and the live tree.
   */
  async roleChangedEverywhere(
    userId: string,
    role: Role | null,
    removedReason = "You were removed from this workspace.",
  ): Promise<void> {
    const { fanOut, tree, live } = this.#parts;
    // The live socket first: it is one message, and the page says so at once
    // rather than after every document has been told.
    if (role === null) {
      live.closeFor(userId, CloseCode.forbidden, removedReason);
    } else {
      live.sendTo(userId, { type: "role", role });
    }
    await fanOut.applyRole(tree.fileIds(), userId, role);
  }
}

function noOwnerLeft() {
  return conflict("A workspace needs at least one owner; make someone else an owner first.");
}
