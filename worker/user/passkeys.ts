import { MAX_PASSKEYS, type PasskeyInfo } from "../../shared/api/passkeys.ts";
import { conflict, notFound, ok, type Outcome, tooMany } from "../lib/outcome.ts";
import type { PasskeyRow } from "./schema.ts";

/** A passkey as the Worker verifies a sign-in with it. */
export interface StoredPasskey {
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
}

/** What registration stores. */
export interface NewPasskey extends StoredPasskey {
  name: string;
}

function info(row: PasskeyRow): PasskeyInfo {
  return {
    id: row.credential_id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * The person's passkeys (issue 18): id, public key, signature counter,
 * transports, a name they chose, when it was made and last used. The index
 * from credential id to person lives in the credential shards; this is what
 * decides whether a credential is still the person's.
 */
export class Passkeys {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  count(): number {
    return this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM passkeys").one().n;
  }

  /** Oldest first, as the account page lists them. */
  list(): PasskeyInfo[] {
    return this.#sql
      .exec<PasskeyRow>("SELECT * FROM passkeys ORDER BY created_at, credential_id")
      .toArray()
      .map(info);
  }

  get(credentialId: string): StoredPasskey | undefined {
    const row = this.#row(credentialId);
    return (
      row && {
        credentialId: row.credential_id,
        publicKey: row.public_key,
        counter: row.counter,
        transports: JSON.parse(row.transports) as string[],
      }
    );
  }

  /** Stores a verified credential; refused past `MAX_PASSKEYS` or if it is already here. */
  add(passkey: NewPasskey): Outcome<PasskeyInfo> {
    if (this.#row(passkey.credentialId)) return conflict("This passkey is already registered.");
    if (this.count() >= MAX_PASSKEYS) {
      return tooMany(
        `You have ${MAX_PASSKEYS} passkeys, the most one account may have. Remove one first.`,
      );
    }
    this.#sql.exec(
      `INSERT INTO passkeys (credential_id, public_key, counter, transports, name, created_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL)`,
      passkey.credentialId,
      passkey.publicKey,
      passkey.counter,
      JSON.stringify(passkey.transports),
      passkey.name,
      Date.now(),
    );
    return ok(info(this.#row(passkey.credentialId)!));
  }

  /**
   * Records a verified sign-in: the authenticator's new counter (a counter
   * that went backwards was refused before this) and the time.
   */
  used(credentialId: string, counter: number): void {
    this.#sql.exec(
      "UPDATE passkeys SET counter = ?, last_used_at = ? WHERE credential_id = ?",
      counter,
      Date.now(),
      credentialId,
    );
  }

  rename(credentialId: string, name: string): Outcome<PasskeyInfo> {
    const { rowsWritten } = this.#sql.exec(
      "UPDATE passkeys SET name = ? WHERE credential_id = ?",
      name,
      credentialId,
    );
    if (rowsWritten === 0) return notFound("There is no such passkey.");
    return ok(info(this.#row(credentialId)!));
  }

  /** Removes a passkey; false if it was not there. */
  remove(credentialId: string): boolean {
    return (
      this.#sql.exec("DELETE FROM passkeys WHERE credential_id = ?", credentialId).rowsWritten > 0
    );
  }

  #row(credentialId: string): PasskeyRow | undefined {
    return this.#sql
      .exec<PasskeyRow>("SELECT * FROM passkeys WHERE credential_id = ?", credentialId)
      .toArray()[0];
  }
}
