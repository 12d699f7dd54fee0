import { describe, expect, it } from "vitest";
import { BASE_RECONNECT_DELAY_MS, fullJitterDelay, MAX_RECONNECT_DELAY_MS } from "./reconnector.ts";

describe("fullJitterDelay", () => {
  it("waits anywhere from nothing up to a cap that doubles with each attempt", () => {
    expect(fullJitterDelay(0, () => 0)).toBe(0);
    expect(fullJitterDelay(0, () => 0.999_999)).toBe(BASE_RECONNECT_DELAY_MS - 1);
    expect(fullJitterDelay(3, () => 0.5)).toBe((BASE_RECONNECT_DELAY_MS * 8) / 2);
  });

  it("never waits more than 30 seconds, however many attempts failed", () => {
    expect(fullJitterDelay(10, () => 0.999_999)).toBeLessThan(MAX_RECONNECT_DELAY_MS);
    expect(fullJitterDelay(1_000, () => 0.999_999)).toBeLessThan(MAX_RECONNECT_DELAY_MS);
    expect(fullJitterDelay(1_000, () => 0.5)).toBe(MAX_RECONNECT_DELAY_MS / 2);
  });

  it("spreads a crowd of clients over the whole window", () => {
    const delays = Array.from({ length: 1_000 }, () => fullJitterDelay(6));
    const cap = Math.min(MAX_RECONNECT_DELAY_MS, BASE_RECONNECT_DELAY_MS * 2 ** 6);
    expect(Math.min(...delays)).toBeLessThan(cap * 0.1);
    expect(Math.max(...delays)).toBeGreaterThan(cap * 0.9);
  });
});
