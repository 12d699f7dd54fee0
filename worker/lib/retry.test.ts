import { describe, expect, it } from "vitest";
import { isRetryable, withRetries } from "./retry.ts";

/**
 * The runtime's retryable and overloaded errors cannot be provoked on
 * purpose here, so these tests throw errors flagged the way the runtime
 * flags them (`retryable`, `overloaded`): a stand-in for what cannot run.
 */
function flagged(flags: { retryable?: boolean; overloaded?: boolean }) {
  return Object.assign(new Error("Durable Object reset because its code was updated."), flags);
}

function failing(errors: Error[]) {
  let calls = 0;
  const attempt = async () => {
    calls++;
    const error = errors.shift();
    if (error) throw error;
    return "answer";
  };
  return { attempt, calls: () => calls };
}

describe("withRetries", () => {
  const waits: number[] = [];
  const options = {
    random: () => 0.5,
    sleep: async (ms: number) => void waits.push(ms),
  };

  it("retries retryable errors with growing, jittered waits", async () => {
    waits.length = 0;
    const { attempt, calls } = failing([
      flagged({ retryable: true }),
      flagged({ retryable: true }),
    ]);
    expect(await withRetries(attempt, options)).toBe("answer");
    expect(calls()).toBe(3);
    expect(waits).toEqual([25, 50]);
  });

  it("never retries an overloaded object, even one also flagged retryable", async () => {
    // Cloudflare: errors with .overloaded "should not be retried. If a Durable
    // Object is overloaded, then retrying will worsen the overload"
    // (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/).
    for (const flags of [{ overloaded: true }, { overloaded: true, retryable: true }]) {
      const { attempt, calls } = failing([flagged(flags)]);
      await expect(withRetries(attempt, options)).rejects.toMatchObject(flags);
      expect(calls()).toBe(1);
      expect(isRetryable(flagged(flags))).toBe(false);
    }
  });

  it("gives up after the last attempt and throws the last error", async () => {
    const { attempt, calls } = failing([1, 2, 3, 4].map(() => flagged({ retryable: true })));
    await expect(withRetries(attempt, { ...options, attempts: 3 })).rejects.toThrow("reset");
    expect(calls()).toBe(3);
  });

  it("never retries any other error", async () => {
    const { attempt, calls } = failing([new Error("a bug"), flagged({ retryable: true })]);
    await expect(withRetries(attempt, options)).rejects.toThrow("a bug");
    expect(calls()).toBe(1);
    expect(isRetryable({ retryable: "yes" })).toBe(false);
    expect(isRetryable(null)).toBe(false);
  });

  it("keeps every wait under the cap, however many attempts", async () => {
    waits.length = 0;
    const errors = Array.from({ length: 9 }, () => flagged({ retryable: true }));
    const { attempt } = failing(errors);
    await withRetries(attempt, { ...options, random: () => 0.999, attempts: 10, maxDelayMs: 300 });
    expect(Math.max(...waits)).toBeLessThan(300);
  });
});
