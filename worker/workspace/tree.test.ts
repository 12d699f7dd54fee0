import { describe, expect, it } from "vitest";
import type { ProjectTree } from "../../shared/api/tree.ts";
import { applyMigrations } from "../lib/migrations.ts";
import { workspaceMigrations } from "./schema.ts";
import { withWorkspaceStorage } from "./test-storage.ts";
import { TreeReadModel } from "./tree.ts";

const file = (id: string, path: string, at = 1) => ({
  id,
  projectId: "p1",
  path,
  createdAt: at,
  updatedAt: at,
});

const report: ProjectTree = {
  files: [file("f1", "a.md"), file("f2", "docs/b.md")],
  folders: [{ projectId: "p1", path: "docs", createdAt: 1 }],
  trash: [{ kind: "file", id: "f3", projectId: "p1", label: "old.md", trashedAt: 5, purgeAt: 50 }],
};

describe("TreeReadModel", () => {
  it("keeps a project's reported tree as rows and answers file membership by lookup", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const tree = new TreeReadModel(storage);
      tree.addProject("p1", "Site");
      tree.addProject("p2", "Other");
      const stored = tree.storeReport("p1", 1, report);
      return {
        stored,
        details: tree.details(tree.project("p1")!),
        mine: tree.hasActiveFile("p1", "f1"),
        trashed: tree.hasActiveFile("p1", "f3"),
        otherProject: tree.hasActiveFile("p2", "f1"),
        fileIds: tree.fileIds(["p1"]).sort(),
        trash: tree.trash().map((entry) => entry.id),
        plan: storage.sql
          .exec<{ detail: string }>(
            "EXPLAIN QUERY PLAN SELECT 1 FROM tree_files WHERE id = ? AND project_id = ?",
            "f1",
            "p1",
          )
          .toArray()
          .map((row) => row.detail),
      };
    });
    expect(answers.stored).toBe(true);
    expect(answers.details).toMatchObject(report);
    expect([answers.mine, answers.trashed, answers.otherProject]).toEqual([true, false, false]);
    expect(answers.fileIds).toEqual(["f1", "f2"]);
    expect(answers.trash).toEqual(["f3"]);
    expect(answers.plan.join(" ")).toMatch(/USING INDEX/);
  });

  it("drops a report older than the one kept, and replaces the rows with a newer one", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const tree = new TreeReadModel(storage);
      tree.addProject("p1", "Site");
      tree.storeReport("p1", 2, report);
      const older = tree.storeReport("p1", 1, { files: [], folders: [], trash: [] });
      const same = tree.storeReport("p1", 2, { files: [], folders: [], trash: [] });
      const afterStale = tree.details(tree.project("p1")!).files.length;
      const newer = tree.storeReport("p1", 3, {
        files: [file("f9", "new.md")],
        folders: [],
        trash: [],
      });
      const unknown = tree.storeReport("nope", 9, report);
      return { older, same, afterStale, newer, unknown, files: tree.fileIds() };
    });
    expect(answers).toEqual({
      older: false,
      same: false,
      afterStale: 2,
      newer: true,
      unknown: false,
      files: ["f9"],
    });
  });

  it("lists a trashed project, hides its own trash until it is back, and forgets a purged one", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const tree = new TreeReadModel(storage);
      tree.addProject("p1", "Site");
      tree.storeReport("p1", 1, report);
      tree.setProjectTrashed("p1", 10);
      const trashed = tree.trash().map((entry) => `${entry.kind}:${entry.id}`);
      const active = tree.activeProjects().length;
      tree.setProjectTrashed("p1", null);
      const restored = tree.trash().map((entry) => `${entry.kind}:${entry.id}`);
      tree.removeProject("p1");
      const counts = ["tree_files", "tree_folders", "tree_trash", "projects"].map(
        (table) => storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n,
      );
      return { trashed, active, restored, counts };
    });
    expect(answers).toEqual({
      trashed: ["project:p1"],
      active: 0,
      restored: ["file:f3"],
      counts: [0, 0, 0, 0],
    });
  });

  it("moves trees stored as JSON blobs (before migration 0005) into rows", async () => {
    const migrated = await withWorkspaceStorage((storage) => {
      const sql = storage.sql;
      // Put the storage back as migration 0004 left it, with one project's tree as a blob.
      const tree0005 = workspaceMigrations.findIndex((m) => m.id === "0005-tree-rows");
      sql.exec("DELETE FROM _migrations WHERE position >= ?", tree0005);
      sql.exec("DROP TABLE tree_files");
      sql.exec("DROP TABLE tree_folders");
      sql.exec("DROP TABLE tree_trash");
      sql.exec("ALTER TABLE projects DROP COLUMN tree_version");
      sql.exec(
        "CREATE TABLE project_trees (project_id TEXT PRIMARY KEY, version INTEGER NOT NULL, tree TEXT NOT NULL)",
      );
      sql.exec(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', 'Site', 1, 1)",
      );
      sql.exec("INSERT INTO project_trees VALUES ('p1', 7, ?)", JSON.stringify(report));

      // Migration 0005 alone (the ones after it have already run here).
      applyMigrations(storage, workspaceMigrations.slice(0, tree0005 + 1));
      const tree = new TreeReadModel(storage);
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'project_trees'")
        .toArray();
      return {
        details: tree.details(tree.project("p1")!),
        version: tree.project("p1")!.tree_version,
        blobTableLeft: tables.length,
        member: tree.hasActiveFile("p1", "f2"),
      };
    });
    expect(migrated.details).toMatchObject(report);
    expect(migrated).toMatchObject({ version: 7, blobTableLeft: 0, member: true });
  });
});
