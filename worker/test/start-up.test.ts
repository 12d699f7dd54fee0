import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { startUp } from "../lib/start-up.ts";

const HOUR = 60 * 60 * 1000;

function limiter() {
  return env.LIMITERS.get(env.LIMITERS.idFromName("start-up-test"));
}

function storedHits(stub: ReturnType<typeof limiter>): Promise<number> {
  return runInDurableObject(
    stub,
    (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM hits").one().n,
  );
}

/** The error a call failed with, or undefined; handled at once so none is left unhandled. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("a failed start-up", () => {
  it("fails what waits on it, resets the object, and the next stub starts it again", async () => {
    const first = limiter();
    expect(await first.take("thing", 10, HOUR)).toEqual({ ok: true });

    // The real runtime state of the running object, starting up again with a
    // step that throws: what a failing migration or load does in a constructor.
    const failing = runInDurableObject(first, (_, state) => {
      startUp(state, () => {
        throw new Error("the start-up failed");
      });
    });
    const waiting = failureOf(first.take("thing", 10, HOUR));
    await expect(failing).rejects.toThrow("the start-up failed");
    expect(await waiting).toMatchObject({ message: "the start-up failed" });
    // The object was reset: nothing more runs through the stub that saw it.
    expect(await failureOf(first.take("thing", 10, HOUR))).toMatchObject({
      message: "the start-up failed",
    });

    // A new stub, as the Worker makes for every request, gets a new instance
    // whose start-up runs again, with what was stored before the failure.
    const next = limiter();
    expect(await storedHits(next)).toBe(1);
    expect(await next.take("thing", 10, HOUR)).toEqual({ ok: true });
    expect(await storedHits(next)).toBe(2);
  });
});
