import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { testDocumentId } from "../test/sync-client.ts";
import { AlarmScheduler, type ScheduledEvent } from "./scheduler.ts";

/**
 * Runs `body` with a scheduler on real Durable Object storage: a fresh
 * document object's, whose migrations include the scheduler's table.
 */
function withScheduler<R>(
  body: (storage: DurableObjectStorage, ran: string[]) => Promise<R>,
): Promise<R> {
  const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(testDocumentId()));
  return runInDurableObject(stub, async (_, state) => body(state.storage, []));
}

// Alarm times in the past are moved to "now" by the runtime, so times are in the future.
const soon = Date.now() + 24 * 60 * 60_000;

describe("AlarmScheduler", () => {
  it("keeps several events on one alarm, set to the earliest, and runs them in time order", async () => {
    const result = await withScheduler(async (storage, ran) => {
      const record = (event: ScheduledEvent) => void ran.push(`${event.name}:${event.key}`);
      const scheduler = new AlarmScheduler(storage, { purge: record, expire: record });
      await scheduler.schedule("purge", "b", soon + 3_000);
      await scheduler.schedule("expire", "a", soon + 1_000);
      await scheduler.schedule("purge", "c", soon + 2_000);
      const alarmAfterScheduling = await storage.getAlarm();

      await scheduler.runDue(soon + 2_500);
      const alarmAfterFirstRun = await storage.getAlarm();
      await scheduler.runDue(soon + 10_000);
      return {
        ran,
        alarmAfterScheduling,
        alarmAfterFirstRun,
        alarmAtEnd: await storage.getAlarm(),
      };
    });
    expect(result.alarmAfterScheduling).toBe(soon + 1_000);
    expect(result.ran).toEqual(["expire:a", "purge:c", "purge:b"]);
    expect(result.alarmAfterFirstRun).toBe(soon + 3_000);
    expect(result.alarmAtEnd).toBeNull();
  });

  it("replaces an event scheduled twice and forgets a cancelled one", async () => {
    const ran = await withScheduler(async (storage, ran) => {
      const scheduler = new AlarmScheduler(storage, {
        expire: (event) => void ran.push(`${event.key}@${event.runAt}`),
      });
      await scheduler.schedule("expire", "session-1", 1_000);
      await scheduler.schedule("expire", "session-1", 5_000);
      await scheduler.schedule("expire", "session-2", 2_000);
      await scheduler.cancel("expire", "session-2");
      await scheduler.runDue(1_500);
      await scheduler.runDue(6_000);
      return ran;
    });
    expect(ran).toEqual(["session-1@5000"]);
  });

  it("retries a failing handler later and still runs the others", async () => {
    const result = await withScheduler(async (storage, ran) => {
      let failures = 0;
      const scheduler = new AlarmScheduler(storage, {
        flaky: () => {
          if (failures++ === 0) throw new Error("first try fails");
          ran.push("flaky");
        },
        steady: () => void ran.push("steady"),
      });
      await scheduler.schedule("flaky", "x", 1_000);
      await scheduler.schedule("steady", "y", 1_000);
      await scheduler.runDue(1_000);
      const afterFailure = [...ran];
      const retryAt = scheduler.scheduledAt("flaky", "x");
      await scheduler.runDue(Date.now() + 10 * 60_000);
      return { afterFailure, retryAt, ran };
    });
    expect(result.afterFailure).toEqual(["steady"]);
    expect(result.retryAt).toBeGreaterThan(1_000);
    expect(result.ran).toEqual(["steady", "flaky"]);
  });

  it("lets a handler reschedule its own event", async () => {
    const ran = await withScheduler(async (storage, ran) => {
      const scheduler = new AlarmScheduler(storage, {
        step: (event) => {
          ran.push(`step at ${event.runAt}`);
          return ran.length < 3 ? { againAt: event.runAt + 100 } : undefined;
        },
      });
      await scheduler.schedule("step", "cascade", 100);
      for (let now = 100; now <= 500; now += 100) await scheduler.runDue(now);
      return ran;
    });
    expect(ran).toEqual(["step at 100", "step at 200", "step at 300"]);
  });
});
