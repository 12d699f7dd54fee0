import { describe, expect, it } from "vitest";
import { matchRoute } from "./match-route.ts";

const W = "AAAAAAAAAAAAAAAAAAAAAA";
const P = "BBBBBBBBBBBBBBBBBBBBBB";
const F = "CCCCCCCCCCCCCCCCCCCCCC";

describe("matchRoute", () => {
  it("finds home, a workspace, a file in it, and an invite", () => {
    expect(matchRoute("/")).toEqual({ kind: "home" });
    expect(matchRoute("/account")).toEqual({ kind: "account" });
    expect(matchRoute(`/w/${W}`)).toEqual({ kind: "workspace", workspaceId: W });
    expect(matchRoute(`/w/${W}/p/${P}/f/${F}`)).toEqual({
      kind: "workspace",
      workspaceId: W,
      projectId: P,
      fileId: F,
    });
    expect(matchRoute(`/invite/${W}.secret`)).toEqual({ kind: "invite", token: `${W}.secret` });
    expect(matchRoute(`/view/${W}.secret`)).toEqual({ kind: "view", token: `${W}.secret` });
  });

  it("accepts ids that carry a data jurisdiction", () => {
    expect(matchRoute(`/w/eu-${W}/p/eu-${P}/f/eu-${F}`)).toEqual({
      kind: "workspace",
      workspaceId: `eu-${W}`,
      projectId: `eu-${P}`,
      fileId: `eu-${F}`,
    });
    expect(matchRoute(`/w/mars-${W}`).kind).toBe("invalid-link");
  });

  it("explains a malformed id and does not know other paths", () => {
    expect(matchRoute("/w/short")).toEqual({ kind: "invalid-link", address: "/w/short" });
    expect(matchRoute(`/w/${W}/p/${P}/f/bad`).kind).toBe("invalid-link");
    expect(matchRoute("/d/anything")).toEqual({ kind: "not-found", pathname: "/d/anything" });
  });
});
