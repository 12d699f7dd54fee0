import { describe, expect, it } from "vitest";
import type { ProjectTree } from "../../shared/api/tree.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { ProjectRecord } from "./record.ts";
import { withProjectStorage } from "./test-storage.ts";
import { REPORT_TREE, TreeReport } from "./tree-report.ts";

const TREE: ProjectTree = { files: [], folders: [], trash: [] };

/**
 * The report on a real project's storage and scheduler, sending to a
 * stand-in workspace namespace: a workspace that cannot be reached cannot
 * be provoked on purpose here. Real delivery is in workspaces.test.ts (the
 * workspace lists every project's tree without waking one).
 */
function parts(storage: DurableObjectStorage, workspace: { fails: boolean }) {
  const record = new ProjectRecord(storage);
  record.create("project-1", "workspace-1");
  const sent: number[] = [];
  const stub = {
    receiveProjectTree: async (_: string, version: number) => {
      if (workspace.fails) throw new Error("the workspace could not be reached");
      sent.push(version);
    },
  };
  const env = {
    WORKSPACES: { idFromName: (name: string) => name, get: () => stub },
  } as unknown as Env;
  const scheduler = new AlarmScheduler(storage, { [REPORT_TREE]: () => {} });
  const report = new TreeReport({ env, record, scheduler, tree: () => TREE });
  const retryAt = () =>
    storage.sql
      .exec<{ run_at: number }>("SELECT run_at FROM scheduled_events WHERE name = ?", REPORT_TREE)
      .toArray()[0]?.run_at;
  return { record, report, sent, retryAt };
}

describe("TreeReport", () => {
  it("sends each change with a new version, awaited in the call", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const { report, sent, retryAt } = parts(storage, { fails: false });
      await report.changed();
      await report.changed();
      return { sent, retryAt: retryAt() };
    });
    expect(answers).toEqual({ sent: [1, 2], retryAt: undefined });
  });

  it("keeps a change it could not send and retries it from the alarm a second later", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const workspace = { fails: true };
      const { record, report, sent, retryAt } = parts(storage, workspace);
      const before = Date.now();
      await report.changed();
      const failed = { version: record.get()!.tree_version, retryAt: retryAt(), sent: [...sent] };
      workspace.fails = false;
      await report.send();
      return { before, failed, sent };
    });
    expect(answers.failed.version).toBe(1);
    expect(answers.failed.sent).toEqual([]);
    expect(answers.failed.retryAt).toBeGreaterThanOrEqual(answers.before + 1000);
    expect(answers.sent).toEqual([1]);
  });

  it("sends nothing once the project is being purged", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const { record, report, sent } = parts(storage, { fails: false });
      record.markPurging();
      await report.changed();
      return sent;
    });
    expect(answers).toEqual([]);
  });
});
