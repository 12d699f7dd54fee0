import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { newId } from "../../shared/ids.ts";
import { SESSION_LAST_SEEN_INTERVAL_MS, SESSION_TTL_MS } from "../../shared/limits.ts";
import { hashToken, newSessionToken, sessionShard } from "../lib/auth.ts";
import { ApiClient, fileOf, randomAddress } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Issue 18 item 3: a person's sessions, listed with browser and last seen,
 * and signed out one at a time, all others, or everywhere; an ended
 * session's sockets (documents and /api/me/live) close at once, as 15.10's do.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Signs in through the Worker from a browser that says who it is. */
async function signIn(name: string, userAgent = CHROME_LINUX): Promise<ApiClient> {
  const response = await exports.default.fetch("http://quire.test/api/session", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": randomAddress(),
      "User-Agent": userAgent,
    },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  const { user } = (await response.json()) as { user: ApiClient["user"] };
  return ApiClient.of(cookie, user);
}

/**
 * A second session of the same person, as a sign-in on another device makes
 * (guests cannot sign in twice yet; passkeys will): the shard's record and
 * the person's list, as `startSession` writes them.
 */
async function anotherDevice(person: ApiClient, browser = "Firefox on Windows") {
  const token = newSessionToken();
  const hash = await hashToken(token);
  await sessionShard(env, hash).create(hash, person.user, SESSION_TTL_MS);
  await env.USERS.get(env.USERS.idFromName(person.user.id)).sessionStarted(hash, browser);
  return { device: person.withCookie(`quire_session=${token}`), hash };
}

async function editing(person: ApiClient, syncUrl: string) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** A tab's live socket (`/api/me/live`) and how it closed. */
async function liveTab(person: ApiClient) {
  const response = await exports.default.fetch("http://quire.test/api/me/live", {
    headers: { Upgrade: "websocket", Cookie: person.cookie },
  });
  const socket = response.webSocket!;
  socket.accept();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener("close", (event) =>
      resolve({ code: event.code, reason: event.reason }),
    ),
  );
  // Opened before the caller goes on, so the socket is in before what ends it.
  return { closed };
}

const ELSEWHERE = {
  code: CloseCode.unauthorized,
  reason: "You were signed out from another session.",
};

describe("a person's sessions", () => {
  it("lists this one first with its browser, and never a token or its hash", async () => {
    const ada = await signIn("Ada");
    const { hash } = await anotherDevice(ada);
    const listed = await ada.call("GET", "/api/me/sessions");
    expect(listed.status).toBe(200);
    expect(
      listed.body.sessions.map((s: { browser: string; current: boolean }) => [
        s.browser,
        s.current,
      ]),
    ).toEqual([
      ["Chrome on Linux", true],
      ["Firefox on Windows", false],
    ]);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(hash);
    expect(text).not.toContain(ada.cookie.split("=")[1]!);
    for (const session of listed.body.sessions) {
      expect(session.lastSeenAt).toBeGreaterThanOrEqual(session.createdAt);
    }
  });

  it("moves last seen at most once per interval, not per request", async () => {
    const ada = await signIn("Ada");
    const hash = await hashToken(ada.cookie.split("=")[1]!);
    const shard = sessionShard(env, hash);
    const lastSeen = () =>
      runInDurableObject(
        shard,
        (_, state) =>
          state.storage.sql
            .exec<{ seen: number | null }>(
              "SELECT last_seen_at AS seen FROM sessions WHERE hash = ?",
              hash,
            )
            .one().seen,
      );
    const before = await lastSeen();
    for (let i = 0; i < 5; i++) await ada.call("GET", "/api/session");
    expect(await lastSeen()).toBe(before);
    // Six minutes on (as if): the next request writes once.
    const old = Date.now() - SESSION_LAST_SEEN_INTERVAL_MS - 60_000;
    await runInDurableObject(shard, (_, state) => {
      state.storage.sql.exec("UPDATE sessions SET last_seen_at = ? WHERE hash = ?", old, hash);
    });
    await ada.call("GET", "/api/session");
    const moved = await lastSeen();
    expect(moved).toBeGreaterThan(old + SESSION_LAST_SEEN_INTERVAL_MS);
    await ada.call("GET", "/api/session");
    expect(await lastSeen()).toBe(moved);
  });

  it("signs out one other session: its document and live sockets close, this one goes on", async () => {
    const ada = await signIn("Ada");
    const { file } = await fileOf(ada);
    const { device } = await anotherDevice(ada);
    const theirEditor = await editing(device, file.syncUrl);
    const theirTab = (await liveTab(device)).closed;
    const mine = await editing(ada, file.syncUrl);
    const other = (await ada.call("GET", "/api/me/sessions")).body.sessions.find(
      (s: { current: boolean }) => !s.current,
    );
    const out = await ada.call("DELETE", `/api/me/sessions/${other.id}`);
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toBeNull();
    expect(await theirEditor.untilClosed()).toEqual(ELSEWHERE);
    expect(await theirTab).toEqual(ELSEWHERE);
    expect((await device.call("GET", "/api/session")).status).toBe(401);
    expect(mine.closed).toBeUndefined();
    expect((await ada.call("GET", "/api/session")).status).toBe(200);
    const left = (await ada.call("GET", "/api/me/sessions")).body.sessions;
    expect(left.map((s: { current: boolean }) => s.current)).toEqual([true]);
  });

  it("signs out all others, keeping this one", async () => {
    const ada = await signIn("Ada");
    const { file } = await fileOf(ada);
    const phone = await anotherDevice(ada, "Safari on iOS");
    const laptop = await anotherDevice(ada);
    const phoneEditor = await editing(phone.device, file.syncUrl);
    const laptopTab = (await liveTab(laptop.device)).closed;
    const out = await ada.call("DELETE", "/api/me/sessions/others");
    expect(out.status).toBe(204);
    expect(await phoneEditor.untilClosed()).toEqual(ELSEWHERE);
    expect(await laptopTab).toEqual(ELSEWHERE);
    expect((await phone.device.call("GET", "/api/session")).status).toBe(401);
    expect((await laptop.device.call("GET", "/api/session")).status).toBe(401);
    expect((await ada.call("GET", "/api/me/sessions")).body.sessions).toHaveLength(1);
  });

  it("signs out everywhere: every session ends and this browser's cookie is cleared", async () => {
    const ada = await signIn("Ada");
    const { file } = await fileOf(ada);
    const { device } = await anotherDevice(ada);
    const theirEditor = await editing(device, file.syncUrl);
    const mine = await editing(ada, file.syncUrl);
    const out = await ada.call("DELETE", "/api/me/sessions");
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toMatch(/quire_session=;.*Max-Age=0/);
    expect(await theirEditor.untilClosed()).toEqual(ELSEWHERE);
    expect((await mine.untilClosed()).code).toBe(CloseCode.unauthorized);
    expect((await device.call("GET", "/api/session")).status).toBe(401);
    expect((await ada.call("GET", "/api/session")).status).toBe(401);
  });

  it("signing out this session from the list is a sign-out", async () => {
    const ada = await signIn("Ada");
    const mine = (await ada.call("GET", "/api/me/sessions")).body.sessions[0];
    const out = await ada.call("DELETE", `/api/me/sessions/${mine.id}`);
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect((await ada.call("GET", "/api/session")).status).toBe(401);
  });
});

describe("bad input to the sessions API", () => {
  it("refuses someone else's session id, unknown and malformed ids with 404, and changes nothing", async () => {
    const ada = await signIn("Ada");
    const bob = await signIn("Bob");
    const bobsSession = (await bob.call("GET", "/api/me/sessions")).body.sessions[0];
    for (const id of [bobsSession.id, newId(), "others-and-more", "x"]) {
      const refused = await ada.call("DELETE", `/api/me/sessions/${id}`);
      expect(refused.status, id).toBe(404);
      expect(refused.body.error.message).toBe("There is no such session.");
    }
    expect((await bob.call("GET", "/api/session")).status).toBe(200);
    expect((await ada.call("GET", "/api/session")).status).toBe(200);
    expect((await bob.call("GET", "/api/me/sessions")).body.sessions).toHaveLength(1);
  });

  it("asks a signed-out caller to sign in", async () => {
    const ada = await signIn("Ada");
    const mine = (await ada.call("GET", "/api/me/sessions")).body.sessions[0];
    const stranger = ada.withCookie("quire_session=" + newSessionToken());
    for (const [method, path] of [
      ["GET", "/api/me/sessions"],
      ["DELETE", "/api/me/sessions"],
      ["DELETE", "/api/me/sessions/others"],
      ["DELETE", `/api/me/sessions/${mine.id}`],
    ] as const) {
      expect((await stranger.call(method, path)).status, `${method} ${path}`).toBe(401);
    }
    expect((await ada.call("GET", "/api/session")).status).toBe(200);
  });
});
