import { describe, expect, it } from "vitest";
import { withPresence } from "./presence-map.ts";

const ada = { userId: "a", name: "Ada", color: "#111111" };
const bea = { userId: "b", name: "Bea", color: "#222222" };

describe("withPresence", () => {
  it("moves one person to their new files and keeps everyone else", () => {
    const before = { f1: [ada, bea], f2: [bea] };
    expect(withPresence(before, ada, ["f2"])).toEqual({ f1: [bea], f2: [ada, bea] });
    expect(before).toEqual({ f1: [ada, bea], f2: [bea] });
  });

  it("drops a file nobody has open any more", () => {
    expect(withPresence({ f1: [ada] }, ada, [])).toEqual({});
  });

  it("takes the person's new name and colour", () => {
    const renamed = { ...ada, name: "Zed" };
    expect(withPresence({ f1: [ada, bea] }, renamed, ["f1"])).toEqual({ f1: [bea, renamed] });
  });
});
