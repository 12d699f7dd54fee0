import { describe, expect, it } from "vitest";
import { Access } from "./access.ts";
import { Members } from "./members.ts";
import { WorkspaceRecord } from "./record.ts";
import { withWorkspaceStorage } from "./test-storage.ts";
import { TreeReadModel } from "./tree.ts";

describe("Access", () => {
  it("answers each kind of caller with the status a route returns", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const record = new WorkspaceRecord(storage);
      const members = new Members(storage);
      const tree = new TreeReadModel(storage);
      const access = new Access(record, members, tree);
      const status = (outcome: { ok: boolean; failure?: { status: number } }) =>
        outcome.ok ? 200 : outcome.failure!.status;
      const before = status(access.member({ userId: "u1" }));
      record.create("ws", "Team", 1);
      members.add({ id: "u1", name: "Olive", color: "#111111" }, "owner", 1);
      members.add({ id: "u2", name: "Eddie", color: "#111111" }, "editor", 1);
      members.add({ id: "u3", name: "Vera", color: "#111111" }, "viewer", 1);
      tree.addProject("p1", "Site");
      tree.addProject("p2", "Old");
      tree.setProjectTrashed("p2", 5);
      const grid = ["u1", "u2", "u3", "stranger"].map((userId) => [
        status(access.member({ userId })),
        status(access.writer({ userId })),
        status(access.owner({ userId })),
      ]);
      const projects = [
        status(access.member({ userId: "u1" }, "p1")),
        status(access.member({ userId: "u1" }, "p2")),
        status(access.member({ userId: "u1" }, "p2", { trashed: true })),
        status(access.member({ userId: "u1" }, "nope")),
      ];
      record.setTrashed(10);
      const trashed = [
        status(access.member({ userId: "u1" })),
        status(access.owner({ userId: "u1" }, "no", true)),
      ];
      record.markPurging();
      const purging = status(access.owner({ userId: "u1" }, "no", true));
      return { before, grid, projects, trashed, purging };
    });
    expect(answers).toEqual({
      before: 404,
      grid: [
        [200, 200, 200],
        [200, 200, 403],
        [200, 403, 403],
        [403, 403, 403],
      ],
      projects: [200, 404, 200, 404],
      trashed: [404, 200],
      purging: 404,
    });
  });
});
