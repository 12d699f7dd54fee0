import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { testDocumentId } from "../test/sync-client.ts";
import { documentMigrations } from "../objects/document.ts";
import { applyMigrations, MigrationHistoryError, type Migration } from "./migrations.ts";

// The runner is exercised on real Durable Object SQLite: a document object's
// storage, which already holds the document's own migrations.
const documentHistory: Migration[] = [...documentMigrations];

function withStorage<R>(run: (storage: DurableObjectStorage) => R): Promise<R> {
  const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(testDocumentId()));
  return runInDurableObject(stub, (_, state) => run(state.storage));
}

function tables(storage: DurableObjectStorage): string[] {
  return storage.sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .toArray()
    .map((row) => row.name);
}

describe("applyMigrations", () => {
  it("applies only the new migrations, once", async () => {
    const result = await withStorage((storage) => {
      const next = [
        ...documentHistory,
        { id: "0002-notes", sql: "CREATE TABLE notes (body TEXT)" },
      ];
      applyMigrations(storage, next);
      applyMigrations(storage, next);
      const applied = storage.sql.exec("SELECT id FROM _migrations ORDER BY position").toArray();
      return { tables: tables(storage), applied };
    });
    expect(result.tables).toContain("notes");
    expect(result.applied).toEqual(
      [...documentHistory, { id: "0002-notes" }].map(({ id }) => ({ id })),
    );
  });

  it("refuses a history whose applied migration was edited", async () => {
    const error = await withStorage((storage) => {
      try {
        applyMigrations(storage, [
          { id: "0001-renamed", sql: "SELECT 1" },
          ...documentHistory.slice(1),
        ]);
      } catch (caught) {
        return caught;
      }
    });
    expect(error).toBeInstanceOf(MigrationHistoryError);
  });

  it("refuses to run older code on newer storage", async () => {
    const error = await withStorage((storage) => {
      try {
        applyMigrations(storage, []);
      } catch (caught) {
        return caught;
      }
    });
    expect(error).toBeInstanceOf(MigrationHistoryError);
  });

  it("rolls back a failing migration whole", async () => {
    const result = await withStorage((storage) => {
      const broken = [
        ...documentHistory,
        { id: "0002-broken", sql: "CREATE TABLE half (a); CREATE TABLE oops (" },
      ];
      let failed = false;
      try {
        applyMigrations(storage, broken);
      } catch {
        failed = true;
      }
      return { failed, tables: tables(storage) };
    });
    expect(result.failed).toBe(true);
    expect(result.tables).not.toContain("half");
  });
});
