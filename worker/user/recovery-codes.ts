/**
 * The person's recovery codes (issue 18), as SHA-256 hashes only: the codes
 * themselves are shown once, when they are made, and never stored. Each
 * signs in once; a new set replaces every earlier code.
 */
export class RecoveryCodes {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** How many codes are still unused. */
  left(): number {
    return this.#sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM recovery_codes WHERE used_at IS NULL")
      .one().n;
  }

  /** Every code's hash, used or not. */
  hashes(): string[] {
    return this.#sql
      .exec<{ hash: string }>("SELECT hash FROM recovery_codes")
      .toArray()
      .map((row) => row.hash);
  }

  /** Replaces every code with `hashes`; answers the hashes that were there (to unlink them). */
  replace(hashes: readonly string[]): string[] {
    const old = this.hashes();
    this.#sql.exec("DELETE FROM recovery_codes");
    const now = Date.now();
    for (const hash of hashes) {
      this.#sql.exec("INSERT INTO recovery_codes (hash, created_at) VALUES (?, ?)", hash, now);
    }
    return old;
  }

  /** Spends a code: true once for an unused code of this person, false ever after. */
  use(hash: string): boolean {
    return (
      this.#sql.exec(
        "UPDATE recovery_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL",
        Date.now(),
        hash,
      ).rowsWritten > 0
    );
  }
}
