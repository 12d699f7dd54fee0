import { describe, expect, it } from "vitest";
import { suggestedName } from "./identity.ts";

describe("suggestedName", () => {
  it("makes a two-word name, a different one for other random draws", () => {
    expect(suggestedName(() => 0)).toMatch(/^\w+ \w+$/);
    expect(suggestedName(() => 0)).not.toBe(suggestedName(() => 0.99));
  });
});
