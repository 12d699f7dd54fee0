import { describe, expect, it } from "vitest";
import { saveLabel } from "./save-tracker.ts";

describe("saveLabel", () => {
  it("says what a person needs to know about their changes, without counting keystrokes", () => {
    const now = Date.UTC(2026, 11, 1, 12, 0);
    expect(saveLabel({ unsaved: 0, connected: true })).toBe("Saved");
    expect(saveLabel({ unsaved: 0, connected: false })).toBe("Saved");
    expect(saveLabel({ unsaved: 2, connected: true })).toBe("Saving…");
    expect(saveLabel({ unsaved: 37, connected: false })).toBe("Offline — unsaved changes");
    expect(saveLabel({ unsaved: 37, connected: false, lastSavedAt: now - 5 * 60_000 }, now)).toBe(
      "Offline — unsaved changes, last saved 5 minutes ago",
    );
    expect(saveLabel({ unsaved: 1, connected: false, lastSavedAt: now - 10_000 }, now)).toBe(
      "Offline — unsaved changes, last saved just now",
    );
    // Saved a moment after the clock was read: still just now.
    expect(saveLabel({ unsaved: 1, connected: false, lastSavedAt: now + 2_000 }, now)).toBe(
      "Offline — unsaved changes, last saved just now",
    );
    const short = { short: true };
    expect(saveLabel({ unsaved: 5, connected: false }, now, short)).toBe("Unsaved");
    expect(
      saveLabel({ unsaved: 5, connected: false, lastSavedAt: now - 5 * 60_000 }, now, short),
    ).toMatch(/^Unsaved · 5 min\.? ago$/);
    expect(saveLabel({ unsaved: 0, connected: false }, now, short)).toBe("Saved");
  });
});
