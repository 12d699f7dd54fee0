import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";
import { readGrant, withGrant } from "./grant.ts";

const SESSION_HASH = "ab".repeat(32);
const grant = {
  user: { id: newId(), name: "Zoë 😀", color: "#0090ff" },
  sessionHash: SESSION_HASH,
  access: { workspaceId: newId(), role: "editor" as const, fileId: newId() },
};

function upgrade(headers: Record<string, string> = {}): Request {
  return new Request("http://quire.test/socket", { headers: { Upgrade: "websocket", ...headers } });
}

describe("the grant", () => {
  it("carries who and where through one header, names that are not Latin-1 included", () => {
    const request = withGrant(upgrade(), grant);
    expect(readGrant(request)).toEqual({ ok: true, value: { version: 1, ...grant } });
  });

  it("replaces a grant the browser sent", () => {
    const forged = withGrant(upgrade(), { ...grant, access: { ...grant.access, role: "owner" } });
    const request = withGrant(forged, grant);
    expect(readGrant(request)).toMatchObject({ ok: true, value: { access: { role: "editor" } } });
  });

  it("is refused when missing, garbled, of another version or shape", () => {
    const encoded = (value: unknown) =>
      upgrade({ "X-Quire-Grant": encodeURIComponent(JSON.stringify(value)) });
    const refused = [
      upgrade(),
      upgrade({ "X-Quire-Grant": "%E0%A4%A" }),
      upgrade({ "X-Quire-Grant": "{not json" }),
      encoded({ ...grant, version: 2 }),
      encoded({ ...grant, version: 1, access: { ...grant.access, role: "admin" } }),
      encoded({ ...grant, version: 1, sessionHash: "not a hash" }),
      encoded({ ...grant, version: 1, extra: true }),
    ];
    for (const request of refused) expect(readGrant(request).ok).toBe(false);
  });
});

describe("an object reached without a valid grant", () => {
  it("refuses the upgrade with 403 and accepts no socket", async () => {
    const user = env.USERS.get(env.USERS.idFromName(newId()));
    const workspace = env.WORKSPACES.get(env.WORKSPACES.idFromName(newId()));
    for (const stub of [user, workspace]) {
      const response = await stub.fetch(upgrade({ "X-Quire-Session": SESSION_HASH }));
      expect(response.status).toBe(403);
      expect(response.webSocket).toBeNull();
    }
    // The person's own socket needs no place in a workspace; a workspace's does.
    const noAccess = withGrant(upgrade(), { user: grant.user, sessionHash: SESSION_HASH });
    expect((await workspace.fetch(noAccess)).status).toBe(403);
    expect((await user.fetch(noAccess)).status).toBe(101);
    // A visitor's grant (an anyone-can-view link) has no session: it opens no person's socket.
    const visitor = withGrant(upgrade(), { user: grant.user, access: grant.access });
    expect((await user.fetch(visitor)).status).toBe(403);
  });
});
