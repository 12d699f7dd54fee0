import { env, exports } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MessageBudget } from "../document/message-budget.ts";
import { CREATION_LIMITS } from "../lib/limits.ts";
import { ApiClient, randomAddress } from "./api-client.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/** A request to a path no route has: it costs no Durable Object, only the edge limit. */
function probe(options: { colo: string; cookie?: string; address?: string; upgrade?: boolean }) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.address) headers["CF-Connecting-IP"] = options.address;
  if (options.upgrade) headers.Upgrade = "websocket";
  return exports.default.fetch("http://quire.test/api/limit-probe", {
    headers,
    cf: { colo: options.colo },
  });
}

/** Sends `count` probes one after another; returns the statuses. */
async function probes(count: number, options: Parameters<typeof probe>[0]) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await probe(options);
    statuses.push(response.status);
    await response.body?.cancel();
  }
  return statuses;
}

/**
 * Runs `body` so that it is judged inside one rate-limit window. The local
 * Rate Limiting binding counts in windows aligned to the wall clock minute,
 * so hundreds of probes that straddle a boundary are partly counted in the
 * next window. If the window rolled over during a failed attempt, the body
 * runs once more, now at the start of a fresh window (each attempt signs in
 * its own people, so the counters start from zero).
 */
async function inOneWindow(body: () => Promise<void>) {
  const window = () => Math.floor(Date.now() / 60_000);
  const started = window();
  try {
    await body();
  } catch (error) {
    if (window() === started) throw error;
    await body();
  }
}

describe("edge rate limit", () => {
  it("answers 429 with Retry-After past 600 requests a minute, counting each location apart", () =>
    inOneWindow(async () => {
      const ada = await ApiClient.signIn("Ada");
      const first = await probes(600, { colo: "LHR", cookie: ada.cookie });
      expect(first.every((status) => status === 404)).toBe(true);

      const over = await probe({ colo: "LHR", cookie: ada.cookie });
      expect(over.status).toBe(429);
      expect(over.headers.get("Retry-After")).toBe("60");
      expect(((await over.json()) as any).error).toEqual({
        code: "rate_limited",
        message: "Too many requests. Slow down and try again in a minute.",
      });

      // Another location counts on its own, and so does another person.
      expect((await probe({ colo: "CDG", cookie: ada.cookie })).status).toBe(404);
      const bea = await ApiClient.signIn("Bea");
      expect((await probe({ colo: "LHR", cookie: bea.cookie })).status).toBe(404);
    }));

  it("keys a signed-out caller by address", () =>
    inOneWindow(async () => {
      const address = randomAddress();
      const statuses = await probes(601, { colo: "SIN", address });
      expect(statuses.slice(0, 600).every((status) => status === 404)).toBe(true);
      expect(statuses[600]).toBe(429);
      expect((await probe({ colo: "SIN", address: randomAddress() })).status).toBe(404);
    }));

  it("gives socket upgrades their own budget, refused with close code 4429", () =>
    inOneWindow(async () => {
      const ada = await ApiClient.signIn("Ada");
      const statuses = await probes(300, { colo: "NRT", cookie: ada.cookie, upgrade: true });
      expect(statuses.every((status) => status === 404)).toBe(true);
      const refused = await probe({ colo: "NRT", cookie: ada.cookie, upgrade: true });
      expect(refused.status).toBe(101);
      const socket = refused.webSocket!;
      const closed = new Promise<CloseEvent>((resolve) =>
        socket.addEventListener("close", resolve),
      );
      socket.accept();
      const event = await closed;
      expect(event.code).toBe(4429);
      expect(event.reason).toContain("Too many connections");
      // Plain requests still pass.
      expect((await probe({ colo: "NRT", cookie: ada.cookie })).status).toBe(404);
    }));
});

describe("creation limits", () => {
  it("allows 60 guest sign-ins an hour from one address, then 429 and no new user", async () => {
    const address = randomAddress();
    const limit = CREATION_LIMITS["sign-in"].perHour;
    for (let i = 0; i < limit; i++) await ApiClient.signIn(`Guest ${i}`, address);
    const refused = await exports.default.fetch("http://quire.test/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": address },
      body: JSON.stringify({ name: "One too many" }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3000);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect(((await refused.json()) as any).error.message).toMatch(
      /^Too many guest sign-ins from this address: at most 60 an hour\. Try again in \d+ minutes\.$/,
    );
    // Someone else, elsewhere, signs in.
    await ApiClient.signIn("Elsewhere");
  });

  // Issue 15.11: one IPv6 host usually holds a whole /64; each of its addresses is not a new guest.
  it("counts guest sign-ins from IPv6 addresses by their /64", async () => {
    const group = Math.floor(Math.random() * 0xffff).toString(16);
    const block = `2001:db8:${group}:7`;
    const limit = CREATION_LIMITS["sign-in"].perHour;
    for (let i = 0; i < limit; i++) {
      await ApiClient.signIn(`Guest ${i}`, `${block}::${(i + 1).toString(16)}`);
    }
    const signIn = (address: string) =>
      exports.default.fetch("http://quire.test/api/session", {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": address },
        body: JSON.stringify({ name: "One too many" }),
      });
    // Other addresses of the same /64, one spelt out in full and in capitals.
    expect((await signIn(`${block}:ab:cd:ef:1`)).status).toBe(429);
    const spelt = `2001:0DB8:${group.padStart(4, "0").toUpperCase()}:0007:0:0:0:ABC`;
    expect((await signIn(spelt)).status).toBe(429);
    // The next /64 is someone else.
    expect((await signIn(`2001:db8:${group}:8::1`)).status).toBe(201);
  });

  it("allows 50 new workspaces per person an hour; the 51st is refused and not created", async () => {
    const ada = await ApiClient.signIn("Ada");
    const limit = CREATION_LIMITS.workspace.perHour;
    for (let i = 0; i < limit; i++) {
      expect((await ada.call("POST", "/api/workspaces", { name: `W${i}` })).status).toBe(201);
    }
    const refused = await ada.call("POST", "/api/workspaces", { name: "One more" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain("Too many new workspaces");
    const list = (await ada.call("GET", "/api/workspaces")).body.workspaces;
    expect(list).toHaveLength(limit);
    // A malformed request is answered 400 and takes nothing from the budget of another person.
    const bea = await ApiClient.signIn("Bea");
    expect((await bea.call("POST", "/api/workspaces", { name: "" })).status).toBe(400);
    expect((await bea.call("POST", "/api/workspaces", { name: "Fine" })).status).toBe(201);
  });

  it("is a sliding window: room comes back as the oldest actions age out, and the object empties itself", async () => {
    const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(`test:${randomAddress()}`));
    const hour = 60 * 60 * 1000;
    for (let i = 0; i < 3; i++) expect(await limiter.take("thing", 3, hour)).toEqual({ ok: true });
    const refused = await limiter.take("thing", 3, hour);
    expect(refused.ok).toBe(false);
    expect(await limiter.take("other", 3, hour)).toEqual({ ok: true });

    // The first action turns an hour old: its slot, and only its, comes back.
    await runInDurableObject(limiter, (_, state) => {
      const ids = state.storage.sql
        .exec<{ rowid: number }>("SELECT rowid FROM hits WHERE kind = 'thing' ORDER BY at")
        .toArray();
      state.storage.sql.exec(
        "UPDATE hits SET at = at - ? WHERE rowid = ?",
        61 * 60 * 1000,
        ids[0]!.rowid,
      );
    });
    expect(await limiter.take("thing", 3, hour)).toEqual({ ok: true });
    expect((await limiter.take("thing", 3, hour)).ok).toBe(false);

    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    const rows = await runInDurableObject(limiter, (_, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'hits'").toArray(),
    );
    expect(rows).toHaveLength(0);
    // And it counts again from nothing.
    expect(await limiter.take("thing", 1, hour)).toEqual({ ok: true });
    expect((await limiter.take("thing", 1, hour)).ok).toBe(false);
  });
});

describe("per-socket message rate", () => {
  it("closes a flooding socket with 4429 and leaves its neighbours syncing", async () => {
    const id = testDocumentId();
    const flooder = await SyncClient.connect(id, { userId: "flooder", role: "viewer" });
    const writer = await SyncClient.connect(id, { userId: "writer" });
    const reader = await SyncClient.connect(id, { userId: "reader" });
    await Promise.all([flooder.untilSynced(), writer.untilSynced(), reader.untilSynced()]);

    // A viewer's updates of 1 MiB each (refused, never stored), as fast as the
    // socket takes them: more bytes a second than a socket may send (16 MiB
    // at once, 8 MiB a second). (An awareness state that big is refused by
    // its size first: awareness-limits.test.ts.)
    const big = new Y.Doc();
    big.getText("codemirror").insert(0, "x".repeat(1024 * 1024));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(big));
    const frame = encoding.toUint8Array(encoder);
    for (let i = 0; i < 60 && !flooder.closed; i++) flooder.send(frame);
    const closed = await flooder.untilClosed();
    expect(closed.code).toBe(4429);
    expect(closed.reason).toBe("sending faster than a socket may (see README, Security)");

    writer.text.insert(0, "still here");
    await reader.untilText("still here");
    writer.close();
    reader.close();
  });
});

describe("MessageBudget", () => {
  const socket = {} as WebSocket;
  const limits = { burstMessages: 3, messagesPerSecond: 2, burstBytes: 100, bytesPerSecond: 50 };

  it("allows a burst, then refills at its rate", () => {
    const budget = new MessageBudget(limits);
    expect([1, 2, 3, 4].map(() => budget.take(socket, 1, 0))).toEqual([true, true, true, false]);
    expect(budget.take(socket, 1, 499)).toBe(false);
    expect(budget.take(socket, 1, 500)).toBe(true);
    expect(budget.take(socket, 1, 60_000)).toBe(true);
  });

  it("counts bytes too: one big message can spend the whole budget", () => {
    const budget = new MessageBudget(limits);
    expect(budget.take(socket, 100, 0)).toBe(true);
    expect(budget.take(socket, 1, 0)).toBe(false);
    expect(budget.take(socket, 50, 1_000)).toBe(true);
    expect(budget.take({} as WebSocket, 100, 0)).toBe(true);
  });

  it("charges an answer's bytes, even past what is left, and makes the socket wait for it", () => {
    const budget = new MessageBudget(limits);
    budget.charge(socket, 150, 0);
    expect(budget.take(socket, 1, 0)).toBe(false);
    expect(budget.take(socket, 1, 999)).toBe(false);
    expect(budget.take(socket, 1, 1_100)).toBe(true);
  });
});
