import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function inFile(path: string, person: ApiClient) {
  const client = await SyncClient.connectThroughWorker(path, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** The names on other people's cursors, as this client sees them. */
function cursorNames(client: SyncClient): string[] {
  return [...client.awareness.getStates()]
    .filter(([clientId]) => clientId !== client.doc.clientID)
    .map(([, state]) => String((state.user as { name?: string } | undefined)?.name))
    .sort();
}

describe("a new name", () => {
  it("relabels the cursor, the member row and the tree's avatars for everyone at once", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
    const project = (await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "Site" }))
      .body.id as string;
    const file = (
      await ada.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, { path: "a.md" })
    ).body;
    const grace = await ApiClient.signIn("Grace");
    const link = (await ada.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" })).body;
    await grace.call("POST", `/api/invites/${link.token}/accept`);

    const path = new URL(file.syncUrl).pathname;
    const adaTab = await inFile(path, ada);
    adaTab.setAwareness({ user: { name: "Ada", color: ada.user.color }, cursor: null });
    const graceTab = await inFile(path, grace);
    await graceTab.until(() => cursorNames(graceTab).includes("Ada"), "Ada's cursor");
    // The tree's avatars come from who has the file open.
    let presence: Record<string, { name: string }[]> = {};
    for (let i = 0; i < 200 && !presence[file.id]?.some((p) => p.name === "Ada"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      presence = (await grace.call("GET", `/api/workspaces/${ws}`)).body.presence;
    }
    const before = (await grace.call("GET", `/api/workspaces/${ws}`)).body.version;

    // Ada's tab says nothing new: the server re-stamps her cursor by itself.
    const renamed = await ada.call("PATCH", "/api/session", { name: "Ada Lovelace" });
    expect(renamed.status).toBe(200);
    await graceTab.until(() => cursorNames(graceTab).includes("Ada Lovelace"), "the new label");
    expect(cursorNames(graceTab)).toEqual(["Ada Lovelace"]);

    const details = (await grace.call("GET", `/api/workspaces/${ws}`)).body;
    expect(details.version).toBeGreaterThan(before);
    expect(details.presence[file.id].map((p: { name: string }) => p.name)).toEqual([
      "Ada Lovelace",
      "Grace",
    ]);
    const members = (await grace.call("GET", `/api/workspaces/${ws}/members`)).body.members;
    expect(members.map((m: { name: string }) => m.name)).toEqual(["Ada Lovelace", "Grace"]);

    // A socket opened after the rename is stamped with the new name too.
    const later = await inFile(path, ada);
    later.setAwareness({ user: { name: "stale" }, cursor: null });
    await graceTab.until(
      () => cursorNames(graceTab).filter((name) => name === "Ada Lovelace").length === 2,
      "the second tab's label",
    );
  });
});
