import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { UserEvent } from "../../shared/api/presence.ts";
import type { WorkspaceEvent } from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import { ApiClient, fileOf } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/** A tab's live socket to its person's user object, collecting what it is told. */
async function openTab(person: ApiClient) {
  const response = await exports.default.fetch("http://quire.test/api/me/live", {
    headers: { Upgrade: "websocket", Cookie: person.cookie },
  });
  const socket = response.webSocket!;
  socket.accept();
  const events: UserEvent[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.addEventListener("message", (event) => {
    events.push(JSON.parse(String(event.data)));
  });
  socket.addEventListener(
    "close",
    (event) => (closed = { code: event.code, reason: event.reason }),
  );
  const until = async (predicate: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
    if (!predicate()) throw new Error(`timed out waiting for ${what}`);
  };
  const lastPresence = () => events.findLast((event) => event.type === "presence")?.presence;
  return { socket, events, until, lastPresence, closed: () => closed };
}

describe("presence on the user object", () => {
  it("is online with a visible tab, away when hidden, and lists the open files", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    const tab = await openTab(ada);
    await tab.until(() => tab.lastPresence()?.status === "online", "online");

    const editor = await SyncClient.connectThroughWorker(
      new URL(file.syncUrl).pathname,
      ada.cookie,
    );
    await editor.untilSynced();
    await tab.until(() => tab.lastPresence()?.openFiles.length === 1, "the open file");
    expect(tab.lastPresence()!.openFiles).toEqual([{ workspaceId: ws, fileId: file.id }]);

    tab.socket.send(JSON.stringify({ type: "visibility", visible: false }));
    await tab.until(() => tab.lastPresence()?.status === "away", "away");

    editor.close();
    await tab.until(() => tab.lastPresence()?.openFiles.length === 0, "the file closing");
    const polled = await ada.call("GET", "/api/me/presence");
    expect(polled.body.presence).toEqual({ status: "away", openFiles: [] });
    tab.socket.close(1000);
  });

  it("closes a tab that sends something it does not understand", async () => {
    const ada = await ApiClient.signIn("Ada");
    const tab = await openTab(ada);
    tab.socket.send("{not json");
    await tab.until(() => tab.closed() !== undefined, "the close");
    expect(tab.closed()!.code).toBe(CloseCode.badMessage);
  });

  it("pushes a new inbox item to the person's open tabs", async () => {
    const owner = await ApiClient.signIn("Olive");
    const { ws } = await fileOf(owner);
    const tab = await openTab(owner);
    const guest = await ApiClient.signIn("Gus");
    const link = (await owner.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" }))
      .body;
    await guest.call("POST", `/api/invites/${link.token}/accept`);
    await tab.until(() => tab.events.some((event) => event.type === "inbox"), "the inbox item");
    expect(tab.events.find((event) => event.type === "inbox")).toMatchObject({
      item: { text: "Gus joined Home.", workspaceId: ws },
    });
    tab.socket.close(1000);
  });
});

describe("signing out", () => {
  it("closes that session's document sockets and tabs at once, and only that session's", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { file } = await fileOf(ada);
    const path = new URL(file.syncUrl).pathname;
    const editor = await SyncClient.connectThroughWorker(path, ada.cookie);
    await editor.untilSynced();
    const tab = await openTab(ada);
    await tab.until(() => tab.lastPresence()?.openFiles.length === 1, "the open file");

    const bystander = await ApiClient.signIn("Bea");
    const bystanderTab = await openTab(bystander);
    await bystanderTab.until(() => bystanderTab.lastPresence() !== undefined, "presence");

    expect((await ada.call("DELETE", "/api/session")).status).toBe(204);
    expect(await editor.untilClosed()).toEqual({
      code: CloseCode.unauthorized,
      reason: "You signed out.",
    });
    await tab.until(() => tab.closed() !== undefined, "the tab closing");
    expect(tab.closed()!.code).toBe(CloseCode.unauthorized);
    expect(bystanderTab.closed()).toBeUndefined();
    const again = await SyncClient.connectThroughWorker(path, ada.cookie);
    expect((await again.untilClosed()).code).toBe(CloseCode.unauthorized);
    bystanderTab.socket.close(1000);
  });
});

describe("cursors carry the server's word for who is who", () => {
  it("stamps the session's name and colour over whatever a client claims", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    const link = (await ada.call("POST", `/api/workspaces/${ws}/invites`, { role: "editor" })).body;
    const mallory = await ApiClient.signIn("Mallory");
    await mallory.call("POST", `/api/invites/${link.token}/accept`);
    const path = new URL(file.syncUrl).pathname;
    const adaClient = await SyncClient.connectThroughWorker(path, ada.cookie);
    await adaClient.untilSynced();
    const malloryClient = await SyncClient.connectThroughWorker(path, mallory.cookie);
    await malloryClient.untilSynced();

    adaClient.setAwareness({ user: { name: "Ada", color: "#000000", colorLight: "#00000033" } });
    malloryClient.setAwareness({ user: { name: "Ada", color: "#000000" } });
    const users = () =>
      [...adaClient.awareness.getStates()]
        .filter(([clientId]) => clientId !== adaClient.doc.clientID)
        .map(([, state]) => state.user as { id: string; name: string; color: string });
    await adaClient.until(() => users().length === 1, "Mallory's cursor");
    expect(users()[0]).toEqual({ id: mallory.user.id, name: "Mallory", color: mallory.user.color });

    // Mallory cannot write over Ada's cursor either: Ada's client id belongs to Ada's socket.
    const forged = new (await import("y-protocols/awareness")).Awareness(malloryClient.doc);
    clearInterval(forged._checkInterval);
    forged.clientID = adaClient.doc.clientID;
    // A higher clock than Ada's, so a relayed forgery would win everywhere.
    for (let clock = 0; clock < 5; clock++) forged.setLocalState({ user: { name: "Forged" } });
    const encoding = await import("lib0/encoding");
    const { encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(forged, [adaClient.doc.clientID]));
    malloryClient.send(encoding.toUint8Array(encoder));
    malloryClient.setAwareness({ user: { name: "Still Mallory" } });
    await adaClient.until(() => users()[0]?.name === "Mallory", "Mallory's next update");
    // A newcomer gets the server's awareness: Ada is still Ada.
    const newcomer = await SyncClient.connectThroughWorker(path, ada.cookie);
    await newcomer.until(
      () => newcomer.awareness.getStates().has(adaClient.doc.clientID),
      "Ada's cursor at the newcomer",
    );
    expect(newcomer.awareness.getStates().get(adaClient.doc.clientID)?.user).toMatchObject({
      id: ada.user.id,
      name: "Ada",
    });
    newcomer.close();
    adaClient.close();
    malloryClient.close();
  });
});

describe("who is in which file", () => {
  it("shows in the workspace's tree, live as small events, and leaves with the socket", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    const response = await exports.default.fetch(`http://quire.test/api/workspaces/${ws}/live`, {
      headers: { Upgrade: "websocket", Cookie: ada.cookie },
    });
    const live = response.webSocket!;
    live.accept();
    const events: WorkspaceEvent[] = [];
    live.addEventListener("message", (event) => events.push(JSON.parse(String(event.data))));
    const until = async (predicate: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
      if (!predicate()) throw new Error(`timed out waiting for ${what}`);
    };
    const adaIn = () => {
      const last = events.findLast((event) => event.type === "presence");
      return last?.type === "presence" && last.member.name === "Ada" ? last.fileIds : undefined;
    };
    const trees = () => events.filter((event) => event.type === "tree").length;
    await until(() => trees() === 1, "the first tree");

    const editor = await SyncClient.connectThroughWorker(
      new URL(file.syncUrl).pathname,
      ada.cookie,
    );
    await editor.untilSynced();
    await until(() => adaIn()?.includes(file.id) === true, "Ada in the file");
    const details = (await ada.call("GET", `/api/workspaces/${ws}`)).body;
    expect(details.presence[file.id]).toEqual([
      { userId: ada.user.id, name: "Ada", color: ada.user.color },
    ]);

    editor.close();
    await until(() => adaIn()?.length === 0, "Ada leaving the file");
    // Presence went as its own events: the whole tree was sent only once, on connect.
    expect(trees()).toBe(1);
    live.close(1000);
  });
});

describe("presence reports that cross on the way", () => {
  it("a late report does not bring back someone who left", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    const workspace = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws));
    await workspace.presenceChanged(ada.user.id, [file.id], 5);
    await workspace.presenceChanged(ada.user.id, [], 6);
    // Sent before the "left" report above, arriving after it.
    await workspace.presenceChanged(ada.user.id, [file.id], 4);
    const details = (await ada.call("GET", `/api/workspaces/${ws}`)).body;
    expect(details.presence).toEqual({});
  });

  it("sockets that open and close at once leave nobody in the file", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    const path = new URL(file.syncUrl).pathname;
    const quick = await Promise.all(
      Array.from({ length: 5 }, () => SyncClient.connectThroughWorker(path, ada.cookie)),
    );
    for (const client of quick) client.close();
    const stays = await SyncClient.connectThroughWorker(path, ada.cookie);
    await stays.untilSynced();
    stays.close();
    let presence: Record<string, unknown> = { pending: true };
    for (let i = 0; i < 200 && Object.keys(presence).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      presence = (await ada.call("GET", `/api/workspaces/${ws}`)).body.presence;
    }
    expect(presence).toEqual({});
  });
});
