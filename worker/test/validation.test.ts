import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiClient, fileOf } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

describe("validation of what the app does not send", () => {
  it("refuses a document socket whose acks parameter is not 0 or 1 with 4400", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { file } = await fileOf(ada);
    const path = new URL(file.syncUrl).pathname;
    const refused = await SyncClient.connectThroughWorker(`${path}?acks=yes`, ada.cookie);
    expect(await refused.untilClosed()).toMatchObject({
      code: 4400,
      reason: "acks must be 0 or 1",
    });
    const fine = await SyncClient.connectThroughWorker(`${path}?acks=1&extra=kept`, ada.cookie);
    await fine.untilSynced();
    fine.close();
  });

  it("answers every API response with the security headers, errors included", async () => {
    for (const path of ["/api/session", "/api/nothing-here", "/api/workspaces/not-an-id"]) {
      const response = await exports.default.fetch(`http://quire.test${path}`);
      expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
      expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(response.headers.get("X-Frame-Options")).toBe("DENY");
      await response.body?.cancel();
    }
  });

  it("answers a JSON body over 64 KiB with 413 and creates nothing", async () => {
    const ada = await ApiClient.signIn("Ada");
    const huge = await ada.call("POST", "/api/workspaces", { name: "x".repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect((await ada.call("GET", "/api/workspaces")).body.workspaces).toHaveLength(0);
  });
});
