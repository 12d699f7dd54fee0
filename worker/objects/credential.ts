import { DurableObject } from "cloudflare:workers";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";
import { startUp } from "../lib/start-up.ts";

/** Append-only schema of a credential shard's SQLite (see `applyMigrations`). */
const migrations: readonly Migration[] = [
  {
    id: "0001-credentials",
    sql: `-- Who a passkey or a recovery code belongs to, by the SHA-256 of
          -- "passkey:<credential id>" or "recovery:<code>". Only a pointer:
          -- the person's UserObject holds the credential and says whether it
          -- is still theirs, so a row left behind signs no one in.
          CREATE TABLE owners (
            key_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL
          );
          -- WebAuthn challenges this shard handed out, by their SHA-256:
          -- each is taken once (deleted as it is read) and expires.
          CREATE TABLE challenges (
            hash TEXT PRIMARY KEY,
            purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign-in')),
            user_id TEXT,
            expires_at INTEGER NOT NULL
          );
          CREATE INDEX challenges_by_expiry ON challenges (expires_at)`,
  },
  schedulerMigration,
];

/** What a challenge was handed out for: a signed-in person's registration, or an anonymous sign-in. */
export type ChallengePurpose = { kind: "register"; userId: string } | { kind: "sign-in" };

/** What `takeChallenge` finds. */
export type TakenChallenge =
  | { ok: true; purpose: ChallengePurpose }
  | { ok: false; reason: "unknown" | "expired" };

interface ChallengeRow {
  purpose: "register" | "sign-in";
  user_id: string | null;
  expires_at: number;
  [column: string]: SqlStorageValue;
}

const SWEEP = "sweep";
const SWEEP_KEY = "expired";

/**
 * One of 16 shards of the sign-in credential index and of the WebAuthn
 * challenges, named `shard-<first hex digit of the key's SHA-256>` like the
 * session shards (worker/passkeys/index.ts picks them): a passkey sign-in
 * finds its person without knowing who they are, and no one object takes
 * every sign-in.
 *
 * Challenges expire through one "sweep" event at the earliest expiry, as
 * sessions do (see SessionObject): a taken challenge is one DELETE, and a
 * sweep removes every expired row at once. `takeChallenge` checks the expiry
 * itself, so one that has expired but is not swept yet is refused already.
 */
export class CredentialObject extends DurableObject<Env> {
  readonly #sql = this.ctx.storage.sql;
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    [SWEEP]: () => this.#sweep(),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    startUp(ctx, () => applyMigrations(ctx.storage, migrations));
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** Stores a challenge (by its hash) that `takeChallenge` accepts once before `expiresAt`. */
  async issueChallenge(hash: string, purpose: ChallengePurpose, expiresAt: number): Promise<void> {
    this.#sql.exec(
      "INSERT INTO challenges (hash, purpose, user_id, expires_at) VALUES (?, ?, ?, ?)",
      hash,
      purpose.kind,
      purpose.kind === "register" ? purpose.userId : null,
      expiresAt,
    );
    const sweepAt = this.#scheduler.scheduledAt(SWEEP, SWEEP_KEY);
    if (sweepAt === undefined || expiresAt < sweepAt) {
      await this.#scheduler.schedule(SWEEP, SWEEP_KEY, expiresAt);
    }
  }

  /**
   * Takes a challenge: deleted as it is read, so a replayed ceremony finds
   * nothing, whether the first one passed or failed.
   */
  takeChallenge(hash: string): TakenChallenge {
    const row = this.#sql
      .exec<ChallengeRow>(
        "DELETE FROM challenges WHERE hash = ? RETURNING purpose, user_id, expires_at",
        hash,
      )
      .toArray()[0];
    if (!row) return { ok: false, reason: "unknown" };
    if (row.expires_at <= Date.now()) return { ok: false, reason: "expired" };
    const purpose: ChallengePurpose =
      row.purpose === "register" && row.user_id !== null
        ? { kind: "register", userId: row.user_id }
        : { kind: "sign-in" };
    return { ok: true, purpose };
  }

  /** How many challenges wait to be taken (tests: an expired one is swept). */
  pendingChallenges(): number {
    return this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM challenges").one().n;
  }

  /** Points a key at its person. A key already pointing at someone else is refused. */
  link(keyHash: string, userId: string): boolean {
    this.#sql.exec(
      "INSERT INTO owners (key_hash, user_id) VALUES (?, ?) ON CONFLICT (key_hash) DO NOTHING",
      keyHash,
      userId,
    );
    return this.owner(keyHash) === userId;
  }

  /** Removes a key's pointer if it is `userId`'s. Idempotent. */
  unlink(keyHash: string, userId: string): void {
    this.#sql.exec("DELETE FROM owners WHERE key_hash = ? AND user_id = ?", keyHash, userId);
  }

  /** The person a key points at, if any. */
  owner(keyHash: string): string | undefined {
    return this.#sql
      .exec<{ user_id: string }>("SELECT user_id FROM owners WHERE key_hash = ?", keyHash)
      .toArray()[0]?.user_id;
  }

  /** Deletes every expired challenge and points the sweep at the next expiry. */
  #sweep(): { againAt: number } | undefined {
    this.#sql.exec("DELETE FROM challenges WHERE expires_at <= ?", Date.now());
    const next = this.#sql
      .exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM challenges")
      .one().next;
    return next === null ? undefined : { againAt: next };
  }
}
