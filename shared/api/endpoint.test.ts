import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { contract } from "./contract.ts";
import { parseJson, pathFor } from "./endpoint.ts";

describe("pathFor", () => {
  it("fills in and percent-encodes each parameter", () => {
    expect(pathFor(contract.acceptInvite.path, { token: "ws.a/b c" })).toBe(
      "/api/invites/ws.a%2Fb%20c/accept",
    );
  });

  it("keeps the slashes of a many-segment parameter and encodes each segment", () => {
    const path = pathFor(contract.moveFolder.path, { ws: "W", project: "P", path: "a b/c?" });
    expect(path).toBe("/api/workspaces/W/projects/P/folders/a%20b/c%3F");
    const match = new URLPattern({ pathname: contract.moveFolder.path }).exec({ pathname: path });
    expect(match?.pathname.groups).toEqual({ ws: "W", project: "P", path: "a%20b/c%3F" });
  });

  it("refuses to build a path with a parameter missing", () => {
    expect(() => pathFor(contract.file.path, { ws: "W", project: "P" })).toThrow(/file/);
  });
});

describe("parseJson", () => {
  const Schema = v.object({ name: v.pipe(v.string(), v.minLength(1, "must not be empty")) });

  it("answers the checked value", () => {
    expect(parseJson(Schema, '{"name":"Ada","extra":1}')).toEqual({
      ok: true,
      value: { name: "Ada" },
    });
  });

  it("says what is wrong, naming the field, and never throws", () => {
    expect(parseJson(Schema, "{")).toEqual({ ok: false, problem: "The body must be JSON." });
    expect(parseJson(Schema, '{"name":""}')).toEqual({
      ok: false,
      problem: "name: must not be empty",
    });
  });
});
