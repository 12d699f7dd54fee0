import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { ApiClient } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

/** An owner, an editor and a viewer, a project with a file at the root and one in a folder. */
async function team() {
  const owner = await ApiClient.signIn("Olive");
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" }))
    .body.id as string;
  const base = `/api/workspaces/${ws}/projects/${project}`;
  const root = (await owner.call("POST", `${base}/files`, { path: "notes.md" })).body;
  const nested = (await owner.call("POST", `${base}/files`, { path: "docs/guide.md" })).body;
  const join = async (name: string, role: "editor" | "viewer") => {
    const person = await ApiClient.signIn(name);
    const link = (await owner.call("POST", `/api/workspaces/${ws}/invites`, { role })).body;
    await person.call("POST", `/api/invites/${link.token}/accept`);
    return person;
  };
  return {
    owner,
    editor: await join("Eddie", "editor"),
    viewer: await join("Vera", "viewer"),
    ws,
    project,
    base,
    root,
    nested,
  };
}

async function reader(syncUrl: string, person: ApiClient) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

const trashOf = async (person: ApiClient, ws: string) =>
  (await person.call("GET", `/api/workspaces/${ws}/trash`)).body.trash as {
    kind: string;
    label: string;
    trashedBy?: string;
  }[];

describe("who may trash what, and everyone with a file open is told who did it", () => {
  it("lets an editor trash a file or a folder, and names them to the people reading it", async () => {
    const t = await team();
    const rootReader = await reader(t.root.syncUrl, t.viewer);
    const nestedReader = await reader(t.nested.syncUrl, t.owner);

    expect((await t.editor.call("DELETE", `${t.base}/files/${t.root.id}`)).status).toBe(204);
    expect(await rootReader.untilClosed()).toEqual({
      code: CloseCode.notFound,
      reason: "Eddie moved this file to the trash.",
    });
    expect((await t.editor.call("DELETE", `${t.base}/folders/docs`)).status).toBe(204);
    expect(await nestedReader.untilClosed()).toEqual({
      code: CloseCode.notFound,
      reason: "Eddie moved the folder docs to the trash.",
    });
    const trash = await trashOf(t.viewer, t.ws);
    expect(
      trash.map((entry) => `${entry.kind} ${entry.label} by ${entry.trashedBy}`).sort(),
    ).toEqual(["file notes.md by Eddie", "folder docs by Eddie"]);
  });

  it("lets only an owner trash a project, a viewer nothing, and a refusal changes nothing", async () => {
    const t = await team();
    const rootReader = await reader(t.root.syncUrl, t.editor);
    const refused = {
      editorProject: (await t.editor.call("DELETE", t.base)).status,
      viewerProject: (await t.viewer.call("DELETE", t.base)).status,
      viewerFile: (await t.viewer.call("DELETE", `${t.base}/files/${t.root.id}`)).status,
      viewerFolder: (await t.viewer.call("DELETE", `${t.base}/folders/docs`)).status,
    };
    expect(refused).toEqual({
      editorProject: 403,
      viewerProject: 403,
      viewerFile: 403,
      viewerFolder: 403,
    });
    expect((await t.editor.call("DELETE", t.base)).body.error.message).toBe(
      "Only an owner can delete a project.",
    );
    expect(await trashOf(t.owner, t.ws)).toEqual([]);
    expect(rootReader.closed).toBeUndefined();

    expect((await t.owner.call("DELETE", t.base)).status).toBe(204);
    expect(await rootReader.untilClosed()).toEqual({
      code: CloseCode.notFound,
      reason: "Olive moved the project Site to the trash.",
    });
    expect(await trashOf(t.editor, t.ws)).toMatchObject([
      { kind: "project", label: "Site", trashedBy: "Olive" },
    ]);
    // Deleting it for good is an owner's too; restoring is anyone's who may write.
    const forever = await t.editor.call("DELETE", `/api/workspaces/${t.ws}/trash/${t.project}`);
    expect(forever.status).toBe(403);
    expect((await t.editor.call("POST", `${t.base}/restore`)).status).toBe(200);
  });

  it("lets only an owner rename or trash the workspace, and tells the readers of its files", async () => {
    const t = await team();
    const rootReader = await reader(t.root.syncUrl, t.viewer);
    const renamed = await t.editor.call("PATCH", `/api/workspaces/${t.ws}`, { name: "Ours" });
    expect(renamed.status).toBe(403);
    expect(renamed.body.error.message).toBe("Only an owner can rename the workspace.");
    expect((await t.editor.call("DELETE", `/api/workspaces/${t.ws}`)).status).toBe(403);
    expect((await t.owner.call("GET", `/api/workspaces/${t.ws}`)).body.name).toBe("Team");

    expect((await t.owner.call("DELETE", `/api/workspaces/${t.ws}`)).status).toBe(204);
    expect(await rootReader.untilClosed()).toEqual({
      code: CloseCode.notFound,
      reason: "Olive moved the workspace Team to the trash.",
    });
  });

  it("cuts a long reason to fit a close frame, so the socket still closes", async () => {
    const t = await team();
    const deep = `${"very-long-folder-name/".repeat(6)}leaf`;
    const file = (await t.owner.call("POST", `${t.base}/files`, { path: `${deep}/x.md` })).body;
    const client = await reader(file.syncUrl, t.editor);
    expect((await t.owner.call("DELETE", `${t.base}/folders/${deep}`)).status).toBe(204);
    const closed = await client.untilClosed();
    expect(closed.code).toBe(CloseCode.notFound);
    expect(closed.reason.startsWith("Olive moved the folder very-long-folder-name/")).toBe(true);
    expect(closed.reason.endsWith("…")).toBe(true);
  });
});
