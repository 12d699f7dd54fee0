import { env, exports } from "cloudflare:workers";
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../shared/api/session.ts";
import { newId, randomBase64Url } from "../../shared/ids.ts";
import { newSessionToken } from "../lib/auth.ts";
import { objectFor } from "../lib/placement.ts";
import { ApiClient, call, randomAddress } from "./api-client.ts";

/**
 * Issue 15.4: a request that fails validation or authentication creates no
 * object and no storage, and a made-up cookie does not buy its sender a
 * budget of their own.
 */

/** What a workspace object keeps on disk: its tables, and the database's size in bytes. */
function storageOf(workspaceId: string) {
  return runInDurableObject(objectFor(env.WORKSPACES, workspaceId), (_, state) => ({
    tables: state.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((row) => row.name),
    bytes: state.storage.sql.databaseSize,
  }));
}

describe("made-up ids create nothing", () => {
  // Local workerd opens a file for every object it wakes (listDurableObjectIds
  // counts them); Cloudflare keeps nothing for an object that never wrote.
  // What must not happen is the write: tables migrated for a workspace no one made.
  it("answers 404 to a made-up link, signed out or in, and the workspace object writes nothing", async () => {
    const ada = await ApiClient.signIn("Ada");
    const named: string[] = [];
    for (let i = 0; i < 2; i++) {
      const token = () => {
        named.push(newId());
        return `${named.at(-1)}.${randomBase64Url(32)}`;
      };
      expect((await call("GET", `/api/invites/${token()}`)).status).toBe(404);
      expect((await call("GET", `/api/view/${token()}`)).status).toBe(404);
      expect((await ada.call("GET", `/api/invites/${token()}`)).status).toBe(404);
      expect((await ada.call("POST", `/api/invites/${token()}/accept`)).status).toBe(404);
      named.push(newId());
      expect((await ada.call("GET", `/api/workspaces/${named.at(-1)}`)).status).toBe(404);
      named.push(newId());
      // The request-access page asks this of a workspace it cannot see; nothing is pending.
      const mine = await ada.call("GET", `/api/workspaces/${named.at(-1)}/access-requests/mine`);
      expect(mine.body).toEqual({ pending: false, requestedAt: null });
    }
    for (const id of named) expect((await storageOf(id)).tables, id).toEqual([]);
  });

  it("still migrates a workspace that someone creates", async () => {
    const ada = await ApiClient.signIn("Ada");
    const before = (await listDurableObjectIds(env.WORKSPACES)).length;
    const created = await ada.call("POST", "/api/workspaces", { name: "Real" });
    expect(created.status).toBe(201);
    expect((await listDurableObjectIds(env.WORKSPACES)).length).toBe(before + 1);
    expect((await storageOf(created.body.id)).tables).toContain("workspace");
  });
});

/** A request with a well-formed but unknown session cookie from `address`. */
function withMadeUpCookie(address: string) {
  return exports.default.fetch("http://quire.test/api/session", {
    headers: { Cookie: `${SESSION_COOKIE}=${newSessionToken()}`, "CF-Connecting-IP": address },
    cf: { colo: "AMS" },
  });
}

describe("a made-up cookie counts against its address", () => {
  it("refuses an address past its limit even when each request brings a fresh cookie", async () => {
    const window = () => Math.floor(Date.now() / 60_000);
    for (let attempt = 0; attempt < 2; attempt++) {
      // A new address each attempt: a straddled attempt's last requests already count in the
      // next minute, so reusing its address made the second attempt meet 429s early.
      const address = randomAddress();
      const started = window();
      const statuses: number[] = [];
      for (let i = 0; i < 601; i++) {
        const response = await withMadeUpCookie(address);
        statuses.push(response.status);
        await response.body?.cancel();
      }
      if (window() !== started) continue; // straddled the rate limiter's minute: once more
      // The set of answers, so a failure says which other status came back.
      expect(new Set(statuses.slice(0, 600))).toEqual(new Set([401]));
      expect(statuses[600]).toBe(429);
      return;
    }
    throw new Error("two attempts straddled a minute boundary");
  });
});
