import { describe, expect, it } from "vitest";
import { Members } from "./members.ts";
import { FilePresence } from "./presence.ts";
import { withWorkspaceStorage } from "./test-storage.ts";

describe("FilePresence", () => {
  it("takes the newest report per member and drops one that arrives late", async () => {
    const answers = await withWorkspaceStorage((storage) => {
      const members = new Members(storage);
      members.add({ id: "u1", name: "Bea", color: "#111111" }, "editor", 1);
      members.add({ id: "u2", name: "Ada", color: "#222222" }, "editor", 2);
      const presence = new FilePresence(storage);
      const taken = [
        presence.take("u1", ["f1", "f2"], 5),
        presence.take("u2", ["f1", "f1"], 1),
        presence.take("u1", ["f2"], 4),
      ];
      const afterLate = presence.filesOf("u1");
      presence.take("u1", ["f2"], 6);
      const byFile = presence.byFile();
      presence.forget("u2");
      return { taken, afterLate, byFile, afterForget: presence.byFile() };
    });
    expect(answers.taken).toEqual([true, true, false]);
    expect(answers.afterLate).toEqual(["f1", "f2"]);
    expect(answers.byFile).toEqual({
      f1: [{ userId: "u2", name: "Ada", color: "#222222" }],
      f2: [{ userId: "u1", name: "Bea", color: "#111111" }],
    });
    expect(answers.afterForget).toEqual({ f2: [{ userId: "u1", name: "Bea", color: "#111111" }] });
  });
});
