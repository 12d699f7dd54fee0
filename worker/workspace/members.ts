import type { Member } from "../../shared/api/members.ts";
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

/** Who belongs to the workspace, with which role, name and colour. */
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

  setRole(userId: string, role: Role): void {
    this.#sql.exec("UPDATE members SET role = ? WHERE user_id = ?", role, userId);
  }

  remove(userId: string): void {
    this.#sql.exec("DELETE FROM members WHERE user_id = ?", userId);
  }
}
