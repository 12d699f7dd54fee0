import { describe, expect, it } from "vitest";
import { CloseCode, closeCodeMessage, isRefusalCode, TOO_MANY_TABS_REASON } from "./errors.ts";

describe("closeCodeMessage", () => {
  it("shows the server's sentence for a refusal or a removal, and its own words for a bare code", () => {
    expect(closeCodeMessage(CloseCode.notFound, "Olive moved this file to the trash.")).toBe(
      "Olive moved this file to the trash.",
    );
    expect(closeCodeMessage(CloseCode.forbidden, "You were removed from this workspace.")).toBe(
      "You were removed from this workspace.",
    );
    expect(closeCodeMessage(CloseCode.forbidden, "forbidden")).toBe(
      "You do not have access to this document.",
    );
    expect(closeCodeMessage(CloseCode.notFound, "")).toBe("This document does not exist.");
    expect(closeCodeMessage(1006, "")).toBeUndefined();
  });
});

describe("isRefusalCode", () => {
  it("lets the app reconnect after 4429 and 4409 (resync, issue 15.5), not after other 44xx", () => {
    expect(isRefusalCode(CloseCode.resync)).toBe(false);
    expect(isRefusalCode(CloseCode.rateLimited)).toBe(false);
    expect(isRefusalCode(CloseCode.badMessage)).toBe(true);
    expect(isRefusalCode(CloseCode.forbidden)).toBe(true);
  });

  it("stops after the 4429 that closed a tab for the person's newer one (issue 15.3), and says so", () => {
    expect(isRefusalCode(CloseCode.rateLimited, TOO_MANY_TABS_REASON)).toBe(true);
    expect(isRefusalCode(CloseCode.rateLimited, "sending faster than a socket may")).toBe(false);
    expect(closeCodeMessage(CloseCode.rateLimited, TOO_MANY_TABS_REASON)).toBe(
      TOO_MANY_TABS_REASON,
    );
  });
});
