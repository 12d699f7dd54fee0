import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { testDocumentId } from "../test/sync-client.ts";
import { DocumentLock, HOLDER_AWAY_MS, LOCK_EXPIRY_EVENT, LOCK_HOLDER_AWAY_EVENT } from "./lock.ts";

/**
 * Runs `body` with a DocumentLock of its own on real Durable Object storage
 * (a fresh document object's, whose migrations made the lock's table), and
 * counts the changes it announces. `online` is who has a socket on the file.
 */
function withLock<R>(
  body: (
    lock: DocumentLock,
    parts: {
      changes: () => number;
      storage: DurableObjectStorage;
      scheduler: AlarmScheduler;
      online: Set<string>;
    },
  ) => Promise<R>,
): Promise<R> {
  const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(testDocumentId()));
  return runInDurableObject(stub, async (_, state) => {
    let changes = 0;
    const online = new Set<string>(["ada", "bea"]);
    const scheduler = new AlarmScheduler(state.storage, {
      [LOCK_EXPIRY_EVENT]: () => {},
      [LOCK_HOLDER_AWAY_EVENT]: () => {},
    });
    const lock = new DocumentLock(
      state.storage,
      scheduler,
      () => void changes++,
      (id) => online.has(id),
    );
    return await body(lock, { changes: () => changes, storage: state.storage, scheduler, online });
  });
}

const ada = { id: "ada", name: "Ada", role: "editor" as const };
const bea = { id: "bea", name: "Bea", role: "editor" as const };

describe("DocumentLock", () => {
  it("is held by one person, who alone may write; others get a 409 naming them", () =>
    withLock(async (lock, { changes }) => {
      expect(lock.state()).toBeNull();
      expect(lock.allows("bea")).toBe(true);

      const taken = await lock.lock(ada, 60_000);
      expect(taken).toMatchObject({ ok: true, value: { holder: { id: "ada", name: "Ada" } } });
      expect(lock.allows("ada")).toBe(true);
      expect(lock.allows("bea")).toBe(false);
      expect(changes()).toBe(1);

      const refused = await lock.lock(bea, 60_000);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.failure.status).toBe(409);
        expect(refused.failure.message).toMatch(/^Ada holds the lock on this file until /);
      }
      expect(lock.refusalFor("bea")?.failure.status).toBe(409);
      expect(lock.refusalFor("ada")).toBeUndefined();
      expect(changes()).toBe(1);
    }));

  it("renews only its holder's lock, keeping when it was taken", () =>
    withLock(async (lock) => {
      expect((await lock.lock(ada, 1_000, { renewOnly: true })).ok).toBe(false);
      const first = await lock.lock(ada, 1_000);
      const renewed = await lock.lock(ada, 120_000, { renewOnly: true });
      expect(renewed.ok && first.ok && renewed.value!.acquiredAt).toBe(
        first.ok && first.value!.acquiredAt,
      );
      expect(renewed.ok && renewed.value!.expiresAt).toBeGreaterThan(Date.now() + 100_000);
    }));

  it("refuses viewers, lets an owner break it, and schedules its expiry on the alarm", () =>
    withLock(async (lock, { storage }) => {
      const viewer = await lock.lock({ id: "vic", name: "Vic", role: "viewer" }, 1_000);
      expect(!viewer.ok && viewer.failure.status).toBe(403);

      await lock.lock(ada, 60_000);
      expect(await storage.getAlarm()).toBe(lock.state()!.expiresAt);
      expect((await lock.unlock(bea)).ok).toBe(false);
      expect(await lock.unlock({ id: "olive", name: "Olive", role: "owner" })).toEqual({
        ok: true,
        value: null,
      });
      expect(lock.state()).toBeNull();
      expect(await storage.getAlarm()).toBeNull();
    }));

  it("is gone once its lease ran out, and its expiry removes the row, once", () =>
    withLock(async (lock, { changes, storage }) => {
      await lock.lock(ada, 60_000);
      await lock.expire();
      expect(lock.state(), "not yet due: kept").not.toBeNull();
      storage.sql.exec("UPDATE lock SET expires_at = ?", Date.now() - 1);
      // A fresh reader, as after a restart, sees it expired before the alarm runs.
      const reader = new DocumentLock(
        storage,
        new AlarmScheduler(storage, {}),
        () => {},
        () => true,
      );
      expect(reader.state()).toBeNull();
      const before = changes();
      await lock.expire();
      await lock.expire();
      expect(changes()).toBe(before + 1);
      expect(storage.sql.exec("SELECT * FROM lock").toArray()).toEqual([]);
    }));

  it("ends a minute after its holder's last socket closed, unless they come back", () =>
    withLock(async (lock, { changes, scheduler, online }) => {
      await lock.lock(ada, 10 * 60_000);
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock"), "Ada is here").toBeUndefined();

      online.delete("ada");
      const before = Date.now();
      await lock.followHolder();
      const due = scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")!;
      expect(due - before).toBeGreaterThanOrEqual(HOLDER_AWAY_MS);
      expect(due - Date.now()).toBeLessThanOrEqual(HOLDER_AWAY_MS);
      // Another socket closing does not push the end further away.
      await lock.followHolder();
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")).toBe(due);

      // Ada reloads within the minute: the countdown is off, and a late alarm keeps her lock.
      online.add("ada");
      await lock.followHolder();
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")).toBeUndefined();
      await lock.holderAway();
      expect(lock.state()).toMatchObject({ holder: { id: "ada" } });

      // She leaves for good: when the minute is up the lock is gone, with its events.
      online.delete("ada");
      await lock.followHolder();
      const changesBefore = changes();
      await lock.holderAway();
      expect(lock.state()).toBeNull();
      expect(changes()).toBe(changesBefore + 1);
      expect(scheduler.scheduledAt(LOCK_EXPIRY_EVENT, "lock")).toBeUndefined();
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")).toBeUndefined();
      expect(lock.allows("bea")).toBe(true);
    }));

  it("counts down at once when taken by someone with no socket on the file", () =>
    withLock(async (lock, { scheduler, online }) => {
      online.delete("ada");
      await lock.lock(ada, 10 * 60_000);
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")).toBeDefined();
      // Releasing it stops the countdown too.
      await lock.unlock(ada);
      expect(scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock")).toBeUndefined();
    }));
});
