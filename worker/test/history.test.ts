import { env, exports } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { unzipSync, strFromU8 } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";
import { storedText } from "./stored.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(async () => {
  // Wait for the closes to be handled (they save a version when the last
  // person leaves), so no call is still running when the test file ends.
  const closing = open.splice(0).filter((client) => !client.closed);
  for (const client of closing) client.close();
  await Promise.all(closing.map((client) => client.untilClosed()));
  await new Promise((resolve) => setTimeout(resolve, 100));
});

/** An owner, an editor and a viewer of one file, with its URLs. */
async function scene(path = "essay.md") {
  const owner = await ApiClient.signIn("Olive");
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Paper" }))
    .body.id;
  const file = (
    await owner.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, { path })
  ).body;
  const join = async (name: string, role: string) => {
    const person = await ApiClient.signIn(name);
    const link = (await owner.call("POST", `/api/workspaces/${ws}/invites`, { role })).body;
    await person.call("POST", `/api/invites/${link.token}/accept`);
    return person;
  };
  const editor = await join("Eddie", "editor");
  const viewer = await join("Vera", "viewer");
  const fileUrl = `/api/workspaces/${ws}/projects/${project}/files/${file.id}`;
  const documentStub = () => env.DOCUMENTS.get(env.DOCUMENTS.idFromName(file.id));
  return { owner, editor, viewer, ws, project, file, fileUrl, documentStub };
}

async function openFile(syncUrl: string, person: ApiClient) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** Types `text` at the end and waits until the server has stored it (tag 102 acks are not asked for here). */
async function type(client: SyncClient, watcher: SyncClient, text: string) {
  const expected = client.text.toString() + text;
  client.text.insert(client.text.length, text);
  await watcher.untilText(expected);
}

describe("version history", () => {
  it("saves a named version, lists it with its authors, previews it and restores it live", async () => {
    const s = await scene();
    const eddie = await openFile(s.file.syncUrl, s.editor);
    const olive = await openFile(s.file.syncUrl, s.owner);
    await type(eddie, olive, "First draft.");

    const saved = await s.editor.call("POST", `${s.fileUrl}/versions`, { name: "Draft 1" });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      kind: "named",
      name: "Draft 1",
      createdBy: { id: s.editor.user.id, name: "Eddie" },
      authors: ["Eddie"],
    });

    await type(olive, eddie, " Olive's rewrite.");
    const list = (await s.viewer.call("GET", `${s.fileUrl}/versions`)).body.versions;
    expect(list.map((version: { name: string }) => version.name)).toEqual(["Draft 1"]);
    const preview = await s.viewer.call("GET", `${s.fileUrl}/versions/${saved.body.id}`);
    expect(preview.status).toBe(200);
    expect(preview.body.text).toBe("First draft.");

    const restored = await s.editor.call("POST", `${s.fileUrl}/versions/${saved.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.restored.id).toBe(saved.body.id);
    expect(restored.body.undo).toMatchObject({ kind: "auto", authors: ["Olive"] });
    // Everyone connected sees it at once, and it is stored.
    await olive.untilText("First draft.");
    await eddie.untilText("First draft.");
    expect(await storedText(s.documentStub())).toBe("First draft.");

    // The version saved just before undoes the restore.
    await s.owner.call("POST", `${s.fileUrl}/versions/${restored.body.undo.id}/restore`);
    await eddie.untilText("First draft. Olive's rewrite.");
    expect(await storedText(s.documentStub())).toBe("First draft. Olive's rewrite.");
  });

  it("answers an unknown version with 404 and refuses viewers and non-holders of the lock", async () => {
    const s = await scene();
    const eddie = await openFile(s.file.syncUrl, s.editor);
    const olive = await openFile(s.file.syncUrl, s.owner);
    await type(eddie, olive, "Text.");
    const version = (await s.owner.call("POST", `${s.fileUrl}/versions`, { name: "v1" })).body;

    const missing = "AAAAAAAAAAAAAAAAAAAAAA";
    expect((await s.owner.call("GET", `${s.fileUrl}/versions/${missing}`)).status).toBe(404);
    expect((await s.owner.call("POST", `${s.fileUrl}/versions/${missing}/restore`)).status).toBe(
      404,
    );
    expect((await s.owner.call("GET", `${s.fileUrl}/versions/not-an-id`)).status).toBe(404);
    expect((await s.viewer.call("POST", `${s.fileUrl}/versions`, { name: "mine" })).status).toBe(
      403,
    );
    expect(
      (await s.viewer.call("POST", `${s.fileUrl}/versions/${version.id}/restore`)).status,
    ).toBe(403);
    expect((await s.owner.call("POST", `${s.fileUrl}/versions`, { name: "" })).status).toBe(400);
    expect((await s.owner.call("POST", `${s.fileUrl}/versions`, {})).status).toBe(400);

    await type(eddie, olive, " More.");
    await s.editor.call("POST", `${s.fileUrl}/lock`, { leaseSeconds: 60 });
    const refused = await s.owner.call("POST", `${s.fileUrl}/versions/${version.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("Eddie holds the lock");
    expect(await storedText(s.documentStub())).toBe("Text. More.");
    // The holder may.
    const byHolder = await s.editor.call("POST", `${s.fileUrl}/versions/${version.id}/restore`);
    expect(byHolder.status).toBe(200);
    await olive.untilText("Text.");
  });

  it("saves an automatic version when the last person leaves, and after a spell of editing", async () => {
    const s = await scene();
    const eddie = await openFile(s.file.syncUrl, s.editor);
    const olive = await openFile(s.file.syncUrl, s.owner);
    await type(eddie, olive, "Morning work.");
    olive.close();
    eddie.close();
    const versions = async () => (await s.owner.call("GET", `${s.fileUrl}/versions`)).body.versions;
    for (let i = 0; i < 100 && (await versions()).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await versions()).toMatchObject([
      { kind: "auto", name: "When everyone had left", authors: ["Eddie"] },
    ]);

    // Nothing changed since: leaving again saves nothing.
    const again = await openFile(s.file.syncUrl, s.owner);
    again.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await versions()).toHaveLength(1);

    // A spell of editing: the alarm saves one once its time comes.
    const later = await openFile(s.file.syncUrl, s.owner);
    const watcher = await openFile(s.file.syncUrl, s.editor);
    await type(later, watcher, " Afternoon.");
    await runInDurableObject(s.documentStub(), (_, state) => {
      state.storage.sql.exec(
        "UPDATE scheduled_events SET run_at = ? WHERE name = 'auto-version'",
        Date.now() - 1,
      );
    });
    await runDurableObjectAlarm(s.documentStub());
    const [newest] = await versions();
    expect(newest).toMatchObject({
      kind: "auto",
      name: "After a spell of editing",
      authors: ["Olive"],
    });
    const preview = await s.owner.call("GET", `${s.fileUrl}/versions/${newest.id}`);
    expect(preview.body.text).toBe("Morning work. Afternoon.");
  });

  it("keeps a version of a 3 MB document in chunks and restores it", async () => {
    const s = await scene();
    const olive = await openFile(s.file.syncUrl, s.owner);
    const eddie = await openFile(s.file.syncUrl, s.editor);
    const big = "Lorem ipsum dolor sit amet. ".repeat(110_000);
    olive.text.insert(0, big);
    await eddie.until(() => eddie.text.length === big.length, "the 3 MB paste", 30_000);
    const version = (await s.owner.call("POST", `${s.fileUrl}/versions`, { name: "Big" })).body;
    expect(version.bytes).toBeGreaterThan(3_000_000);
    const chunks = await runInDurableObject(s.documentStub(), (_, state) =>
      state.storage.sql
        .exec<{ biggest: number; count: number }>(
          "SELECT MAX(length(data)) AS biggest, COUNT(*) AS count FROM version_chunks",
        )
        .one(),
    );
    expect(chunks.count).toBeGreaterThan(5);
    expect(chunks.biggest).toBeLessThanOrEqual(512 * 1024);

    olive.text.delete(0, olive.text.length);
    await eddie.untilText("");
    await s.owner.call("POST", `${s.fileUrl}/versions/${version.id}/restore`);
    await eddie.until(() => eddie.text.length === big.length, "the restored text", 30_000);
    expect(eddie.text.toString() === big).toBe(true);
  });
});

describe("export", () => {
  it("downloads a file as text and a project as a zip of its files", async () => {
    const s = await scene("notes/intro.md");
    const other = (
      await s.owner.call("POST", `/api/workspaces/${s.ws}/projects/${s.project}/files`, {
        path: "README.md",
      })
    ).body;
    const a = await openFile(s.file.syncUrl, s.owner);
    const b = await openFile(other.syncUrl, s.owner);
    const watcherA = await openFile(s.file.syncUrl, s.editor);
    const watcherB = await openFile(other.syncUrl, s.editor);
    await type(a, watcherA, "Introduction — ünïcödé.");
    await type(b, watcherB, "# Read me");

    const text = await exports.default.fetch(`http://quire.test${s.fileUrl}/export`, {
      headers: { Cookie: s.viewer.cookie },
    });
    expect(text.status).toBe(200);
    expect(text.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("Content-Disposition")).toContain('filename="intro.md"');
    expect(await text.text()).toBe("Introduction — ünïcödé.");

    const zip = await exports.default.fetch(
      `http://quire.test/api/workspaces/${s.ws}/projects/${s.project}/export`,
      { headers: { Cookie: s.viewer.cookie } },
    );
    expect(zip.status).toBe(200);
    expect(zip.headers.get("Content-Type")).toBe("application/zip");
    expect(zip.headers.get("Content-Disposition")).toContain('filename="Paper.zip"');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["README.md", "notes/intro.md"]);
    expect(strFromU8(files["notes/intro.md"]!)).toBe("Introduction — ünïcödé.");
    expect(strFromU8(files["README.md"]!)).toBe("# Read me");

    const stranger = await ApiClient.signIn("Stranger");
    const refused = await exports.default.fetch(`http://quire.test${s.fileUrl}/export`, {
      headers: { Cookie: stranger.cookie },
    });
    expect(refused.status).toBe(403);
  });
});
