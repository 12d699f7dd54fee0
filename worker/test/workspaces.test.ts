import { env } from "cloudflare:workers";
import {
  abortAllDurableObjects,
  evictDurableObject,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkspaceDetails, WorkspaceEvent } from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import { PURGE_BATCH_SIZE } from "../project/trash.ts";
import { ApiClient, call } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

let alice: ApiClient;
beforeEach(async () => {
  alice = await ApiClient.signIn("Alice");
});

/** A workspace with one project, made through the API as a person would. */
async function workspaceWithProject(owner = alice) {
  const workspace = await owner.call("POST", "/api/workspaces", { name: "Team" });
  expect(workspace.status).toBe(201);
  const ws = workspace.body.id as string;
  const project = await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" });
  expect(project.status).toBe(201);
  return {
    ws,
    project: project.body.id as string,
    base: `/api/workspaces/${ws}/projects/${project.body.id}`,
  };
}

/** Connects to a file's socket through the Worker, as its `syncUrl` says. */
async function openFile(syncUrl: string, person = alice): Promise<SyncClient> {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/**
 * Rows in `table` of an object's SQLite. A wiped object that is still
 * running has no tables at all; one started again after the wipe has only
 * its fresh, empty schema. Both count as 0.
 */
function rowCount(stub: DurableObjectStub, table: string): Promise<number> {
  return runInDurableObject(stub, (_, state) => {
    const exists = state.storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table)
      .toArray().length;
    return exists
      ? state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n
      : 0;
  });
}

/**
 * Runs `stub`'s alarm until `finished` holds. The runtime also fires due
 * alarms by itself, so a step may already be running; poll rather than count.
 */
async function runAlarmsUntil(stub: DurableObjectStub, finished: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await finished()) return;
    await runDurableObjectAlarm(stub);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the alarm-driven work did not finish");
}

function documentRows(fileId: string): Promise<number> {
  return rowCount(env.DOCUMENTS.get(env.DOCUMENTS.idFromName(fileId)), "log");
}

describe("routing by path", () => {
  it("creates a workspace, a project and a file, and the file's syncUrl syncs two people", async () => {
    const { ws, project, base } = await workspaceWithProject();
    const file = await alice.call("POST", `${base}/files`, { path: "docs/intro.md" });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ path: "docs/intro.md", projectId: project, workspaceId: ws });
    expect(file.body.syncUrl).toBe(`ws://quire.test${base}/sync/${file.body.id}`);

    const first = await openFile(file.body.syncUrl);
    const second = await openFile(file.body.syncUrl);
    first.text.insert(0, "Hello from the fleet");
    await second.untilText("Hello from the fleet");

    const listed = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${ws}`);
    expect(listed.status).toBe(200);
    expect(listed.body.projects).toHaveLength(1);
    expect(listed.body.projects[0]!.files.map((f) => f.path)).toEqual(["docs/intro.md"]);

    const mine = await alice.call("GET", "/api/workspaces");
    expect(mine.body.workspaces.map((w: { id: string }) => w.id)).toContain(ws);
  });

  it("lists a workspace without constructing any project or document", async () => {
    const { ws, project, base } = await workspaceWithProject();
    const file = await alice.call("POST", `${base}/files`, { path: "a.md" });
    await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "Other" });

    await abortAllDurableObjects();
    const listed = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${ws}`);
    expect(listed.body.projects.map((p) => p.name)).toEqual(["Other", "Site"]);

    // Evicting an object that is not running is refused: none was started by the listing.
    const projectStub = env.PROJECTS.get(env.PROJECTS.idFromName(project));
    const documentStub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(file.body.id));
    await expect(evictDurableObject(projectStub)).rejects.toThrow();
    await expect(evictDurableObject(documentStub)).rejects.toThrow();
    // ...whereas one the workspace did reach is running (the check can fail).
    await alice.call("GET", `${base}/files/${file.body.id}`);
    await expect(evictDurableObject(projectStub)).resolves.toBeUndefined();
  });
});

describe("rename, move, trash and restore", () => {
  it("keeps a document's content and URL when its file is renamed and moved", async () => {
    const { base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "draft.md" })).body;
    const editor = await openFile(file.syncUrl);
    editor.text.insert(0, "content that must stay");
    const peer = await openFile(file.syncUrl);
    expect(peer.text.toString()).toBe("content that must stay");

    const moved = await alice.call("PATCH", `${base}/files/${file.id}`, { path: "notes/final.md" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: file.id,
      path: "notes/final.md",
      syncUrl: file.syncUrl,
    });

    const again = await openFile(file.syncUrl);
    expect(again.text.toString()).toBe("content that must stay");
    const fetched = await alice.call("GET", `${base}/files/${file.id}`);
    expect(fetched.body.path).toBe("notes/final.md");
  });

  it("moves a folder with everything in it", async () => {
    const { base } = await workspaceWithProject();
    await alice.call("POST", `${base}/files`, { path: "docs/guide/intro.md" });
    await alice.call("POST", `${base}/files`, { path: "docs/readme.md" });
    const moved = await alice.call("PATCH", `${base}/folders/docs`, { path: "manual" });
    expect(moved.status).toBe(200);
    const tree = await alice.call("GET", base);
    expect(tree.body.files.map((f: { path: string }) => f.path)).toEqual([
      "manual/guide/intro.md",
      "manual/readme.md",
    ]);
  });

  it("sends a file to the trash, closes its sockets, and restores it with its content", async () => {
    const { ws, base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "keep.md" })).body;
    const editor = await openFile(file.syncUrl);
    editor.text.insert(0, "precious");
    await openFile(file.syncUrl).then((peer) => peer.untilText("precious"));

    expect((await alice.call("DELETE", `${base}/files/${file.id}`)).status).toBe(204);
    expect((await editor.untilClosed()).code).toBe(CloseCode.notFound);
    expect((await alice.call("GET", `${base}/files/${file.id}`)).status).toBe(404);
    const trash = await alice.call("GET", `/api/workspaces/${ws}/trash`);
    expect(trash.body.trash).toMatchObject([{ kind: "file", id: file.id, label: "keep.md" }]);
    expect(trash.body.trash[0].purgeAt - trash.body.trash[0].trashedAt).toBe(30 * 24 * 3600 * 1000);
    const refused = await SyncClient.connectThroughWorker(
      new URL(file.syncUrl).pathname,
      alice.cookie,
    );
    expect((await refused.untilClosed()).code).toBe(CloseCode.notFound);

    const restored = await alice.call("POST", `${base}/files/${file.id}/restore`);
    expect(restored.status).toBe(200);
    const back = await openFile(file.syncUrl);
    expect(back.text.toString()).toBe("precious");
  });

  it("closes the sockets of a trashed project's files", async () => {
    const { base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "open.md" })).body;
    const editor = await openFile(file.syncUrl);
    expect((await alice.call("DELETE", base)).status).toBe(204);
    expect(await editor.untilClosed()).toMatchObject({ code: CloseCode.notFound });
  });

  it("trashes and restores a folder as one entry", async () => {
    const { ws } = await workspaceWithProject();
    const base = `/api/workspaces/${ws}/projects/${(await alice.call("GET", `/api/workspaces/${ws}`)).body.projects[0].id}`;
    await alice.call("POST", `${base}/files`, { path: "docs/a.md" });
    await alice.call("POST", `${base}/files`, { path: "docs/deep/b.md" });
    expect((await alice.call("DELETE", `${base}/folders/docs`)).status).toBe(204);
    let tree = await alice.call("GET", base);
    expect(tree.body.files).toEqual([]);
    const trash = (await alice.call("GET", `/api/workspaces/${ws}/trash`)).body.trash;
    expect(trash).toMatchObject([{ kind: "folder", label: "docs" }]);

    expect(
      (await alice.call("POST", `/api/workspaces/${ws}/trash/${trash[0].id}/restore`)).status,
    ).toBe(204);
    tree = await alice.call("GET", base);
    expect(tree.body.files.map((f: { path: string }) => f.path)).toEqual([
      "docs/a.md",
      "docs/deep/b.md",
    ]);
  });
});

describe("a workspace in the trash", () => {
  it("is marked in its members' lists, refuses use, and comes back on restore", async () => {
    const { ws, base } = await workspaceWithProject();
    await alice.call("POST", `${base}/files`, { path: "still-here.md" });
    expect((await alice.call("DELETE", `/api/workspaces/${ws}`)).status).toBe(204);
    const listed = (await alice.call("GET", "/api/workspaces")).body.workspaces;
    expect(listed.find((w: { id: string }) => w.id === ws).trashedAt).toBeTypeOf("number");
    expect((await alice.call("GET", `/api/workspaces/${ws}`)).status).toBe(404);
    expect((await alice.call("POST", `${base}/files`, { path: "x.md" })).status).toBe(404);

    const restored = await alice.call("POST", `/api/workspaces/${ws}/restore`);
    expect(restored.status).toBe(200);
    const relisted = (await alice.call("GET", "/api/workspaces")).body.workspaces;
    expect(relisted.find((w: { id: string }) => w.id === ws).trashedAt).toBeUndefined();
    const tree = await alice.call("GET", base);
    expect(tree.body.files.map((f: { path: string }) => f.path)).toEqual(["still-here.md"]);
  });

  it("renames show in the members' lists", async () => {
    const { ws } = await workspaceWithProject();
    expect((await alice.call("PATCH", `/api/workspaces/${ws}`, { name: "Renamed" })).status).toBe(
      200,
    );
    const listed = (await alice.call("GET", "/api/workspaces")).body.workspaces;
    expect(listed.find((w: { id: string }) => w.id === ws).name).toBe("Renamed");
  });

  it("refuses a body that is not sent as JSON", async () => {
    const response = await alice.call("POST", "/api/workspaces", undefined);
    expect(response.status).toBe(400);
  });
});

describe("purge", () => {
  it("wipes every descendant's storage, and resumes after a crash halfway", async () => {
    const { ws, project, base } = await workspaceWithProject();
    const fileCount = PURGE_BATCH_SIZE + 3;
    const fileIds: string[] = [];
    for (let index = 0; index < fileCount; index++) {
      const file = (await alice.call("POST", `${base}/files`, { path: `f${index}.md` })).body;
      fileIds.push(file.id);
      const client = await openFile(file.syncUrl);
      client.text.insert(0, `file ${index}`);
      await client.until(() => client.synced, "sync");
    }
    await openFile((await alice.call("GET", `${base}/files/${fileIds[0]}`)).body.syncUrl).then(
      (c) => c.untilText("file 0"),
    );
    for (const client of open.splice(0)) client.close();
    expect(await documentRows(fileIds[fileCount - 1]!)).toBeGreaterThan(0);

    expect((await alice.call("DELETE", base)).status).toBe(204);
    expect((await alice.call("DELETE", `/api/workspaces/${ws}/trash/${project}`)).status).toBe(204);

    // One step of the cascade, then the whole runtime is reset, as after a crash.
    const workspaceStub = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws));
    await runDurableObjectAlarm(workspaceStub);
    await abortAllDurableObjects();
    // Stubs do not outlive an abort; a fresh one reaches the restarted object.
    const restarted = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws));
    await runAlarmsUntil(restarted, async () => (await rowCount(restarted, "projects")) === 0);

    for (const fileId of fileIds) expect(await documentRows(fileId)).toBe(0);
    const projectStub = env.PROJECTS.get(env.PROJECTS.idFromName(project));
    expect(await rowCount(projectStub, "files")).toBe(0);
    expect(await rowCount(projectStub, "project")).toBe(0);
    const listed = await alice.call<WorkspaceDetails>("GET", `/api/workspaces/${ws}`);
    expect(listed.body.projects).toEqual([]);
    expect(listed.body.trash).toEqual([]);
    const log = await runInDurableObject(restarted, (_, state) =>
      state.storage.sql
        .exec<{ event: string; detail: string }>("SELECT event, detail FROM log")
        .toArray(),
    );
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail)).toHaveProperty("bookmark");
  });

  it("purges a whole workspace: every project, every document, and the members' lists", async () => {
    const { ws, base } = await workspaceWithProject();
    const other = (await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "Two" })).body
      .id;
    const files = [
      (await alice.call("POST", `${base}/files`, { path: "one.md" })).body,
      (
        await alice.call("POST", `/api/workspaces/${ws}/projects/${other}/files`, {
          path: "two.md",
        })
      ).body,
    ];
    for (const file of files) {
      const client = await openFile(file.syncUrl);
      client.text.insert(0, "data");
      await openFile(file.syncUrl).then((peer) => peer.untilText("data"));
    }
    for (const client of open.splice(0)) client.close();
    await alice.call("DELETE", `/api/workspaces/${ws}`);
    const stub = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws));
    expect(await stub.purgeNow({ userId: alice.user.id })).toEqual({ ok: true, value: null });
    await runAlarmsUntil(stub, async () => (await rowCount(stub, "workspace")) === 0);

    for (const file of files) expect(await documentRows(file.id)).toBe(0);
    expect(await rowCount(stub, "projects")).toBe(0);
    expect(await rowCount(stub, "workspace")).toBe(0);
    const listed = (await alice.call("GET", "/api/workspaces")).body.workspaces;
    expect(listed.map((w: { id: string }) => w.id)).not.toContain(ws);
  });

  it("purges one trashed file for good", async () => {
    const { ws, base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "gone.md" })).body;
    const client = await openFile(file.syncUrl);
    client.text.insert(0, "bye");
    await openFile(file.syncUrl).then((peer) => peer.untilText("bye"));
    await alice.call("DELETE", `${base}/files/${file.id}`);
    expect((await alice.call("DELETE", `/api/workspaces/${ws}/trash/${file.id}`)).status).toBe(204);
    expect(await documentRows(file.id)).toBe(0);
    expect((await alice.call("POST", `${base}/files/${file.id}/restore`)).status).toBe(404);
  });
});

describe("the live tree", () => {
  it("pushes every change to everyone with the workspace open", async () => {
    const { ws, base } = await workspaceWithProject();
    const response = await (
      await import("cloudflare:workers")
    ).exports.default.fetch(`http://quire.test/api/workspaces/${ws}/live`, {
      headers: { Upgrade: "websocket", Cookie: alice.cookie },
    });
    const socket = response.webSocket!;
    socket.accept();
    const events: WorkspaceEvent[] = [];
    socket.addEventListener("message", (event) => {
      events.push(JSON.parse(String(event.data)));
    });
    const until = async (predicate: () => boolean) => {
      for (let i = 0; i < 100 && !predicate(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(predicate()).toBe(true);
    };
    await until(() => events.length > 0);

    await alice.call("POST", `${base}/files`, { path: "live.md" });
    const paths = () =>
      events.flatMap((event) =>
        event.type === "tree"
          ? event.workspace.projects.flatMap((p) => p.files.map((f) => f.path))
          : [],
      );
    await until(() => paths().includes("live.md"));
    socket.close(1000);
  });
});

describe("bad input", () => {
  it("refuses bad names with 400 and says why", async () => {
    const cases: [unknown, string][] = [
      [{ name: "" }, "must not be empty"],
      [{ name: "x".repeat(101) }, "at most 100"],
      [{ name: "bad\u0007name" }, "control characters"],
      [{ name: "a/b" }, "'/'"],
      [{ name: 42 }, "string"],
      [{ name: "ok", extra: true }, "extra"],
      ["not json", "JSON"],
    ];
    for (const [body, words] of cases) {
      const response = await alice.call("POST", "/api/workspaces", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(response.body.error.message.toLowerCase()).toContain(words.toLowerCase());
    }
  });

  it("refuses bad paths with 400, duplicates with 409 and unknown ids with 404", async () => {
    const { ws, base } = await workspaceWithProject();
    for (const path of ["../etc", "a//b", "a/./b", "docs/", "", Array(17).fill("d").join("/")]) {
      const response = await alice.call("POST", `${base}/files`, { path });
      expect(response.status, path).toBe(400);
    }
    expect((await alice.call("POST", `${base}/files`, { path: "/docs/x.md" })).body.path).toBe(
      "docs/x.md",
    );
    expect((await alice.call("POST", `${base}/files`, { path: "docs/x.md" })).status).toBe(409);
    expect((await alice.call("POST", `${base}/files`, { path: "docs" })).status).toBe(409);
    expect((await alice.call("POST", `${base}/files`, { path: "docs/x.md/y.md" })).status).toBe(
      409,
    );
    expect((await alice.call("POST", `${base}/folders`, { path: "docs" })).status).toBe(409);
    expect(
      (await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "site" })).status,
    ).toBe(409);

    const unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    expect((await alice.call("GET", `/api/workspaces/${unknown}`)).status).toBe(404);
    expect((await alice.call("GET", `/api/workspaces/${ws}/projects/${unknown}`)).status).toBe(404);
    expect((await alice.call("GET", `${base}/files/${unknown}`)).status).toBe(404);
    expect((await alice.call("GET", `${base}/files/not-an-id`)).status).toBe(404);
    expect((await alice.call("PATCH", `${base}/files/${unknown}`, { path: "z.md" })).status).toBe(
      404,
    );
  });

  it("leaves no child behind when a create fails", async () => {
    const { ws } = await workspaceWithProject();
    const before = (await listDurableObjectIds(env.PROJECTS)).length;
    expect(
      (await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" })).status,
    ).toBe(409);
    expect((await alice.call("POST", `/api/workspaces/${ws}/projects`, { name: "" })).status).toBe(
      400,
    );
    expect((await listDurableObjectIds(env.PROJECTS)).length).toBe(before);
  });

  it("answers 401 to the signed out and 403 to a non-member, on HTTP and on the socket", async () => {
    const { ws, base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "private.md" })).body;
    expect((await call("GET", `/api/workspaces/${ws}`)).status).toBe(401);
    const mallory = await ApiClient.signIn("Mallory");
    expect((await mallory.call("GET", `/api/workspaces/${ws}`)).status).toBe(403);
    expect((await mallory.call("POST", `${base}/files`, { path: "x.md" })).status).toBe(403);
    const socket = await SyncClient.connectThroughWorker(
      new URL(file.syncUrl).pathname,
      mallory.cookie,
    );
    expect((await socket.untilClosed()).code).toBe(CloseCode.forbidden);
    const anonymous = await SyncClient.connectThroughWorker(new URL(file.syncUrl).pathname, "");
    expect((await anonymous.untilClosed()).code).toBe(CloseCode.unauthorized);
  });

  it("answers a plain request to a socket endpoint with 426 and a wrong method with 405", async () => {
    const { base } = await workspaceWithProject();
    const file = (await alice.call("POST", `${base}/files`, { path: "s.md" })).body;
    expect((await alice.call("GET", new URL(file.syncUrl).pathname)).status).toBe(426);
    const wrongMethod = await alice.call("PUT", `${base}/files/${file.id}`, { path: "t.md" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("Allow")).toContain("PATCH");
  });
});
