import type { InviteBody } from "../../shared/api/members.ts";
import { newId, randomBase64Url } from "../../shared/ids.ts";
import type { GrantableRole } from "../../shared/roles.ts";
import { hashToken } from "../lib/auth.ts";
import { gone, notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { WorkspaceRow } from "./schema.ts";

/** A share link as stored. */
export interface InviteRow {
  id: string;
  secret_hash: string;
  /** Kept so owners can copy the link again; null for links made before it was kept. */
  secret: string | null;
  role: GrantableRole;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  file_id: string | null;
  anyone: number;
  [column: string]: SqlStorageValue;
}

/** A link with who joined with it and how many visitors opened it. */
export interface LinkRecord {
  row: InviteRow;
  joined: { userId: string; joinedAt: number }[];
  visitors: number;
}

/** At most this many visitors are counted per link, so a flood cannot grow the table without end. */
export const MAX_COUNTED_VISITORS = 100_000;

/**
 * The workspace's share links. A token is "<workspaceId>.<secret>": the
 * Worker routes it by the id, and the secret (256 random bits) is looked
 * up by its SHA-256. The secret itself is kept too, so an owner can copy a
 * link again (issue 12 item 2): whoever can read this storage can read the
 * workspace anyway.
 */
export class ShareLinks {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** Makes a link and returns it with its token. */
  async create(
    workspaceId: string,
    createdBy: string,
    body: InviteBody,
  ): Promise<{ row: InviteRow; token: string }> {
    const secret = randomBase64Url(32);
    const now = Date.now();
    const id = newId();
    this.#sql.exec(
      `INSERT INTO invites (id, secret_hash, secret, role, created_by, created_at, expires_at,
                            file_id, anyone)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      await hashToken(secret),
      secret,
      body.role,
      createdBy,
      now,
      body.expiresInSeconds === undefined ? null : now + body.expiresInSeconds * 1000,
      body.fileId ?? null,
      body.anyone ? 1 : 0,
    );
    return { row: this.#row(id)!, token: `${workspaceId}.${secret}` };
  }

  /** Every link, newest first, with who joined with it. */
  list(): LinkRecord[] {
    return this.#sql
      .exec<InviteRow>("SELECT * FROM invites ORDER BY created_at DESC, rowid DESC")
      .toArray()
      .map((row) => this.#record(row));
  }

  get(inviteId: string): LinkRecord | undefined {
    const row = this.#row(inviteId);
    return row && this.#record(row);
  }

  /** Revokes a link at once (again is harmless); undefined if there is no such link. */
  revoke(inviteId: string): LinkRecord | undefined {
    this.#sql.exec(
      "UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
      Date.now(),
      inviteId,
    );
    return this.get(inviteId);
  }

  /** Records that `userId` joined the workspace with this link. */
  recordJoin(inviteId: string, userId: string): void {
    this.#sql.exec(
      "INSERT OR IGNORE INTO invite_joins (invite_id, user_id, joined_at) VALUES (?, ?, ?)",
      inviteId,
      userId,
      Date.now(),
    );
  }

  /** Counts a visitor of an anyone link once, by the id their browser keeps. */
  recordVisitor(inviteId: string, visitorId: string): void {
    const counted = this.#visitorCount(inviteId);
    if (counted >= MAX_COUNTED_VISITORS) return;
    this.#sql.exec(
      `INSERT OR IGNORE INTO invite_visitors (invite_id, visitor_id, first_seen_at)
       VALUES (?, ?, ?)`,
      inviteId,
      visitorId,
      Date.now(),
    );
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
      return notFound("This link is not valid. Ask for a new one.");
    }
    if (workspace.trashed_at !== null) return gone("This workspace was deleted.");
    if (row.revoked_at !== null) return gone("This link was revoked. Ask for a new one.");
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      return gone("This link has expired. Ask for a new one.");
    }
    return ok(row);
  }

  #row(inviteId: string): InviteRow | undefined {
    return this.#sql.exec<InviteRow>("SELECT * FROM invites WHERE id = ?", inviteId).toArray()[0];
  }

  #record(row: InviteRow): LinkRecord {
    const joined = this.#sql
      .exec<{ user_id: string; joined_at: number }>(
        "SELECT user_id, joined_at FROM invite_joins WHERE invite_id = ? ORDER BY joined_at, rowid",
        row.id,
      )
      .toArray()
      .map((join) => ({ userId: join.user_id, joinedAt: join.joined_at }));
    return { row, joined, visitors: this.#visitorCount(row.id) };
  }

  #visitorCount(inviteId: string): number {
    return this.#sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM invite_visitors WHERE invite_id = ?",
        inviteId,
      )
      .one().n;
  }
}
