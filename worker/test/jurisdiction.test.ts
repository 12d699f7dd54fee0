import { env } from "cloudflare:workers";
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkspaceDetails, WorkspaceSummary } from "../../shared/api/tree.ts";
import { NOT_APPLIED_NOTE, objectFor } from "../lib/placement.ts";
import { ApiClient } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Data jurisdictions (README, Security). Local workerd does not implement
 * them, so here an `eu` workspace is stored in the default location and says
 * so; what these tests pin is that the jurisdiction is carried by every id,
 * that everything works end to end with such ids, and that the report is honest.
 */

const EU_ID = /^eu-[A-Za-z0-9_-]{22}$/;

const open: SyncClient[] = [];
afterEach(async () => {
  await Promise.all(
    open.splice(0).map(async (client) => {
      if (client.closed) return;
      client.close();
      await client.untilClosed();
    }),
  );
});

let alice: ApiClient;
beforeEach(async () => {
  alice = await ApiClient.signIn("Alice");
});

async function openFile(syncUrl: string, person = alice): Promise<SyncClient> {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

async function euWorkspace() {
  const created = await alice.call<WorkspaceDetails>("POST", "/api/workspaces", {
    name: "Brussels",
    jurisdiction: "eu",
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe("the local runtime", () => {
  it("does not implement jurisdictions (the reason they are reported as not applied)", () => {
    // If workerd ever implements them, this fails: then the report must say applied.
    expect(() => env.WORKSPACES.jurisdiction("eu")).toThrow(/not implemented in workerd/);
  });
});

describe("a workspace created in the eu jurisdiction", () => {
  it("carries the jurisdiction in its id and reports that it is not applied here", async () => {
    const workspace = await euWorkspace();
    expect(workspace.id).toMatch(EU_ID);
    expect(workspace.jurisdiction).toEqual({
      requested: "eu",
      applied: false,
      note: NOT_APPLIED_NOTE,
    });
    const fetched = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${workspace.id}`);
    expect(fetched.body.jurisdiction).toEqual(workspace.jurisdiction);

    // Not applied means what it says: the object is in the default namespace.
    const ids = await listDurableObjectIds(env.WORKSPACES);
    expect(ids.some((id) => id.equals(env.WORKSPACES.idFromName(workspace.id)))).toBe(true);
  });

  it("gives its projects and files the same marker, and they work end to end", async () => {
    const { id: ws } = await euWorkspace();
    const project = await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" });
    expect(project.status).toBe(201);
    expect(project.body.id).toMatch(EU_ID);
    const base = `/api/workspaces/${ws}/projects/${project.body.id}`;
    const file = await alice.call("POST", `${base}/files`, { path: "docs/intro.md" });
    expect(file.status).toBe(201);
    expect(file.body.id).toMatch(EU_ID);
    expect(file.body.syncUrl).toBe(`ws://quire.test${base}/sync/${file.body.id}`);

    const first = await openFile(file.body.syncUrl);
    const second = await openFile(file.body.syncUrl);
    first.text.insert(0, "Bonjour");
    await second.untilText("Bonjour");

    const listed = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${ws}`);
    expect(listed.body.projects.map((p) => p.id)).toEqual([project.body.id]);
    expect(listed.body.projects[0]!.files.map((f) => f.id)).toEqual([file.body.id]);
    const mine = await alice.call<{ workspaces: WorkspaceSummary[] }>("GET", "/api/workspaces");
    expect(mine.body.workspaces.map((w) => w.id)).toContain(ws);

    // The document lives where the one helper puts it.
    const stored = await runInDurableObject(
      objectFor(env.DOCUMENTS, file.body.id),
      (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log").one().n,
    );
    expect(stored).toBeGreaterThan(0);
  });

  it("shares by link, and trashes and restores a folder, with marked ids", async () => {
    const { id: ws } = await euWorkspace();
    const project = (await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).body
      .id;
    const base = `/api/workspaces/${ws}/projects/${project}`;
    await alice.call("POST", `${base}/files`, { path: "docs/a.md" });

    const link = await alice.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" });
    expect(link.status).toBe(201);
    const bob = await ApiClient.signIn("Bob");
    const accepted = await bob.call("POST", `/api/invites/${link.body.token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.workspaceId).toBe(ws);

    expect((await bob.call("DELETE", `${base}/folders/docs`)).status).toBe(204);
    const trash = (await bob.call("GET", `/api/workspaces/${ws}/trash`)).body.trash;
    expect(trash).toMatchObject([{ kind: "folder", label: "docs" }]);
    const restored = await bob.call("POST", `/api/workspaces/${ws}/trash/${trash[0].id}/restore`);
    expect(restored.status).toBe(204);
    const files = (await bob.call("GET", `${base}`)).body.files;
    expect(files.map((f: { path: string }) => f.path)).toEqual(["docs/a.md"]);
  });
});

describe("choosing a jurisdiction", () => {
  it("leaves a workspace without one in the default location, with a plain id", async () => {
    const created = await alice.call("POST", "/api/workspaces", { name: "Anywhere" });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.body.jurisdiction).toBeNull();
  });

  it.each([["mars"], ["EU"], [""], [42], [null]])(
    "refuses jurisdiction %j with a 400 that lists the choices, and creates nothing",
    async (jurisdiction) => {
      const before = (await alice.call("GET", "/api/workspaces")).body.workspaces.length;
      const refused = await alice.call("POST", "/api/workspaces", { name: "X", jurisdiction });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe('jurisdiction: must be one of "eu", "us", "fedramp"');
      const after = (await alice.call("GET", "/api/workspaces")).body.workspaces.length;
      expect(after).toBe(before);
    },
  );
});
