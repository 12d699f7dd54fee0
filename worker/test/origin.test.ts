import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";

/**
 * Issue 15.11: a write from another site's page is refused like a socket
 * from one. A POST without a body (a restore, an accept) needs no preflight,
 * so a page elsewhere could send it with the visitor's cookie; `Origin`,
 * which browsers set on every such request, says where it came from.
 */

const EVIL = "https://evil.example";

function send(method: string, path: string, cookie: string, origin?: string, body?: unknown) {
  const headers: Record<string, string> = { Cookie: cookie };
  if (origin) headers.Origin = origin;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return exports.default.fetch(`http://quire.test${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("writes from another site", () => {
  it("refuses a bodyless POST with a foreign Origin (403) and changes nothing", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
    expect((await ada.call("DELETE", `/api/workspaces/${ws}`)).status).toBe(204);

    const refused = await send("POST", `/api/workspaces/${ws}/restore`, ada.cookie, EVIL);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.message).toContain("Quire's own pages");
    const listed = await ada.call("GET", "/api/workspaces");
    expect(typeof listed.body.workspaces[0].trashedAt).toBe("number");

    // From Quire's own page, or from a tool that sends no Origin, it goes through.
    expect(
      (await send("POST", `/api/workspaces/${ws}/restore`, ada.cookie, "http://quire.test")).status,
    ).toBe(200);
    expect((await ada.call("DELETE", `/api/workspaces/${ws}`)).status).toBe(204);
    expect((await send("POST", `/api/workspaces/${ws}/restore`, ada.cookie)).status).toBe(200);
  });

  it("refuses accepting a share link from another site, and joins nobody", async () => {
    const olive = await ApiClient.signIn("Olive");
    const ws = (await olive.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
    const link = (await olive.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" }))
      .body.token as string;
    const bea = await ApiClient.signIn("Bea");
    const refused = await send("POST", `/api/invites/${link}/accept`, bea.cookie, EVIL);
    expect(refused.status).toBe(403);
    expect((await bea.call("GET", `/api/workspaces/${ws}`)).status).toBe(403);
  });

  it("refuses a DELETE and a JSON POST with a foreign Origin too", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
    expect((await send("DELETE", `/api/workspaces/${ws}`, ada.cookie, EVIL)).status).toBe(403);
    const created = await send("POST", `/api/workspaces/${ws}/projects`, ada.cookie, EVIL, {
      name: "P",
    });
    expect(created.status).toBe(403);
    const details = await ada.call("GET", `/api/workspaces/${ws}`);
    expect(details.body.projects).toEqual([]);
    expect(details.status).toBe(200);
  });
});
