import { describe, expect, it } from "vitest";
import { fitCloseReason, MAX_CLOSE_REASON_BYTES } from "./sockets.ts";

describe("fitCloseReason", () => {
  const bytes = (text: string) => new TextEncoder().encode(text).length;

  it("keeps a reason that fits", () => {
    expect(fitCloseReason("Olive moved this file to the trash.")).toBe(
      "Olive moved this file to the trash.",
    );
  });

  it("cuts a long one at a character boundary, with an ellipsis", () => {
    const long = `Olive moved the folder ${"docs/".repeat(40)} to the trash.`;
    const fitted = fitCloseReason(long);
    expect(bytes(fitted)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
    expect(fitted.endsWith("…")).toBe(true);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
  });

  it("never splits a character made of several bytes", () => {
    const fitted = fitCloseReason("🙂".repeat(60));
    expect(bytes(fitted)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
    expect(Array.from(fitted.slice(0, -1)).every((c) => c === "🙂")).toBe(true);
  });

  it("is what lets a socket close with a long reason at all", () => {
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    client.accept();
    const long = "x".repeat(200);
    expect(() => server.close(4404, long)).toThrow();
    expect(() => server.close(4404, fitCloseReason(long))).not.toThrow();
  });
});
