/**
 * Schema for a Durable Object's SQLite, as an append-only list of migrations
 * (the shape tldraw uses for its file objects). Each object file declares its
 * list at the top; `applyMigrations` runs the ones not yet applied, each in its
 * own transaction, and records them. Editing or removing a migration that an
 * object already ran is refused, because stored data was shaped by it.
 */

/** One schema step. `id` never changes once shipped. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** The stored schema history does not match the code's migrations list. */
export class MigrationHistoryError extends Error {
  override name = "MigrationHistoryError";
}

const HISTORY_TABLE = "_migrations";

/**
 * True once `applyMigrations` has run on `storage`. An object that must not
 * get storage for a request that names nothing (issue 15.4: a made-up id in a
 * link) migrates only when it is created, or when this says it already was.
 * Reading `sqlite_master` writes nothing.
 */
export function hasMigrated(storage: DurableObjectStorage): boolean {
  return (
    storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", HISTORY_TABLE)
      .toArray().length > 0
  );
}

/** Brings `storage` up to the last migration in `migrations`. Idempotent. */
export function applyMigrations(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
): void {
  const sql = storage.sql;
  sql.exec(
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
       position INTEGER PRIMARY KEY,
       id TEXT NOT NULL,
       applied_at INTEGER NOT NULL
     )`,
  );
  const applied = sql
    .exec<{ position: number; id: string }>(
      `SELECT position, id FROM ${HISTORY_TABLE} ORDER BY position`,
    )
    .toArray();

  if (applied.length > migrations.length) {
    throw new MigrationHistoryError(
      `storage has ${applied.length} migrations but the code knows only ${migrations.length}; was a newer version rolled back?`,
    );
  }
  applied.forEach((row, position) => {
    const expected = migrations[position];
    if (row.position !== position || expected?.id !== row.id) {
      throw new MigrationHistoryError(
        `migration ${position} was "${row.id}" when applied but is "${expected?.id}" now; migrations are append-only`,
      );
    }
  });

  for (let position = applied.length; position < migrations.length; position++) {
    const migration = migrations[position]!;
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      sql.exec(
        `INSERT INTO ${HISTORY_TABLE} (position, id, applied_at) VALUES (?, ?, ?)`,
        position,
        migration.id,
        Date.now(),
      );
    });
  }
}
