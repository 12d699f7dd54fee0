import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defaultColor, SignInRequest, UpdateProfileRequest, USER_COLORS } from "./session.ts";

describe("SignInRequest", () => {
  it("trims and normalises the name and lower-cases the colour", () => {
    const parsed = v.parse(SignInRequest, { name: "  Zoe\u0301  ", color: "#ABCDEF" });
    expect(parsed).toEqual({ name: "Zoé", color: "#abcdef" });
  });

  it("counts characters, not UTF-16 units, up to 50", () => {
    expect(v.safeParse(SignInRequest, { name: "😀".repeat(50) }).success).toBe(true);
    expect(v.safeParse(SignInRequest, { name: "😀".repeat(51) }).success).toBe(false);
  });

  it("refuses control characters anywhere, and bidi overrides", () => {
    for (const name of ["a\u0000b", "tab\there", "line\n", "\u009b", "evil\u202egnp.exe"]) {
      expect(v.safeParse(SignInRequest, { name }).success, JSON.stringify(name)).toBe(false);
    }
  });

  it("refuses unknown fields", () => {
    expect(v.safeParse(SignInRequest, { name: "Ada", admin: true }).success).toBe(false);
  });
});

describe("UpdateProfileRequest", () => {
  it("needs a name or a colour", () => {
    expect(v.safeParse(UpdateProfileRequest, {}).success).toBe(false);
    expect(v.parse(UpdateProfileRequest, { color: "#00FF00" })).toEqual({ color: "#00ff00" });
  });
});

describe("defaultColor", () => {
  it("is a palette colour, the same for the same seed, and uses the whole palette", () => {
    expect(defaultColor("abc")).toBe(defaultColor("abc"));
    const seen = new Set(Array.from({ length: 200 }, (_, i) => defaultColor(`user-${i}`)));
    expect([...seen].sort()).toEqual([...USER_COLORS].sort());
  });
});
