import { describe, expect, it } from "vitest";
import { saveLabel } from "./save-tracker.ts";

describe("saveLabel", () => {
  it("says what a person needs to know about their changes", () => {
    expect(saveLabel({ unsaved: 0, connected: true })).toBe("Saved");
    expect(saveLabel({ unsaved: 0, connected: false })).toBe("Saved");
    expect(saveLabel({ unsaved: 2, connected: true })).toBe("Saving…");
    expect(saveLabel({ unsaved: 1, connected: false })).toBe("Offline — 1 change not yet saved");
    expect(saveLabel({ unsaved: 3, connected: false })).toBe("Offline — 3 changes not yet saved");
  });
});
