import { env, exports } from "cloudflare:workers";
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE, type User, USER_COLORS } from "../../shared/api/session.ts";
import { isId } from "../../shared/ids.ts";
import { SESSION_TTL_MS } from "../../shared/limits.ts";
import { hashToken, newSessionToken, sessionShard } from "../lib/auth.ts";
import { randomAddress } from "./api-client.ts";

const ORIGIN = "http://quire.test";
const DAY_SECONDS = 24 * 60 * 60;

interface Sent {
  status: number;
  body: any;
  setCookie: string | null;
}

/** One request to `/api/session` through the Worker, as a browser tab would send it. */
async function session(
  method: string,
  options: { cookie?: string; body?: unknown; origin?: string } = {},
): Promise<Sent> {
  // Each call from its own address: sign-ins are limited per address.
  const headers: Record<string, string> = { "CF-Connecting-IP": randomAddress() };
  if (options.cookie !== undefined) headers.Cookie = options.cookie;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await exports.default.fetch(`${options.origin ?? ORIGIN}/api/session`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    setCookie: response.headers.get("Set-Cookie"),
  };
}

interface SignedIn {
  user: User;
  token: string;
  /** What the browser sends back: `quire_session=<token>`. */
  cookie: string;
  setCookie: string;
}

async function signIn(body: unknown = { name: "Ada" }, origin = ORIGIN): Promise<SignedIn> {
  const sent = await session("POST", { body, origin });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const setCookie = sent.setCookie ?? "";
  const cookie = setCookie.split(";")[0]!;
  return { user: sent.body.user, token: cookie.split("=")[1]!, cookie, setCookie };
}

type SessionRow = Record<string, SqlStorageValue>;

async function storedSession(token: string): Promise<SessionRow | undefined> {
  const hash = await hashToken(token);
  return runInDurableObject(
    sessionShard(env, hash),
    (_, state) =>
      state.storage.sql
        .exec<SessionRow>("SELECT * FROM sessions WHERE hash = ?", hash)
        .toArray()[0],
  );
}

/** Moves a stored session's clock: `expires_at` (and, if asked, the sweep) by `deltaMs`. */
async function shiftSession(token: string, deltaMs: number, sweepAt?: number): Promise<void> {
  const hash = await hashToken(token);
  await runInDurableObject(sessionShard(env, hash), (_, state) => {
    state.storage.sql.exec(
      "UPDATE sessions SET expires_at = expires_at + ? WHERE hash = ?",
      deltaMs,
      hash,
    );
    if (sweepAt !== undefined) {
      state.storage.sql.exec(
        "UPDATE scheduled_events SET run_at = ? WHERE name = 'sweep'",
        sweepAt,
      );
    }
  });
}

describe("signing in as a guest", () => {
  it("returns the user and a session cookie with exactly the specified flags, then knows who you are", async () => {
    const before = Date.now();
    const usersBefore = (await listDurableObjectIds(env.USERS)).length;
    const signedIn = await signIn({ name: "  Ada Lovelace " });
    // The count the "wakes no user object" checks rely on does see new users.
    expect((await listDurableObjectIds(env.USERS)).length).toBe(usersBefore + 1);

    expect(isId(signedIn.user.id)).toBe(true);
    expect(signedIn.user.name).toBe("Ada Lovelace");
    expect(USER_COLORS).toContain(signedIn.user.color);
    expect(signedIn.setCookie).toMatch(
      /^quire_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000$/,
    );

    const me = await session("GET", { cookie: signedIn.cookie });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: signedIn.user, passkeys: 0 });

    const profile = await env.USERS.get(env.USERS.idFromName(signedIn.user.id)).profile();
    expect(profile).toMatchObject({ ok: true, value: signedIn.user });
    if (profile.ok) expect(profile.value.createdAt).toBeGreaterThanOrEqual(before);
  });

  it("keeps the chosen colour, lower-cased", async () => {
    const { user } = await signIn({ name: "Grace", color: "#1E90FF" });
    expect(user.color).toBe("#1e90ff");
  });

  // Issue 15.11: over https the cookie is `__Host-` prefixed, so no subdomain or
  // plain-http page can set one the Worker would take for Quire's.
  it("names the cookie __Host-quire_session and marks it Secure over https, and only there", async () => {
    const signedIn = await signIn({ name: "Ada" }, "https://quire.test");
    expect(signedIn.setCookie).toMatch(
      /^__Host-quire_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000; Secure$/,
    );
    const me = await session("GET", { cookie: signedIn.cookie, origin: "https://quire.test" });
    expect(me.status).toBe(200);
    const signedOut = await session("DELETE", {
      cookie: signedIn.cookie,
      origin: "https://quire.test",
    });
    expect(signedOut.status).toBe(204);
    // Both names are cleared: the prefixed one and any cookie from before the prefix.
    expect(signedOut.setCookie).toBe(
      "__Host-quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure, quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure",
    );
    expect(
      (await session("GET", { cookie: signedIn.cookie, origin: "https://quire.test" })).status,
    ).toBe(401);
  });

  it("still reads a plain quire_session cookie over https, and moves it to the prefixed name", async () => {
    const signedIn = await signIn({ name: "Ada" }, "https://quire.test");
    const legacy = `quire_session=${signedIn.token}`;
    const me = await session("GET", { cookie: legacy, origin: "https://quire.test" });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(signedIn.user);
    expect(me.setCookie).toMatch(
      /^__Host-quire_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+; Secure, quire_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0; Secure$/,
    );
  });

  it("stores the token's SHA-256, never the token", async () => {
    const { token, user } = await signIn({ name: "Ada" });
    const hash = await hashToken(token);
    const rows = await runInDurableObject(sessionShard(env, hash), (_, state) =>
      state.storage.sql.exec<SessionRow>("SELECT * FROM sessions").toArray(),
    );
    const row = rows.find((candidate) => candidate.hash === hash);
    expect(row).toMatchObject({ hash, user_id: user.id, name: "Ada", color: user.color });
    expect(JSON.stringify(rows)).not.toContain(token);
    // The shard is named by the hash's first hex digit.
    const shardIds = await listDurableObjectIds(env.SESSIONS);
    expect(shardIds.some((id) => id.equals(env.SESSIONS.idFromName(`shard-${hash[0]}`)))).toBe(
      true,
    );
  });

  it("ends the previous session when the same browser signs in again", async () => {
    const first = await signIn({ name: "Ada" });
    const second = await session("POST", { cookie: first.cookie, body: { name: "Grace" } });
    expect(second.status).toBe(201);
    expect((await session("GET", { cookie: first.cookie })).status).toBe(401);
    expect(await storedSession(first.token)).toBeUndefined();
  });
});

describe("signing out", () => {
  it("deletes the session at once and clears the cookie; signing out twice is fine", async () => {
    const signedIn = await signIn();
    const out = await session("DELETE", { cookie: signedIn.cookie });
    expect(out.status).toBe(204);
    expect(out.setCookie).toBe("quire_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
    expect(await storedSession(signedIn.token)).toBeUndefined();

    const after = await session("GET", { cookie: signedIn.cookie });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({
      error: { code: "unauthorized", message: "Sign in to continue." },
    });

    expect((await session("DELETE", { cookie: signedIn.cookie })).status).toBe(204);
    expect((await session("DELETE")).status).toBe(204);
  });
});

describe("a missing, unknown or tampered session", () => {
  it("is 401 for GET and PATCH and wakes no user object", async () => {
    const { token } = await signIn();
    const flipped = (token[0] === "A" ? "B" : "A") + token.slice(1);
    const cookies: (string | undefined)[] = [
      undefined,
      "",
      `${SESSION_COOKIE}=`,
      `${SESSION_COOKIE}=garbage`,
      `${SESSION_COOKIE}=${flipped}`,
      `${SESSION_COOKIE}=${newSessionToken()}`,
      `${SESSION_COOKIE}=${token}x`,
      `${SESSION_COOKIE}=${"%".repeat(43)}`,
      `other=${token}`,
      ";;;=;",
    ];
    const usersBefore = (await listDurableObjectIds(env.USERS)).length;
    for (const cookie of cookies) {
      for (const method of ["GET", "PATCH"]) {
        const sent = await session(method, {
          ...(cookie === undefined ? {} : { cookie }),
          ...(method === "PATCH" ? { body: { name: "Mallory" } } : {}),
        });
        expect(sent.status, `${method} with ${JSON.stringify(cookie)}`).toBe(401);
        expect(sent.body.error.code).toBe("unauthorized");
      }
    }
    expect((await listDurableObjectIds(env.USERS)).length).toBe(usersBefore);
  });
});

describe("bad bodies", () => {
  const cases: [string, unknown, RegExp][] = [
    ["an empty name", { name: "" }, /^name: must not be empty$/],
    ["a name of spaces", { name: "   " }, /^name: must not be empty$/],
    ["a 51-character name", { name: "x".repeat(51) }, /^name: must be at most 50 characters$/],
    ["a control character", { name: "Ada\u0007" }, /^name: must not contain control characters$/],
    ["a newline", { name: "Ada\nLovelace" }, /^name: must not contain control characters$/],
    ["a colour name", { name: "Ada", color: "red" }, /^color: must be a colour/],
    ["a short hex colour", { name: "Ada", color: "#fff" }, /^color: must be a colour/],
    ["a number for a name", { name: 42 }, /^name: must be a string$/],
    ["no name", {}, /^name: is required$/],
    ["not JSON", "{name: Ada", /^The body must be JSON\.$/],
    ["a string", '"Ada"', /^must be an object with a name and an optional color$/],
    ["null", "null", /^must be an object with a name and an optional color$/],
    [
      "an unknown field",
      { name: "Ada", admin: true },
      /^admin: is not a field this request takes$/,
    ],
  ];

  it.each(cases)("refuses %s at sign-in with 400 naming the field", async (_, body, message) => {
    const usersBefore = (await listDurableObjectIds(env.USERS)).length;
    const sent = await session("POST", { body });
    expect(sent.status).toBe(400);
    expect(sent.body.error.code).toBe("bad_request");
    expect(sent.body.error.message).toMatch(message);
    expect(sent.setCookie).toBeNull();
    expect((await listDurableObjectIds(env.USERS)).length).toBe(usersBefore);
  });

  it("refuses a body not sent as JSON, so a form on another site cannot sign you in as someone", async () => {
    const response = await exports.default.fetch(`${ORIGIN}/api/session`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: '{"name":"Eve="}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.message).toBe(
      "Send the body as application/json.",
    );
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("accepts exactly 50 characters", async () => {
    expect((await signIn({ name: "x".repeat(50) })).user.name).toHaveLength(50);
  });

  it("refuses a bad profile change and keeps the profile", async () => {
    const signedIn = await signIn({ name: "Ada" });
    for (const [body, message] of [
      [{}, /give a name or a color/],
      [{ name: "" }, /^name: must not be empty$/],
      [{ color: "blue" }, /^color: must be a colour/],
    ] as const) {
      const sent = await session("PATCH", { cookie: signedIn.cookie, body });
      expect(sent.status).toBe(400);
      expect(sent.body.error.message).toMatch(message);
    }
    expect((await session("GET", { cookie: signedIn.cookie })).body.user).toEqual(signedIn.user);
  });
});

describe("changing your name and colour", () => {
  it("updates the profile and the session, keeping the id", async () => {
    const signedIn = await signIn({ name: "Ada" });
    const renamed = await session("PATCH", {
      cookie: signedIn.cookie,
      body: { name: "Countess Lovelace", color: "#30A46C" },
    });
    expect(renamed.status).toBe(200);
    const expected = { id: signedIn.user.id, name: "Countess Lovelace", color: "#30a46c" };
    expect(renamed.body).toEqual({ user: expected, passkeys: 0 });
    expect((await session("GET", { cookie: signedIn.cookie })).body).toEqual({
      user: expected,
      passkeys: 0,
    });
    expect(await env.USERS.get(env.USERS.idFromName(signedIn.user.id)).profile()).toMatchObject({
      ok: true,
      value: expected,
    });
    expect(await storedSession(signedIn.token)).toMatchObject({
      name: "Countess Lovelace",
      color: "#30a46c",
    });
  });
});

describe("expiry", () => {
  it("refuses an expired session before the sweep, and the alarm deletes it", async () => {
    const signedIn = await signIn();
    await shiftSession(signedIn.token, -SESSION_TTL_MS - 1000);

    expect((await session("GET", { cookie: signedIn.cookie })).status).toBe(401);
    expect(await storedSession(signedIn.token)).toBeDefined();

    // Make the sweep due now, as if 30 days had passed, and fire the alarm.
    const hash = await hashToken(signedIn.token);
    await shiftSession(signedIn.token, 0, Date.now() - 1);
    expect(await runDurableObjectAlarm(sessionShard(env, hash))).toBe(true);

    expect(await storedSession(signedIn.token)).toBeUndefined();
    expect((await session("GET", { cookie: signedIn.cookie })).status).toBe(401);
  });

  it("ends a short session on its own alarm and points the alarm at the next expiry", async () => {
    const token = newSessionToken();
    const hash = await hashToken(token);
    const shard = sessionShard(env, hash);
    const user = { id: "short-lived-user-id-01", name: "Brief", color: "#e5484d" };
    const { expiresAt } = await shard.create(hash, user, 300);
    const cookie = `${SESSION_COOKIE}=${token}`;

    expect((await session("GET", { cookie })).status).toBe(200);
    const alarm = await runInDurableObject(shard, (_, state) => state.storage.getAlarm());
    expect(alarm).toBeLessThanOrEqual(expiresAt);

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await session("GET", { cookie })).status).toBe(401);
    // The runtime may have fired the alarm already; either way the row must go.
    await runDurableObjectAlarm(shard);
    expect(await storedSession(token)).toBeUndefined();

    const { nextExpiry, nextAlarm } = await runInDurableObject(shard, async (_, state) => ({
      nextExpiry: state.storage.sql
        .exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM sessions")
        .one().next,
      nextAlarm: await state.storage.getAlarm(),
    }));
    expect(nextAlarm).toBe(nextExpiry);
  });

  it("slides on use, but writes at most once an hour", async () => {
    const signedIn = await signIn();
    const created = (await storedSession(signedIn.token))!.expires_at as number;

    // Used again at once: no write.
    const again = await session("GET", { cookie: signedIn.cookie });
    expect(again.status).toBe(200);
    expect((await storedSession(signedIn.token))!.expires_at).toBe(created);

    // As if signed in two hours ago: the next use pushes expiry 30 days past now.
    const twoHours = 2 * 60 * 60 * 1000;
    await shiftSession(signedIn.token, -twoHours);
    const before = Date.now();
    const used = await session("GET", { cookie: signedIn.cookie });
    expect(used.status).toBe(200);
    const slid = (await storedSession(signedIn.token))!.expires_at as number;
    expect(slid).toBeGreaterThanOrEqual(before + SESSION_TTL_MS);
    expect(slid).toBeGreaterThan(created - twoHours);

    // The browser's cookie is renewed to match.
    const maxAge = Number(/Max-Age=(\d+)/.exec(used.setCookie ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(30 * DAY_SECONDS - 60);
    expect(maxAge).toBeLessThanOrEqual(30 * DAY_SECONDS);
  });
});

describe("sharding", () => {
  it("spreads sessions over several shard objects", async () => {
    const shards = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { token } = await signIn({ name: `Guest ${i}` });
      shards.add((await hashToken(token))[0]!);
    }
    expect(shards.size).toBeGreaterThan(1);
    const ids = await listDurableObjectIds(env.SESSIONS);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.length).toBeLessThanOrEqual(16);
  });
});
