import type { CreatedInvite, Invite, InviteBody } from "../../shared/api/members.ts";
import { newId, randomBase64Url } from "../../shared/ids.ts";
import { hashToken } from "../lib/auth.ts";
import { gone, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { WorkspaceRow } from "./schema.ts";

/** A share link as stored: the secret only as its SHA-256. */
export interface InviteRow {
  id: string;
  secret_hash: string;
  role: "editor" | "viewer";
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  [column: string]: SqlStorageValue;
}

function inviteFromRow(row: InviteRow): Invite {
  return {
    id: row.id,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * The workspace's share links. A token is "<workspaceId>.<secret>" (the
 * Worker routes it by the id); the secret is 256 random bits and only its
 * hash is kept, so the stored rows cannot be turned back into links.
 */
export class ShareLinks {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** Makes a link; its token is in the answer and nowhere else. */
  async create(
    workspaceId: string,
    createdBy: string,
    body: InviteBody,
    origin: string,
  ): Promise<CreatedInvite> {
    const secret = randomBase64Url(32);
    const token = `${workspaceId}.${secret}`;
    const now = Date.now();
    const invite: Invite = {
      id: newId(),
      role: body.role,
      createdAt: now,
      expiresAt: body.expiresInSeconds === undefined ? null : now + body.expiresInSeconds * 1000,
      revokedAt: null,
    };
    this.#sql.exec(
      `INSERT INTO invites (id, secret_hash, role, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      invite.id,
      await hashToken(secret),
      invite.role,
      createdBy,
      now,
      invite.expiresAt,
    );
    return { ...invite, token, url: `${origin}/invite/${token}` };
  }

  /** Every link, newest first, without tokens. */
  list(): Invite[] {
    return this.#sql
      .exec<InviteRow>("SELECT * FROM invites ORDER BY created_at DESC")
      .toArray()
      .map(inviteFromRow);
  }

  /** Revokes a link at once (again is harmless); undefined if there is no such link. */
  revoke(inviteId: string): Invite | undefined {
    this.#sql.exec(
      "UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
      Date.now(),
      inviteId,
    );
    const row = this.#sql
      .exec<InviteRow>("SELECT * FROM invites WHERE id = ?", inviteId)
      .toArray()[0];
    return row && inviteFromRow(row);
  }

  /**
   * The link a secret opens, if it may be used now: a forged secret is 404;
   * a revoked or expired link, or one to a trashed workspace, is 410.
   */
  async usable(secret: string, workspace: WorkspaceRow | undefined): Promise<Outcome<InviteRow>> {
    const row = this.#sql
      .exec<InviteRow>("SELECT * FROM invites WHERE secret_hash = ?", await hashToken(secret))
      .toArray()[0];
    if (!workspace || workspace.purging || !row) {
      return notFound("This invite link is not valid. Ask for a new one.");
    }
    if (workspace.trashed_at !== null) return gone("This workspace was deleted.");
    if (row.revoked_at !== null) return gone("This invite link was revoked. Ask for a new one.");
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      return gone("This invite link has expired. Ask for a new one.");
    }
    return ok(row);
  }
}
