import { describe, expect, it } from "vitest";
import {
  clearedSessionCookies,
  hashToken,
  isSessionToken,
  newSessionToken,
  readCookie,
  sessionCookies,
  sessionShardName,
} from "./auth.ts";

describe("readCookie", () => {
  it("finds a cookie among others, with or without spaces", () => {
    expect(readCookie("a=1; quire_session=abc; b=2", "quire_session")).toBe("abc");
    expect(readCookie("a=1;quire_session=abc;b=2", "quire_session")).toBe("abc");
    expect(readCookie("quire_session=abc", "quire_session")).toBe("abc");
  });

  it("does not confuse a name that only starts or ends the same", () => {
    expect(readCookie("quire_session2=x; my_quire_session=y", "quire_session")).toBeUndefined();
  });

  it("takes the first of two cookies with the name, as browsers send the most specific first", () => {
    expect(readCookie("quire_session=first; quire_session=second", "quire_session")).toBe("first");
  });

  it("keeps '=' inside the value and drops RFC 6265 quotes", () => {
    expect(readCookie("quire_session=a=b", "quire_session")).toBe("a=b");
    expect(readCookie('quire_session="abc"', "quire_session")).toBe("abc");
  });

  it("is undefined for no header, an empty header or pairs without '='", () => {
    expect(readCookie(null, "quire_session")).toBeUndefined();
    expect(readCookie("", "quire_session")).toBeUndefined();
    expect(readCookie("quire_session; ;;", "quire_session")).toBeUndefined();
  });
});

describe("session tokens", () => {
  it("are 43 base64url characters (256 bits) and differ every time", () => {
    const tokens = new Set(Array.from({ length: 100 }, newSessionToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(isSessionToken(token)).toBe(true);
  });

  it("refuses anything else before it reaches a shard", () => {
    for (const bad of [
      "",
      "abc",
      "a".repeat(42),
      "a".repeat(44),
      `${"a".repeat(42)}=`,
      `${"a".repeat(42)}+`,
    ]) {
      expect(isSessionToken(bad)).toBe(false);
    }
  });

  it("are stored as their SHA-256 in hex, whose first digit names the shard", async () => {
    expect(await hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sessionShardName("ba7816bf")).toBe("shard-b");
  });
});

describe("session cookies", () => {
  const token = "t".repeat(43);

  it("are HttpOnly, SameSite=Lax, for the whole site, for 30 days, over http", () => {
    expect(sessionCookies(token, new Request("http://localhost:5173/api/session"))).toEqual([
      `quire_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000`,
    ]);
  });

  it("are __Host- prefixed and Secure over https, and clear a plain one the browser still sent", () => {
    expect(sessionCookies(token, new Request("https://quire.example/api/session"), 60)).toEqual([
      `__Host-quire_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=60; Secure`,
    ]);
    const legacy = new Request("https://quire.example/api/session", {
      headers: { Cookie: `quire_session=${token}` },
    });
    expect(sessionCookies(token, legacy, 60)).toEqual([
      `__Host-quire_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=60; Secure`,
      "quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure",
    ]);
  });

  it("are cleared with an empty value and Max-Age=0, under both names over https", () => {
    expect(clearedSessionCookies(new Request("https://quire.example/api/session"))).toEqual([
      "__Host-quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure",
      "quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure",
    ]);
    expect(clearedSessionCookies(new Request("http://localhost:5173/api/session"))).toEqual([
      "quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0",
    ]);
  });
});
