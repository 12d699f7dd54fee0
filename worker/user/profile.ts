import type { User } from "../../shared/api/session.ts";
import { notFound, ok, type Outcome } from "../lib/outcome.ts";
import type { ProfileRow } from "./schema.ts";

/** A user's profile, with when they first signed in. */
export interface UserProfile extends User {
  createdAt: number;
}

/**
 * The person's name and colour. The session keeps a copy of both, so reading
 * a session never wakes this object; changing them goes through here first.
 */
export class Profile {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  get(): UserProfile | undefined {
    const row = this.#sql.exec<ProfileRow>("SELECT * FROM profile").toArray()[0];
    return row && { id: row.id, name: row.name, color: row.color, createdAt: row.created_at };
  }

  /** Stores the profile at sign-up. Idempotent: an existing profile is kept and returned. */
  init(user: User): UserProfile {
    this.#sql.exec(
      `INSERT INTO profile (singleton, id, name, color, created_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO NOTHING`,
      user.id,
      user.name,
      user.color,
      Date.now(),
    );
    return this.get()!;
  }

  /** Changes the name, the colour or both; the rest stays. */
  update(changes: { name?: string; color?: string }): Outcome<UserProfile> {
    const current = this.get();
    if (!current) return notFound("There is no such user.");
    this.#sql.exec(
      "UPDATE profile SET name = ?, color = ? WHERE singleton = 1",
      changes.name ?? current.name,
      changes.color ?? current.color,
    );
    return ok(this.get()!);
  }
}
