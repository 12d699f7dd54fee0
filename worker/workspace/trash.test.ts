import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TRASH_RETENTION_MS } from "../../shared/api/tree.ts";
import { newId } from "../../shared/ids.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { WorkspaceRecord } from "./record.ts";
import { withWorkspaceStorage } from "./test-storage.ts";
import { PURGE_PROJECT, PURGE_WORKSPACE, TrashAndPurge } from "./trash.ts";
import { TreeReadModel } from "./tree.ts";

function parts(storage: DurableObjectStorage) {
  // Events are only inspected here; the handlers are the object's (see the purge tests).
  const scheduler = new AlarmScheduler(storage, {
    [PURGE_PROJECT]: () => {},
    [PURGE_WORKSPACE]: () => {},
  });
  const record = new WorkspaceRecord(storage);
  const tree = new TreeReadModel(storage);
  const calls: string[] = [];
  const trash = new TrashAndPurge({
    storage,
    env,
    scheduler,
    record,
    tree,
    hooks: {
      projectPurged: () => void calls.push("projectPurged"),
      workspacePurged: async (workspace) => void calls.push(`workspacePurged:${workspace.id}`),
    },
  });
  const scheduled = () =>
    storage.sql
      .exec<{ name: string; key: string; run_at: number }>(
        "SELECT name, key, run_at FROM scheduled_events ORDER BY name",
      )
      .toArray()
      .map((row) => ({ ...row }));
  return { trash, tree, record, calls, scheduled };
}

describe("TrashAndPurge", () => {
  it("schedules a trashed project's purge 30 days ahead and cancels it on restore", async () => {
    const answers = await withWorkspaceStorage(async (storage) => {
      const { trash, tree, scheduled } = parts(storage);
      tree.addProject("p1", "Site");
      const before = Date.now();
      await trash.trashProject("p1");
      const whileTrashed = scheduled();
      const trashedAt = tree.project("p1")!.trashed_at;
      await trash.restoreProject("p1");
      return {
        before,
        whileTrashed,
        trashedAt,
        afterRestore: scheduled(),
        row: tree.project("p1"),
      };
    });
    expect(answers.whileTrashed).toEqual([
      { name: PURGE_PROJECT, key: "p1", run_at: answers.trashedAt! + TRASH_RETENTION_MS },
    ]);
    expect(answers.trashedAt).toBeGreaterThanOrEqual(answers.before);
    expect(answers.afterRestore).toEqual([]);
    expect(answers.row?.trashed_at).toBeNull();
  });

  it("purges a project in steps through its object, logging one bookmark first", async () => {
    const workspaceId = newId();
    const projectId = newId();
    const init = await env.PROJECTS.get(env.PROJECTS.idFromName(projectId)).init(
      projectId,
      workspaceId,
    );
    expect(init.ok).toBe(true);
    const answers = await withWorkspaceStorage(async (storage) => {
      const { trash, tree, calls } = parts(storage);
      tree.addProject(projectId, "Site");
      const untrashed = await trash.purgeProjectStep(projectId);
      await trash.trashProject(projectId);
      const results = [];
      for (let step = 0; step < 5 && tree.project(projectId); step++) {
        results.push(await trash.purgeProjectStep(projectId));
      }
      const log = storage.sql.exec<{ detail: string }>("SELECT detail FROM log").toArray();
      return { untrashed, results, calls, gone: !tree.project(projectId), log };
    });
    expect(answers.untrashed).toBeUndefined();
    expect(answers.gone).toBe(true);
    expect(answers.results.at(-1)).toBeUndefined();
    expect(answers.calls).toEqual(["projectPurged"]);
    expect(answers.log).toHaveLength(1);
    expect(JSON.parse(answers.log[0]!.detail)).toMatchObject({ projectId });
    expect(JSON.parse(answers.log[0]!.detail)).toHaveProperty("bookmark");
  });

  it("purges a trashed workspace only, and hands over when no project is left", async () => {
    const answers = await withWorkspaceStorage(async (storage) => {
      const { trash, record, calls, scheduled } = parts(storage);
      record.create("ws", "Team", 1);
      const notTrashed = await trash.purgeWorkspaceStep();
      await trash.trashWorkspace();
      const planned = scheduled().map((event) => event.name);
      const step = await trash.purgeWorkspaceStep();
      return { notTrashed, planned, step, calls, purging: record.get()!.purging };
    });
    expect(answers.notTrashed).toBeUndefined();
    expect(answers.planned).toEqual([PURGE_WORKSPACE]);
    expect(answers.calls).toEqual(["workspacePurged:ws"]);
    expect(answers.step).toHaveProperty("againAt");
    expect(answers.purging).toBe(1);
  });
});
