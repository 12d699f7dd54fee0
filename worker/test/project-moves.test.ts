import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkspaceDetails } from "../../shared/api/tree.ts";
import { FINISH_TRANSFER } from "../project/transfers.ts";
import { ApiClient, call } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Moving a file or folder from one project to another of the same
 * workspace (`POST .../projects/:project/moves`, worker/project/transfers.ts):
 * the file keeps its id, so its document and history go with it; a move that
 * stops halfway is finished by the alarm; and nothing is ever in neither project.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

let alice: ApiClient;
beforeEach(async () => {
  alice = await ApiClient.signIn("Alice");
});

/** A workspace with projects Site and Blog. */
async function twoProjects(owner = alice) {
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
  const site = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" })).body
    .id as string;
  const blog = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Blog" })).body
    .id as string;
  return {
    ws,
    site,
    blog,
    siteBase: `/api/workspaces/${ws}/projects/${site}`,
    blogBase: `/api/workspaces/${ws}/projects/${blog}`,
  };
}

async function openFile(syncUrl: string, person = alice): Promise<SyncClient> {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

async function paths(person: ApiClient, base: string): Promise<string[]> {
  const tree = await person.call("GET", base);
  return tree.body.files.map((file: { path: string }) => file.path);
}

function projectStub(projectId: string) {
  return env.PROJECTS.get(env.PROJECTS.idFromName(projectId));
}

/**
 * Records a move in project `from`'s scheduler, as `sendFile` does before
 * anything moves, but not due yet (the runtime fires due alarms by itself).
 */
async function recordMove(
  from: string,
  to: string,
  file: { id: string; path: string; createdAt: number },
) {
  await runInDurableObject(projectStub(from), (_, state) => {
    state.storage.sql.exec(
      "INSERT INTO scheduled_events (name, key, run_at, payload, attempts) VALUES (?, ?, ?, ?, 0)",
      FINISH_TRANSFER,
      file.id,
      Date.now() + 60 * 60_000,
      JSON.stringify({ projectId: to, file }),
    );
  });
}

/**
 * Makes project `projectId`'s recorded moves due and runs its alarm until
 * none is left, as after the request died. The runtime also fires a due
 * alarm by itself, so a run may already be under way: poll, do not count.
 */
async function runMovesNow(projectId: string) {
  const stub = projectStub(projectId);
  await runInDurableObject(stub, async (_, state) => {
    state.storage.sql.exec(
      "UPDATE scheduled_events SET run_at = ? WHERE name = ?",
      Date.now() - 1,
      FINISH_TRANSFER,
    );
    await state.storage.setAlarm(Date.now());
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await pendingMoves(projectId)).length === 0) return;
    await runDurableObjectAlarm(stub);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the recorded move did not finish");
}

/** Whether project `projectId`'s own SQLite has an active row for the file. */
function heldBy(projectId: string, fileId: string): Promise<boolean> {
  return runInDurableObject(
    projectStub(projectId),
    (_, state) =>
      state.storage.sql
        .exec("SELECT 1 FROM files WHERE id = ? AND trashed_at IS NULL", fileId)
        .toArray().length > 0,
  );
}

function pendingMoves(projectId: string) {
  return runInDurableObject(projectStub(projectId), (_, state) =>
    state.storage.sql
      .exec("SELECT key FROM scheduled_events WHERE name = ?", FINISH_TRANSFER)
      .toArray(),
  );
}

describe("moving a file to another project", () => {
  it("keeps its id and its document; the old project forgets it and the workspace lists it in the new one", async () => {
    const { ws, site, blog, siteBase, blogBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "draft.md" })).body;
    const editor = await openFile(file.syncUrl);
    editor.text.insert(0, "written in Site");
    const reader = await openFile(file.syncUrl);
    await reader.untilText("written in Site");

    const moved = await alice.call("POST", `${siteBase}/moves`, {
      file: file.id,
      project: blog,
      path: "posts/draft.md",
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ projectId: blog, path: "posts/draft.md", moved: 1, left: [] });

    expect(await paths(alice, siteBase)).toEqual([]);
    expect(await paths(alice, blogBase)).toEqual(["posts/draft.md"]);
    expect((await alice.call("GET", `${siteBase}/files/${file.id}`)).status).toBe(404);
    const there = await alice.call("GET", `${blogBase}/files/${file.id}`);
    expect(there.body).toMatchObject({ id: file.id, path: "posts/draft.md", projectId: blog });
    const workspace = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${ws}`);
    const listed = workspace.body.projects.map((project) => [
      project.name,
      project.files.map((entry) => entry.id),
    ]);
    expect(listed).toEqual(
      expect.arrayContaining([
        ["Site", []],
        ["Blog", [file.id]],
      ]),
    );

    // The same document, at its new address.
    const again = await openFile(there.body.syncUrl);
    expect(again.text.toString()).toBe("written in Site");
    // No scheduled move is left behind in the project it came from.
    expect(await pendingMoves(site)).toEqual([]);
  });

  it("moves a folder with its files and its empty subfolders", async () => {
    const { blog, siteBase, blogBase } = await twoProjects();
    await alice.call("POST", `${siteBase}/files`, { path: "docs/guide/intro.md" });
    await alice.call("POST", `${siteBase}/files`, { path: "docs/readme.md" });
    await alice.call("POST", `${siteBase}/files`, { path: "keep.md" });
    await alice.call("POST", `${siteBase}/folders`, { path: "docs/empty" });

    const moved = await alice.call("POST", `${siteBase}/moves`, {
      folder: "docs",
      project: blog,
      path: "manual",
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ projectId: blog, path: "manual", moved: 2, left: [] });
    expect(await paths(alice, siteBase)).toEqual(["keep.md"]);
    expect(await paths(alice, blogBase)).toEqual(["manual/guide/intro.md", "manual/readme.md"]);
    const blogTree = await alice.call("GET", blogBase);
    expect(blogTree.body.folders.map((folder: { path: string }) => folder.path)).toEqual([
      "manual/empty",
    ]);
    const siteTree = await alice.call("GET", siteBase);
    expect(siteTree.body.folders).toEqual([]);
  });
});

describe("a move that stops halfway", () => {
  it("is finished by the project's alarm: the file ends in the new project only, with its text", async () => {
    const { site, blog, siteBase, blogBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "a.md" })).body;
    const editor = await openFile(file.syncUrl);
    editor.text.insert(0, "kept");
    const reader = await openFile(file.syncUrl);
    await reader.untilText("kept");

    // The request's first two steps, as if it died after them: the move is
    // recorded in Site, and Blog has taken the file in.
    const travelling = { id: file.id, path: "a.md", createdAt: file.createdAt };
    await recordMove(site, blog, travelling);
    expect((await projectStub(blog).receiveFile(travelling)).ok).toBe(true);
    // Both projects hold it now (never neither); the workspace lists it once.
    expect(await heldBy(site, file.id)).toBe(true);
    expect(await heldBy(blog, file.id)).toBe(true);
    expect(await paths(alice, blogBase)).toEqual(["a.md"]);
    // A report from Site in between (any change there) lists it under Site again.
    await alice.call("POST", `${siteBase}/folders`, { path: "elsewhere" });
    expect(await paths(alice, siteBase)).toEqual(["a.md"]);
    expect(await paths(alice, blogBase)).toEqual([]);

    await runMovesNow(site);
    expect(await heldBy(site, file.id)).toBe(false);
    expect(await paths(alice, siteBase)).toEqual([]);
    expect(await paths(alice, blogBase)).toEqual(["a.md"]);
    const there = (await alice.call("GET", `${blogBase}/files/${file.id}`)).body;
    expect((await openFile(there.syncUrl)).text.toString()).toBe("kept");
  });

  it("leaves the file where it was when the new project's place for it has been taken meanwhile", async () => {
    const { site, blog, siteBase, blogBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "a.md" })).body;
    await alice.call("POST", `${blogBase}/files`, { path: "a.md" });
    await recordMove(site, blog, { id: file.id, path: "a.md", createdAt: file.createdAt });
    await runMovesNow(site);
    expect(await paths(alice, siteBase)).toEqual(["a.md"]);
    expect((await alice.call("GET", `${siteBase}/files/${file.id}`)).status).toBe(200);
    expect(await pendingMoves(site)).toEqual([]);
  });
});

describe("while a file is moving", () => {
  it("refuses to put it (or its folder) in the trash, so its document is never wiped under the other project", async () => {
    const { site, blog, siteBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "docs/a.md" })).body;
    await recordMove(site, blog, { id: file.id, path: "docs/a.md", createdAt: file.createdAt });

    const trashed = await alice.call("DELETE", `${siteBase}/files/${file.id}`);
    expect(trashed.status).toBe(409);
    expect(trashed.body.error.message).toMatch(/moving to another project/);
    expect((await alice.call("DELETE", `${siteBase}/folders/docs`)).status).toBe(409);

    await runMovesNow(site);
    expect(await heldBy(blog, file.id)).toBe(true);
    expect(await heldBy(site, file.id)).toBe(false);
  });
});

describe("bad moves", () => {
  it("refuses a taken place with 409 and moves nothing", async () => {
    const { blog, siteBase, blogBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "a.md" })).body;
    await alice.call("POST", `${blogBase}/files`, { path: "a.md" });
    await alice.call("POST", `${siteBase}/files`, { path: "docs/x.md" });
    await alice.call("POST", `${blogBase}/folders`, { path: "docs" });

    const taken = await alice.call("POST", `${siteBase}/moves`, {
      file: file.id,
      project: blog,
      path: "a.md",
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/a file named "a.md" already exists/);
    const folderTaken = await alice.call("POST", `${siteBase}/moves`, {
      folder: "docs",
      project: blog,
      path: "docs",
    });
    expect(folderTaken.status).toBe(409);
    expect(await paths(alice, siteBase)).toEqual(["a.md", "docs/x.md"]);
    expect(await paths(alice, blogBase)).toEqual(["a.md"]);
  });

  it("refuses a malformed body, the same project, unknown ids and other workspaces' projects", async () => {
    const { site, blog, siteBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "a.md" })).body;
    const other = await twoProjects();

    for (const body of [
      {},
      { file: file.id, project: blog },
      { file: file.id, folder: "docs", project: blog, path: "a.md" },
      { file: file.id, project: blog, path: "../a.md" },
      { file: "not-an-id", project: blog, path: "a.md" },
      "not json",
    ]) {
      const answer = await alice.call("POST", `${siteBase}/moves`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    const same = await alice.call("POST", `${siteBase}/moves`, {
      file: file.id,
      project: site,
      path: "b.md",
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/change its path/);

    const unknownFile = await alice.call("POST", `${siteBase}/moves`, {
      file: other.site,
      project: blog,
      path: "b.md",
    });
    expect(unknownFile.status).toBe(404);
    const unknownFolder = await alice.call("POST", `${siteBase}/moves`, {
      folder: "nowhere",
      project: blog,
      path: "b",
    });
    expect(unknownFolder.status).toBe(404);
    const elsewhere = await alice.call("POST", `${siteBase}/moves`, {
      file: file.id,
      project: other.blog,
      path: "a.md",
    });
    expect(elsewhere.status).toBe(404);
    expect(await paths(alice, siteBase)).toEqual(["a.md"]);
  });

  it("refuses viewers (403), strangers (403) and the signed out (401)", async () => {
    const { ws, blog, siteBase } = await twoProjects();
    const file = (await alice.call("POST", `${siteBase}/files`, { path: "a.md" })).body;
    const viewer = await ApiClient.signIn("Vera");
    const invite = await alice.call("POST", `/api/workspaces/${ws}/invites`, { role: "viewer" });
    await viewer.call("POST", `/api/invites/${invite.body.token}/accept`);
    const stranger = await ApiClient.signIn("Sam");
    const body = { file: file.id, project: blog, path: "a.md" };

    expect((await viewer.call("POST", `${siteBase}/moves`, body)).status).toBe(403);
    expect((await stranger.call("POST", `${siteBase}/moves`, body)).status).toBe(403);
    expect((await call("POST", `${siteBase}/moves`, body)).status).toBe(401);
    expect(await paths(alice, siteBase)).toEqual(["a.md"]);
  });
});
