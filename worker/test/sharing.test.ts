import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { newId } from "../../shared/ids.ts";
import { ApiClient, call } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

/** An owner's workspace with one project and two files. */
async function workspace() {
  const owner = await ApiClient.signIn("Olive Owner");
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" }))
    .body.id as string;
  const base = `/api/workspaces/${ws}/projects/${project}`;
  const file = (await owner.call("POST", `${base}/files`, { path: "shared.md" })).body;
  const other = (await owner.call("POST", `${base}/files`, { path: "private.md" })).body;
  const links = `/api/workspaces/${ws}/invites`;
  return { owner, ws, project, base, file, other, links };
}

async function socket(path: string, cookie = ""): Promise<SyncClient> {
  const client = await SyncClient.connectThroughWorker(path, cookie);
  open.push(client);
  return client;
}

const inboxOf = async (person: ApiClient) =>
  ((await person.call("GET", "/api/me/inbox")).body.inbox as { text: string }[]).map(
    (item) => item.text,
  );

describe("the links of a workspace", () => {
  it("lists every link with role, creator, time, expiry, full URL and who joined", async () => {
    const t = await workspace();
    const editorLink = await t.owner.call("POST", t.links, { role: "editor" });
    const viewerLink = await t.owner.call("POST", t.links, {
      role: "viewer",
      expiresInSeconds: 7 * 24 * 3600,
    });
    expect(editorLink.status).toBe(201);
    const ada = await ApiClient.signIn("Ada");
    expect((await ada.call("POST", `/api/invites/${editorLink.body.token}/accept`)).status).toBe(
      200,
    );

    const listed = (await t.owner.call("GET", t.links)).body.invites;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      id: viewerLink.body.id,
      role: "viewer",
      url: `http://quire.test/invite/${viewerLink.body.token}`,
      createdBy: { userId: t.owner.user.id, name: "Olive Owner" },
      expiresAt: viewerLink.body.createdAt + 7 * 24 * 3600 * 1000,
      joined: [],
      anyone: false,
      file: null,
    });
    expect(listed[1]).toMatchObject({
      id: editorLink.body.id,
      url: editorLink.body.url,
      joined: [{ userId: ada.user.id, name: "Ada" }],
    });
  });

  it("lands a file link on its file after joining, and refuses a file that is not here", async () => {
    const t = await workspace();
    const link = await t.owner.call("POST", t.links, { role: "editor", fileId: t.file.id });
    expect(link.body.file).toEqual({ id: t.file.id, projectId: t.project, path: "shared.md" });
    const preview = await call("GET", `/api/invites/${link.body.token}`);
    expect(preview.body).toEqual({
      workspaceName: "Team",
      role: "editor",
      invitedBy: "Olive Owner",
      file: { id: t.file.id, projectId: t.project, path: "shared.md" },
      anyone: false,
    });
    const ada = await ApiClient.signIn("Ada");
    const accepted = await ada.call("POST", `/api/invites/${link.body.token}/accept`);
    expect(accepted.body).toEqual({
      workspaceId: t.ws,
      role: "editor",
      file: { id: t.file.id, projectId: t.project, path: "shared.md" },
    });

    const before = (await t.owner.call("GET", t.links)).body.invites.length;
    const elsewhere = (await workspace()).file.id;
    for (const fileId of [elsewhere, newId()]) {
      const refused = await t.owner.call("POST", t.links, { role: "editor", fileId });
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toContain("no such file");
    }
    await t.owner.call("DELETE", `${t.base}/files/${t.other.id}`);
    expect(
      (await t.owner.call("POST", t.links, { role: "editor", fileId: t.other.id })).status,
    ).toBe(404);
    expect((await t.owner.call("GET", t.links)).body.invites.length).toBe(before);
  });

  it("refuses a malformed link with 400 and makes none", async () => {
    const t = await workspace();
    const bodies = [
      { role: "viewer", anyone: true },
      { role: "editor", anyone: true, fileId: t.file.id },
      { role: "viewer", fileId: "not-an-id" },
      { role: "viewer", anyone: "yes", fileId: t.file.id },
      { role: "owner" },
      { role: "viewer", extra: 1 },
    ];
    const answers = [];
    for (const body of bodies) answers.push((await t.owner.call("POST", t.links, body)).status);
    expect(answers).toEqual(bodies.map(() => 400));
    const messages = await Promise.all(
      bodies.slice(0, 2).map(async (body) => (await t.owner.call("POST", t.links, body)).body),
    );
    expect(messages[0].error.message).toContain("give its fileId");
    expect(messages[1].error.message).toContain("role must be viewer");
    expect((await t.owner.call("GET", t.links)).body.invites).toEqual([]);
  });
});

describe("anyone with the link can view", () => {
  it("lets a visitor with no session read one file live, read-only, and counts them", async () => {
    const t = await workspace();
    const link = (
      await t.owner.call("POST", t.links, { role: "viewer", anyone: true, fileId: t.file.id })
    ).body;
    expect(link.url).toBe(`http://quire.test/view/${link.token}`);

    // The page: no cookie needed; the visitor gets a random id to be counted by.
    const page = await exports.default.fetch(`http://quire.test/api/view/${link.token}`);
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({
      workspaceName: "Team",
      sharedBy: "Olive Owner",
      file: { id: t.file.id, projectId: t.project, path: "shared.md" },
    });
    const cookie = (page.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^quire_visitor=[\w-]{22}$/);
    expect(page.headers.get("Set-Cookie")).toContain("HttpOnly");
    const known = await exports.default.fetch(`http://quire.test/api/view/${link.token}`, {
      headers: { Cookie: cookie },
    });
    expect(known.headers.get("Set-Cookie")).toBeNull();

    const writer = await socket(new URL(t.file.syncUrl).pathname, t.owner.cookie);
    await writer.untilSynced();
    writer.text.insert(0, "Hello");
    const visitor = await socket(`/api/view/${link.token}/sync`, cookie);
    await visitor.untilText("Hello");
    writer.text.insert(5, ", visitors");
    await visitor.untilText("Hello, visitors");

    // A visitor's write is refused exactly like a viewer's: not applied, not stored.
    visitor.text.insert(0, "vandal ");
    writer.text.insert(writer.text.length, "!");
    await visitor.until(() => visitor.text.toString().endsWith("visitors!"), "the owner's edit");
    const reader = await socket(new URL(t.file.syncUrl).pathname, t.owner.cookie);
    await reader.untilSynced();
    expect(reader.text.toString()).toBe("Hello, visitors!");

    // Counted once per browser (by its cookie), not listed: a second tab of the
    // same browser and a client without the cookie add nobody; another browser does.
    await (await socket(`/api/view/${link.token}/sync`, cookie)).untilSynced();
    await (await socket(`/api/view/${link.token}/sync`)).untilSynced();
    const visitors = async () => (await t.owner.call("GET", t.links)).body.invites[0];
    expect(await visitors()).toMatchObject({ anyone: true, visitors: 1, joined: [] });
    await (
      await socket(`/api/view/${link.token}/sync`, "quire_visitor=BBBBBBBBBBBBBBBBBBBBBB")
    ).untilSynced();
    expect((await visitors()).visitors).toBe(2);
    const members = (await t.owner.call("GET", `/api/workspaces/${t.ws}/members`)).body.members;
    expect(members.map((m: { name: string }) => m.name)).toEqual(["Olive Owner"]);
  });

  it("reaches no other file, joins nobody, and ends the moment it is revoked", async () => {
    const t = await workspace();
    const link = (
      await t.owner.call("POST", t.links, { role: "viewer", anyone: true, fileId: t.file.id })
    ).body;
    const visitor = await socket(`/api/view/${link.token}/sync`);
    await visitor.untilSynced();

    // Another file of the workspace: without a session there is no way in.
    const other = await socket(new URL(t.other.syncUrl).pathname);
    expect((await other.untilClosed()).code).toBe(CloseCode.unauthorized);
    expect((await call("GET", `/api/workspaces/${t.ws}`)).status).toBe(401);
    // A signed-in stranger with the link still joins nobody.
    const stranger = await ApiClient.signIn("Stan");
    const joined = await stranger.call("POST", `/api/invites/${link.token}/accept`);
    expect(joined.status).toBe(409);
    expect((await stranger.call("GET", `/api/workspaces/${t.ws}`)).status).toBe(403);
    // A join link is not a view link.
    const join = (await t.owner.call("POST", t.links, { role: "viewer" })).body;
    expect((await call("GET", `/api/view/${join.token}`)).status).toBe(404);
    const viaJoin = await socket(`/api/view/${join.token}/sync`);
    expect((await viaJoin.untilClosed()).code).toBe(CloseCode.notFound);

    const revoked = await t.owner.call("DELETE", `${t.links}/${link.id}`);
    expect(revoked.status).toBe(204);
    expect(await visitor.untilClosed()).toEqual({
      code: CloseCode.forbidden,
      reason: "This link was turned off by its owner.",
    });
    expect((await call("GET", `/api/view/${link.token}`)).status).toBe(410);
    const again = await socket(`/api/view/${link.token}/sync`);
    const closed = await again.untilClosed();
    expect(closed.code).toBe(CloseCode.notFound);
    expect(closed.reason).toContain("revoked");
  });

  it("refuses a forged or malformed view token with 404", async () => {
    const t = await workspace();
    for (const token of [`${t.ws}.${"x".repeat(43)}`, "garbage", `${newId()}.${"y".repeat(43)}`]) {
      expect((await call("GET", `/api/view/${token}`)).status, token).toBe(404);
    }
  });
});

describe("removal is final", () => {
  it("refuses a removed member's old link until an owner invites them again", async () => {
    const t = await workspace();
    const oldLink = (await t.owner.call("POST", t.links, { role: "editor" })).body;
    const ada = await ApiClient.signIn("Ada");
    await ada.call("POST", `/api/invites/${oldLink.token}/accept`);
    expect(
      (await t.owner.call("DELETE", `/api/workspaces/${t.ws}/members/${ada.user.id}`)).status,
    ).toBe(204);

    const refused = await ada.call("POST", `/api/invites/${oldLink.token}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      "Olive Owner removed you from this workspace. Ask an owner to invite you again.",
    );
    expect((await ada.call("GET", `/api/workspaces/${t.ws}`)).status).toBe(403);
    const seen = (await t.owner.call("GET", `/api/workspaces/${t.ws}/members`)).body;
    expect(seen.removed).toMatchObject([
      { userId: ada.user.id, name: "Ada", removedBy: "Olive Owner" },
    ]);

    const newLink = (await t.owner.call("POST", t.links, { role: "viewer" })).body;
    expect((await ada.call("POST", `/api/invites/${newLink.token}/accept`)).body.role).toBe(
      "viewer",
    );
    expect((await t.owner.call("GET", `/api/workspaces/${t.ws}/members`)).body.removed).toEqual([]);
  });

  it("lets someone who left on their own come back by the same link", async () => {
    const t = await workspace();
    const link = (await t.owner.call("POST", t.links, { role: "editor" })).body;
    const ada = await ApiClient.signIn("Ada");
    await ada.call("POST", `/api/invites/${link.token}/accept`);
    expect(
      (await ada.call("DELETE", `/api/workspaces/${t.ws}/members/${ada.user.id}`)).status,
    ).toBe(204);
    expect((await ada.call("POST", `/api/invites/${link.token}/accept`)).status).toBe(200);
  });

  it("shows removed people to owners only", async () => {
    const t = await workspace();
    const link = (await t.owner.call("POST", t.links, { role: "editor" })).body;
    const [ada, bob] = [await ApiClient.signIn("Ada"), await ApiClient.signIn("Bob")];
    for (const person of [ada, bob]) await person.call("POST", `/api/invites/${link.token}/accept`);
    await t.owner.call("DELETE", `/api/workspaces/${t.ws}/members/${bob.user.id}`);
    const asEditor = (await ada.call("GET", `/api/workspaces/${t.ws}/members`)).body;
    expect(asEditor.removed).toEqual([]);
  });
});

describe("access requests", () => {
  it("goes to every owner's inbox; approving with a role lets the requester in", async () => {
    const t = await workspace();
    const requests = `/api/workspaces/${t.ws}/access-requests`;
    const ada = await ApiClient.signIn("Ada");
    const asked = await ada.call("POST", requests, { fileId: t.file.id });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ pending: true });
    expect((await ada.call("GET", `${requests}/mine`)).body.pending).toBe(true);
    expect(await inboxOf(t.owner)).toContain("Ada asks for access to Team (shared.md).");
    const listed = (await t.owner.call("GET", requests)).body.requests;
    expect(listed).toMatchObject([
      {
        userId: ada.user.id,
        name: "Ada",
        file: { id: t.file.id, projectId: t.project, path: "shared.md" },
      },
    ]);

    const approved = await t.owner.call("POST", `${requests}/${ada.user.id}/approve`, {
      role: "viewer",
    });
    expect(approved.body).toMatchObject({ userId: ada.user.id, role: "viewer" });
    expect((await ada.call("GET", `/api/workspaces/${t.ws}`)).body.role).toBe("viewer");
    expect(await inboxOf(ada)).toContain("Olive Owner let you into Team as a viewer.");
    expect((await t.owner.call("GET", requests)).body.requests).toEqual([]);
    const doc = await socket(new URL(t.file.syncUrl).pathname, ada.cookie);
    await doc.untilSynced();
  });

  it("declines: the requester is told and may ask again, up to the daily limit", async () => {
    const t = await workspace();
    const requests = `/api/workspaces/${t.ws}/access-requests`;
    const ada = await ApiClient.signIn("Ada");
    for (let round = 0; round < 3; round++) {
      expect((await ada.call("POST", requests, {})).status).toBe(201);
      expect((await t.owner.call("DELETE", `${requests}/${ada.user.id}`)).status).toBe(204);
    }
    expect(await inboxOf(ada)).toContain("Your request to join Team was declined.");
    expect((await ada.call("GET", `${requests}/mine`)).body).toEqual({
      pending: false,
      requestedAt: null,
    });
    const limited = await ada.call("POST", requests, {});
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toContain("3 times today");
    expect((await t.owner.call("GET", requests)).body.requests).toEqual([]);
  });

  it("answers bad requests clearly and changes nothing", async () => {
    const t = await workspace();
    const requests = `/api/workspaces/${t.ws}/access-requests`;
    const ada = await ApiClient.signIn("Ada");
    const editor = await ApiClient.signIn("Eddie");
    const link = (await t.owner.call("POST", t.links, { role: "editor" })).body;
    await editor.call("POST", `/api/invites/${link.token}/accept`);
    const pendingFor = async () =>
      (await t.owner.call("GET", requests)).body.requests.map((r: { name: string }) => r.name);

    const answers = {
      signedOut: (await call("POST", requests, {})).status,
      noWorkspace: (await ada.call("POST", `/api/workspaces/${newId()}/access-requests`, {}))
        .status,
      member: (await editor.call("POST", requests, {})).status,
      unknownFile: (await ada.call("POST", requests, { fileId: newId() })).status,
      badBody: (await ada.call("POST", requests, { fileId: 7 })).status,
    };
    expect(answers).toEqual({
      signedOut: 401,
      noWorkspace: 404,
      member: 409,
      unknownFile: 404,
      badBody: 400,
    });
    expect(await pendingFor()).toEqual([]);

    expect((await ada.call("POST", requests, {})).status).toBe(201);
    const second = await ada.call("POST", requests, {});
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain("already asked");

    const byEditor = {
      list: (await editor.call("GET", requests)).status,
      approve: (await editor.call("POST", `${requests}/${ada.user.id}/approve`, { role: "editor" }))
        .status,
      decline: (await editor.call("DELETE", `${requests}/${ada.user.id}`)).status,
    };
    expect(byEditor).toEqual({ list: 403, approve: 403, decline: 403 });
    const asOwner = (
      await t.owner.call("POST", `${requests}/${ada.user.id}/approve`, { role: "owner" })
    ).status;
    expect(asOwner).toBe(400);
    const nobody = await t.owner.call("POST", `${requests}/${newId()}/approve`, { role: "viewer" });
    expect(nobody.status).toBe(404);
    expect(await pendingFor()).toEqual(["Ada"]);
    expect((await ada.call("GET", `/api/workspaces/${t.ws}`)).status).toBe(403);
  });

  it("lets an owner take back someone they removed by approving their request", async () => {
    const t = await workspace();
    const link = (await t.owner.call("POST", t.links, { role: "editor" })).body;
    const ada = await ApiClient.signIn("Ada");
    await ada.call("POST", `/api/invites/${link.token}/accept`);
    await t.owner.call("DELETE", `/api/workspaces/${t.ws}/members/${ada.user.id}`);
    const requests = `/api/workspaces/${t.ws}/access-requests`;
    expect((await ada.call("POST", requests, {})).status).toBe(201);
    await t.owner.call("POST", `${requests}/${ada.user.id}/approve`, { role: "editor" });
    expect((await ada.call("GET", `/api/workspaces/${t.ws}`)).body.role).toBe("editor");
    expect((await t.owner.call("GET", `/api/workspaces/${t.ws}/members`)).body.removed).toEqual([]);
  });
});
