import { describe, expect, it } from "vitest";
import { Members } from "./members.ts";
import { withWorkspaceStorage } from "./test-storage.ts";

const person = (id: string, name: string) => ({ id, name, color: "#123456" });

describe("Members", () => {
  it("keeps roles, names and join order", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const members = new Members(storage);
      members.add(person("u1", "Olive"), "owner", 1);
      members.add(person("u2", "Eddie"), "editor", 2);
      members.setRole("u2", "viewer");
      return {
        list: members.list().map((m) => `${m.name}:${m.role}`),
        role: members.role("u2"),
        stranger: members.role("u3"),
        name: members.nameOf("u1"),
        unknownName: members.nameOf("u3"),
        owners: members.owners().map((m) => m.userId),
      };
    });
    expect(answers).toEqual({
      list: ["Olive:owner", "Eddie:viewer"],
      role: "viewer",
      stranger: undefined,
      name: "Olive",
      unknownName: "Someone",
      owners: ["u1"],
    });
  });

  it("knows when a change would leave no owner", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const members = new Members(storage);
      members.add(person("u1", "Olive"), "owner", 1);
      members.add(person("u2", "Eddie"), "editor", 2);
      const alone = [
        members.wouldLeaveNoOwner("u1", "editor"),
        members.wouldLeaveNoOwner("u1", null),
        members.wouldLeaveNoOwner("u1", "owner"),
        members.wouldLeaveNoOwner("u2", null),
      ];
      members.setRole("u2", "owner");
      const two = [members.wouldLeaveNoOwner("u1", null)];
      members.remove("u1");
      return { alone, two, left: members.ids() };
    });
    expect(answers).toEqual({ alone: [true, true, false, false], two: [false], left: ["u2"] });
  });
});
