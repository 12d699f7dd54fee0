import { describe, expect, it } from "vitest";
import { connectionLabel } from "./connection-status.ts";

describe("connectionLabel", () => {
  const base = { online: true, status: "connected", synced: true, stopped: false } as const;

  it("is Connected only when the socket is open and synced", () => {
    expect(connectionLabel(base)).toBe("Connected");
    expect(connectionLabel({ ...base, synced: false })).toBe("Reconnecting…");
  });

  it("is Reconnecting… while online without a live socket", () => {
    expect(connectionLabel({ ...base, status: "connecting", synced: false })).toBe("Reconnecting…");
    expect(connectionLabel({ ...base, status: "disconnected", synced: false })).toBe(
      "Reconnecting…",
    );
  });

  it("is Offline when the browser is offline, whatever the socket says", () => {
    expect(connectionLabel({ ...base, online: false })).toBe("Offline");
    expect(connectionLabel({ ...base, online: false, status: "connecting" })).toBe("Offline");
  });

  it("is Offline when the server refused the socket for good", () => {
    expect(connectionLabel({ ...base, status: "disconnected", synced: false, stopped: true })).toBe(
      "Offline",
    );
  });
});
