import { describe, expect, it } from "vitest";
import { relativeTime } from "./when.ts";

describe("relativeTime", () => {
  const now = Date.UTC(2026, 0, 15, 12);
  it("says what a person would", () => {
    expect(relativeTime(now - 10_000, now)).toBe("just now");
    expect(relativeTime(now, now)).toBe("just now");
    expect(relativeTime(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(relativeTime(now + 6 * 24 * 3600_000, now)).toBe("in 6 days");
    expect(relativeTime(now - 24 * 3600_000, now)).toBe("yesterday");
  });

  it("gives a date past a month", () => {
    expect(relativeTime(now - 90 * 24 * 3600_000, now)).toMatch(/2025/);
  });
});
