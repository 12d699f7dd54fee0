import type {
  AcceptedInvite,
  CreatedInvite,
  Invite,
  InviteBody,
  InvitePreview,
} from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import { VISITOR_ID_PREFIX, type VisitorView } from "../../shared/api/sharing.ts";
import { conflict, forbidden, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { Caller } from "./access.ts";
import type { InviteRow, LinkRecord } from "./share-links.ts";
import type { Sharing, SharingParts } from "./sharing.ts";

/**
 * What a visitor's document socket may open: one file, read-only, as
 * nobody in particular. The Worker turns it into the document's upgrade
 * (worker/routes/members.ts, `visitorSocket`).
 */
export interface VisitorGrant {
  workspaceId: string;
  projectId: string;
  fileId: string;
  /** The same for every visitor of one link: their sockets close together when it is revoked. */
  visitorId: string;
}

/** The id a visitor of this link has in the document (counted by the app, never named). */
export function visitorIdOf(inviteId: string): string {
  return `${VISITOR_ID_PREFIX}${inviteId}`;
}

/**
 * Share links (issue 12 item 2): made by owners with a role, an expiry,
 * optionally a file to land on; or, with `anyone`, a link by which whoever
 * has it reads one file live without signing in or joining. Owners see
 * every link again with its full URL, who made it, who joined with it and
 * how many visitors opened it.
 */
export class Invitations {
  readonly #parts: SharingParts;
  readonly #sharing: Sharing;

  constructor(parts: SharingParts, sharing: Sharing) {
    this.#parts = parts;
    this.#sharing = sharing;
  }

  /** Creates a link (owners only); a `fileId` must be an active file of this workspace. */
  async create(caller: Caller, body: InviteBody, origin: string): Promise<Outcome<CreatedInvite>> {
    const { access, record, links, tree } = this.#parts;
    const allowed = access.owner(caller);
    if (!allowed.ok) return allowed;
    if (body.fileId !== undefined && !tree.activeFile(body.fileId)) {
      return notFound("There is no such file in this workspace; it may have been deleted.");
    }
    const { row, token } = await links.create(record.get()!.id, caller.userId, body);
    const invite = this.#invite({ row, joined: [], visitors: 0 }, origin);
    return ok({ ...invite, token, url: linkUrl(origin, token, row) });
  }

  /** Every link, newest first (owners only). */
  list(caller: Caller, origin: string): Outcome<Invite[]> {
    const allowed = this.#parts.access.owner(caller);
    if (!allowed.ok) return allowed;
    return ok(this.#parts.links.list().map((record) => this.#invite(record, origin)));
  }

  /**
   * Revokes a link at once (owners only): nobody can join or view with it
   * afterwards, and visitors reading with it are disconnected. Who joined
   * with it stays a member.
   */
  async revoke(caller: Caller, inviteId: string, origin: string): Promise<Outcome<Invite>> {
    const { access, links, fanOut } = this.#parts;
    const allowed = access.owner(caller);
    if (!allowed.ok) return allowed;
    const record = links.revoke(inviteId);
    if (!record) return notFound("There is no such link.");
    if (record.row.anyone && record.row.file_id) {
      await fanOut.closeVisitors(record.row.file_id, visitorIdOf(inviteId));
    }
    return ok(this.#invite(record, origin));
  }

  /** What a link offers and who sent it, for the page that opens it (no sign-in needed). */
  async preview(secret: string): Promise<Outcome<InvitePreview>> {
    const { record, links, members } = this.#parts;
    const workspace = record.get();
    const link = await links.usable(secret, workspace);
    if (!link.ok) return link;
    const row = link.value;
    return ok({
      workspaceName: workspace!.name,
      role: row.role,
      invitedBy: members.nameOf(row.created_by),
      file: this.#file(row),
      anyone: row.anyone === 1,
    });
  }

  /**
   * Joins `user` with the link's role (or raises theirs). A forged secret is
   * 404; an expired or revoked link 410; a link anyone can open joins
   * nobody (409); someone an owner removed cannot come back by a link made
   * before the removal (403). Each refusal changes nothing.
   */
  async accept(secret: string, user: User): Promise<Outcome<AcceptedInvite>> {
    const { record, links, members } = this.#parts;
    const link = await links.usable(secret, record.get());
    if (!link.ok) return link;
    const row = link.value;
    if (row.anyone) {
      return conflict(
        "This link shows one file to anyone who has it; it does not add you to the workspace.",
      );
    }
    const removal = members.removal(user.id);
    if (removal && row.created_at <= removal.removedAt) {
      return forbidden(
        `${removal.removedBy} removed you from this workspace. Ask an owner to invite you again.`,
      );
    }
    const role = await this.#sharing.admit(user, row.role, {
      via: "link",
      inviteId: row.id,
      invitedBy: row.created_by,
    });
    if (!role.ok) return role;
    return ok({ workspaceId: record.get()!.id, role: role.value, file: this.#file(row) });
  }

  /** The file a link anyone can open shows, for its page (no sign-in needed). */
  async view(secret: string): Promise<Outcome<VisitorView>> {
    const grant = await this.#anyoneLink(secret);
    if (!grant.ok) return grant;
    const { row, file } = grant.value;
    return ok({
      workspaceName: this.#parts.record.get()!.name,
      sharedBy: this.#parts.members.nameOf(row.created_by),
      file,
    });
  }

  /**
   * What a visitor's socket may open, checked again at every upgrade. The
   * visitor is counted once per browser, by the random id its cookie keeps
   * (the page's first request set it; the socket carries it).
   */
  async visitorGrant(secret: string, visitorKey?: string): Promise<Outcome<VisitorGrant>> {
    const grant = await this.#anyoneLink(secret);
    if (!grant.ok) return grant;
    const { row, file } = grant.value;
    if (visitorKey) this.#parts.links.recordVisitor(row.id, visitorKey);
    return ok({
      workspaceId: this.#parts.record.get()!.id,
      projectId: file.projectId,
      fileId: file.id,
      visitorId: visitorIdOf(row.id),
    });
  }

  async #anyoneLink(secret: string) {
    const link = await this.#parts.links.usable(secret, this.#parts.record.get());
    if (!link.ok) return link;
    const row = link.value;
    if (!row.anyone) {
      return notFound("This link is for joining the workspace: open it as /invite/… and sign in.");
    }
    const file = this.#file(row);
    if (!file) return notFound("The file this link shows was moved to the trash or deleted.");
    return ok({ row, file });
  }

  #file(row: InviteRow) {
    return (row.file_id && this.#parts.tree.activeFile(row.file_id)) || null;
  }

  #invite({ row, joined, visitors }: LinkRecord, origin: string): Invite {
    const { members } = this.#parts;
    const workspaceId = this.#parts.record.get()!.id;
    return {
      id: row.id,
      role: row.role,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      createdBy: { userId: row.created_by, name: members.nameOf(row.created_by) },
      url: row.secret ? linkUrl(origin, `${workspaceId}.${row.secret}`, row) : null,
      file: this.#file(row),
      anyone: row.anyone === 1,
      joined: joined.map((join) => ({ ...join, name: this.#joinedName(join.userId) })),
      visitors,
    };
  }

  /** A member's name, or the name they had when removed, or "someone who left". */
  #joinedName(userId: string): string {
    const { members } = this.#parts;
    return members.get(userId)?.name ?? members.removal(userId)?.name ?? "someone who left";
  }
}

/** The page a link opens: `/view/…` for one that anyone can open, `/invite/…` to join. */
function linkUrl(origin: string, token: string, row: InviteRow): string {
  return `${origin}/${row.anyone ? "view" : "invite"}/${token}`;
}
