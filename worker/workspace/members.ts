import type { Member, RemovedMember } from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import type { Role } from "../../shared/roles.ts";

interface MemberRow {
  user_id: string;
  name: string;
  color: string;
  role: Role;
  joined_at: number;
  [column: string]: SqlStorageValue;
}

function memberFromRow(row: MemberRow): Member {
  return {
    userId: row.user_id,
    name: row.name,
    color: row.color,
    role: row.role,
    joinedAt: row.joined_at,
  };
}

/**
 * Who belongs to the workspace, with which role, name and colour; and who
 * an owner removed, since a removal is final until an owner lets them in
 * again (issue 12 item 4).
 */
export class Members {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  role(userId: string): Role | undefined {
    return this.#sql
      .exec<{ role: Role }>("SELECT role FROM members WHERE user_id = ?", userId)
      .toArray()[0]?.role;
  }

  /** Everyone, in the order they joined. */
  list(): Member[] {
    return this.#sql
      .exec<MemberRow>("SELECT * FROM members ORDER BY joined_at")
      .toArray()
      .map(memberFromRow);
  }

  get(userId: string): Member | undefined {
    const row = this.#sql
      .exec<MemberRow>("SELECT * FROM members WHERE user_id = ?", userId)
      .toArray()[0];
    return row && memberFromRow(row);
  }

  /** How many members there are (capped at `MAX_MEMBERS`). */
  count(): number {
    return this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM members").one().n;
  }

  ids(): string[] {
    return this.list().map((member) => member.userId);
  }

  owners(): Member[] {
    return this.list().filter((member) => member.role === "owner");
  }

  /** The member's name for a sentence ("Olive removed you"), or "Someone". */
  nameOf(userId: string): string {
    return this.get(userId)?.name || "Someone";
  }

  /**
   * True when giving `userId` the role `next` (or removing them, `null`)
   * would leave the workspace without an owner.
   */
  wouldLeaveNoOwner(userId: string, next: Role | null): boolean {
    if (this.role(userId) !== "owner" || next === "owner") return false;
    return this.owners().length === 1;
  }

  add(user: User, role: Role, now: number): void {
    this.#sql.exec(
      "INSERT INTO members (user_id, role, joined_at, name, color) VALUES (?, ?, ?, ?, ?)",
      user.id,
      role,
      now,
      user.name,
      user.color,
    );
  }

  /** Takes a member's new name or colour; false when they are not a member or nothing changed. */
  setProfile(userId: string, profile: { name: string; color: string }): boolean {
    return (
      this.#sql.exec(
        "UPDATE members SET name = ?, color = ? WHERE user_id = ? AND (name != ? OR color != ?)",
        profile.name,
        profile.color,
        userId,
        profile.name,
        profile.color,
      ).rowsWritten > 0
    );
  }

  setRole(userId: string, role: Role): void {
    this.#sql.exec("UPDATE members SET role = ? WHERE user_id = ?", role, userId);
  }

  /** Takes a member out; `removedBy` (an owner removing them, not someone leaving) is recorded. */
  remove(userId: string, removedBy?: string): void {
    const member = this.get(userId);
    this.#sql.exec("DELETE FROM members WHERE user_id = ?", userId);
    if (!member || removedBy === undefined) return;
    this.#sql.exec(
      `INSERT OR REPLACE INTO removed_members (user_id, name, removed_at, removed_by)
       VALUES (?, ?, ?, ?)`,
      userId,
      member.name,
      Date.now(),
      removedBy,
    );
  }

  /** When an owner removed `userId`, if they did and have not been let in again. */
  removal(userId: string): RemovedMember | undefined {
    return this.removed().find((removed) => removed.userId === userId);
  }

  /** Everyone removed and not let in again, latest first. */
  removed(): RemovedMember[] {
    return this.#sql
      .exec<{ user_id: string; name: string; removed_at: number; removed_by: string }>(
        "SELECT * FROM removed_members ORDER BY removed_at DESC",
      )
      .toArray()
      .map((row) => ({
        userId: row.user_id,
        name: row.name,
        removedAt: row.removed_at,
        removedBy: this.nameOf(row.removed_by),
      }));
  }

  /** A removed person is let in again (a new link, an approved request): the removal is over. */
  forgetRemoval(userId: string): void {
    this.#sql.exec("DELETE FROM removed_members WHERE user_id = ?", userId);
  }
}

/**
 * The most members a workspace has (issue 15.11). Every change of the
 * workspace's name, a role or its trash state is sent to each member's
 * `UserObject`, so this bounds that fan-out too. README, Security.
 */
export const MAX_MEMBERS = 500;
