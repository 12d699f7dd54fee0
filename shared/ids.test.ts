import { describe, expect, it } from "vitest";
import { INVITE_TOKEN_PATTERN } from "./api/members.ts";
import { isId, jurisdictionOf, newId, randomBase64Url } from "./ids.ts";

describe("ids", () => {
  it("are 22 base64url characters, with no jurisdiction", () => {
    const id = newId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(isId(id)).toBe(true);
    expect(jurisdictionOf(id)).toBeUndefined();
  });

  it("carry a jurisdiction as a prefix that no plain id can be mistaken for", () => {
    const eu = newId("eu");
    expect(eu).toMatch(/^eu-[A-Za-z0-9_-]{22}$/);
    expect(isId(eu)).toBe(true);
    expect(jurisdictionOf(eu)).toBe("eu");
    expect(jurisdictionOf(newId("fedramp"))).toBe("fedramp");
    // A plain id that happens to start with "eu-" is still a plain id.
    expect(jurisdictionOf(`eu-${randomBase64Url(16).slice(3)}`)).toBeUndefined();
  });

  it("refuses an unknown jurisdiction or a short random part", () => {
    const random = randomBase64Url(16);
    expect(isId(`mars-${random}`)).toBe(false);
    expect(isId(`EU-${random}`)).toBe(false);
    expect(isId(`eu-${random.slice(1)}`)).toBe(false);
    expect(isId(`eu.${random}`)).toBe(false);
  });

  it("fit in share-link tokens", () => {
    const token = `${newId("eu")}.${randomBase64Url(32)}`;
    expect(INVITE_TOKEN_PATTERN.exec(token)?.[1]).toMatch(/^eu-/);
  });
});
