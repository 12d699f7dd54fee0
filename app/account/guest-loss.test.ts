import { describe, expect, it } from "vitest";
import { guestLossSentence } from "./guest-loss.ts";

describe("guestLossSentence", () => {
  it.each([
    [{ workspaces: 3, owned: 2 }, "loses access to 3 workspaces, 2 of which you own, for good."],
    [{ workspaces: 2, owned: 2 }, "loses access to 2 workspaces, all of which you own, for good."],
    [{ workspaces: 1, owned: 1 }, "loses access to 1 workspace, which you own, for good."],
    [{ workspaces: 4, owned: 0 }, "loses access to 4 workspaces, for good."],
    [{ workspaces: 0, owned: 0 }, "ends this identity for good"],
  ])("%o", (loss, words) => {
    expect(guestLossSentence(loss)).toContain(words);
    expect(guestLossSentence(loss)).toMatch(/^You are a guest: signing out /);
  });
});
