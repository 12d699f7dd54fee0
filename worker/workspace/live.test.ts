import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WorkspaceEvent } from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import { ApiClient } from "../test/api-client.ts";

/** A tab's live tree socket, collecting what it is sent. */
async function liveTab(person: ApiClient, ws: string) {
  const response = await exports.default.fetch(`http://quire.test/api/workspaces/${ws}/live`, {
    headers: { Upgrade: "websocket", Cookie: person.cookie },
  });
  const socket = response.webSocket!;
  socket.accept();
  const events: WorkspaceEvent[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.addEventListener("message", (event) => events.push(JSON.parse(String(event.data))));
  socket.addEventListener(
    "close",
    (event) => (closed = { code: event.code, reason: event.reason }),
  );
  return { socket, events, closed: () => closed };
}

async function until(predicate: () => boolean, what: string) {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
}

describe("LiveSockets", () => {
  it("tells only the member whose role changed, and closes only a removed member's sockets", async () => {
    const owner = await ApiClient.signIn("Olive");
    const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
    const eddie = await ApiClient.signIn("Eddie");
    const link = (await owner.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" }))
      .body;
    await eddie.call("POST", `/api/invites/${link.token}/accept`);
    const ownerTab = await liveTab(owner, ws);
    const eddieTabs = [await liveTab(eddie, ws), await liveTab(eddie, ws)];
    await until(() => eddieTabs.every((tab) => tab.events.length > 0), "the first trees");

    await owner.call("PATCH", `/api/workspaces/${ws}/members/${eddie.user.id}`, { role: "viewer" });
    for (const tab of eddieTabs) {
      await until(() => tab.events.some((e) => e.type === "role"), "the role event");
      expect(tab.events.find((e) => e.type === "role")).toEqual({ type: "role", role: "viewer" });
    }
    expect(ownerTab.events.some((e) => e.type === "role")).toBe(false);

    await owner.call("DELETE", `/api/workspaces/${ws}/members/${eddie.user.id}`);
    for (const tab of eddieTabs) {
      await until(() => tab.closed() !== undefined, "the removed member's socket closing");
      expect(tab.closed()).toEqual({
        code: CloseCode.forbidden,
        reason: "You were removed from this workspace.",
      });
    }
    expect(ownerTab.closed()).toBeUndefined();
    ownerTab.socket.close(1000);
  });
});
