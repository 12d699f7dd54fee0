import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { newId } from "../../shared/ids.ts";
import { SESSION_TTL_MS } from "../../shared/limits.ts";
import { hashToken, newSessionToken, sessionShard } from "../lib/auth.ts";
import { ApiClient } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Issue 18 items 4 and 5: a workspace always keeps an owner; a member can
 * leave; a person can delete their account, taking with it only the
 * workspaces they alone own and confirmed by id.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

/** `owner`'s workspace `name` with a file, and `others` let in by share links. */
async function workspace(owner: ApiClient, name: string, others: [ApiClient, string][] = []) {
  const ws = (await owner.call("POST", "/api/workspaces", { name })).body.id as string;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).body
    .id as string;
  const file = (
    await owner.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, { path: "a.md" })
  ).body;
  for (const [person, role] of others) {
    const link = await owner.call("POST", `/api/workspaces/${ws}/invites`, { role });
    expect((await person.call("POST", `/api/invites/${link.body.token}/accept`)).status).toBe(200);
  }
  return { ws, file };
}

async function editing(person: ApiClient, syncUrl: string) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** A tab's live socket to its person (`/api/me/live`), and how it closed. */
async function liveTab(person: ApiClient) {
  const response = await exports.default.fetch("http://quire.test/api/me/live", {
    headers: { Upgrade: "websocket", Cookie: person.cookie },
  });
  const socket = response.webSocket!;
  socket.accept();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener("close", (event) =>
      resolve({ code: event.code, reason: event.reason }),
    ),
  );
  // Opened before the caller goes on, so the socket is in before what ends it.
  return { closed };
}

/**
 * The workspace's live socket, and how it was closed: the closing notice
 * the object sends before the close (what the app reads; a close sent from
 * an RPC method does not always reach this side, issue 15.12), or the close.
 */
async function liveTree(person: ApiClient, ws: string) {
  const response = await exports.default.fetch(`http://quire.test/api/workspaces/${ws}/live`, {
    headers: { Upgrade: "websocket", Cookie: person.cookie },
  });
  const socket = response.webSocket!;
  socket.accept();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data));
      if (message.type === "closing") resolve({ code: message.code, reason: message.reason });
    });
    socket.addEventListener("close", (event) =>
      resolve({ code: event.code, reason: event.reason }),
    );
  });
  // Opened before the caller goes on, so the socket is in before what ends it.
  return { closed };
}

const ids = async (person: ApiClient) =>
  (await person.call("GET", "/api/workspaces")).body.workspaces.map((w: { id: string }) => w.id);
const memberIds = async (person: ApiClient, ws: string) =>
  (await person.call("GET", `/api/workspaces/${ws}/members`)).body.members.map(
    (m: { userId: string }) => m.userId,
  );

describe("leaving a workspace", () => {
  it("takes the member out on both sides and closes their sockets there", async () => {
    const olive = await ApiClient.signIn("Olive");
    const eddie = await ApiClient.signIn("Eddie");
    const { ws, file } = await workspace(olive, "Team", [[eddie, "editor"]]);
    const editor = await editing(eddie, file.syncUrl);
    const tree = (await liveTree(eddie, ws)).closed;
    const left = await eddie.call("DELETE", `/api/workspaces/${ws}/members/${eddie.user.id}`);
    expect(left.status).toBe(204);
    expect(await tree).toEqual({ code: CloseCode.forbidden, reason: "You left this workspace." });
    expect((await editor.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(await ids(eddie)).not.toContain(ws);
    expect(await memberIds(olive, ws)).toEqual([olive.user.id]);
    // Leaving is not being removed: no inbox line, and no removal to show owners.
    expect((await olive.call("GET", `/api/workspaces/${ws}/members`)).body.removed).toEqual([]);
    expect((await eddie.call("GET", `/api/workspaces/${ws}`)).status).toBe(403);
  });

  it("works for a workspace in the trash too", async () => {
    const olive = await ApiClient.signIn("Olive");
    const vera = await ApiClient.signIn("Vera");
    const { ws } = await workspace(olive, "Old", [[vera, "viewer"]]);
    expect((await olive.call("DELETE", `/api/workspaces/${ws}`)).status).toBe(204);
    expect(
      (await vera.call("DELETE", `/api/workspaces/${ws}/members/${vera.user.id}`)).status,
    ).toBe(204);
    expect(await ids(vera)).not.toContain(ws);
  });
});

describe("the last owner", () => {
  it("cannot leave or be demoted: 409 with what to do, and nothing changes", async () => {
    const olive = await ApiClient.signIn("Olive");
    const eddie = await ApiClient.signIn("Eddie");
    const { ws } = await workspace(olive, "Team", [[eddie, "editor"]]);
    const self = `/api/workspaces/${ws}/members/${olive.user.id}`;
    for (const refused of [
      await olive.call("DELETE", self),
      await olive.call("PATCH", self, { role: "editor" }),
      await olive.call("PATCH", self, { role: "viewer" }),
    ]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        "A workspace needs at least one owner; make someone else an owner first.",
      );
    }
    const members = (await olive.call("GET", `/api/workspaces/${ws}/members`)).body.members;
    expect(members.map((m: { role: string }) => m.role)).toEqual(["owner", "editor"]);
    expect(await ids(olive)).toContain(ws);
    // With a second owner, the first may go.
    await olive.call("PATCH", `/api/workspaces/${ws}/members/${eddie.user.id}`, { role: "owner" });
    expect((await olive.call("DELETE", self)).status).toBe(204);
    expect(await memberIds(eddie, ws)).toEqual([eddie.user.id]);
  });
});

describe("deleting an account", () => {
  async function scene() {
    const ada = await ApiClient.signIn("Ada");
    const bob = await ApiClient.signIn("Bob");
    // Ada alone owns Mine (Bob edits it); she and Bob own Ours; Bob owns His (Ada views).
    const mine = await workspace(ada, "Mine", [[bob, "editor"]]);
    const ours = await workspace(ada, "Ours", [[bob, "editor"]]);
    await ada.call("PATCH", `/api/workspaces/${ours.ws}/members/${bob.user.id}`, { role: "owner" });
    const his = await workspace(bob, "His", [[ada, "viewer"]]);
    const solo = await workspace(ada, "Solo");
    return { ada, bob, mine, ours, his, solo };
  }

  it("says which workspaces would go with it", async () => {
    const { ada, mine, solo } = await scene();
    const summary = await ada.call("GET", "/api/me/account");
    expect(summary.status).toBe(200);
    expect(summary.body.workspaces).toBe(4);
    expect(
      summary.body.soleOwned.map((w: { id: string; name: string }) => [w.id, w.name]).sort(),
    ).toEqual(
      [
        [mine.ws, "Mine"],
        [solo.ws, "Solo"],
      ].sort(),
    );
  });

  it("refuses without every sole-owned workspace confirmed, naming them, and changes nothing", async () => {
    const { ada, bob, mine, ours, his, solo } = await scene();
    for (const confirm of [[], [mine.ws], [ours.ws, his.ws]]) {
      const refused = await ada.call("DELETE", "/api/me", { deleteWorkspaces: confirm });
      expect(refused.status, JSON.stringify(confirm)).toBe(409);
      expect(refused.body.error.message).toMatch(/^You are the only owner of .*"Solo"/);
      expect(refused.headers.get("Set-Cookie")).toBeNull();
    }
    const none = await ada.call("DELETE", "/api/me", { deleteWorkspaces: [] });
    expect(none.body.error.message).toContain('"Mine"');
    expect((await ada.call("GET", "/api/session")).status).toBe(200);
    expect((await ids(ada)).sort()).toEqual([mine.ws, ours.ws, his.ws, solo.ws].sort());
    expect(await memberIds(bob, ours.ws)).toContain(ada.user.id);
    expect((await bob.call("GET", `/api/workspaces/${mine.ws}`)).status).toBe(200);
  });

  it("refuses a malformed body with 400", async () => {
    const ada = await ApiClient.signIn("Ada");
    for (const body of [{}, { deleteWorkspaces: "all" }, { deleteWorkspaces: ["../x"] }]) {
      const refused = await ada.call("DELETE", "/api/me", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await ada.call("GET", "/api/session")).status).toBe(200);
  });

  it("deletes the confirmed workspaces, leaves the rest, ends every session and deletes the storage", async () => {
    const { ada, bob, mine, ours, his, solo } = await scene();
    const token = newSessionToken();
    const hash = await hashToken(token);
    await sessionShard(env, hash).create(hash, ada.user, SESSION_TTL_MS);
    const user = env.USERS.get(env.USERS.idFromName(ada.user.id));
    await user.sessionStarted(hash, "Safari on iOS");
    const phone = ada.withCookie(`quire_session=${token}`);
    const phoneTab = (await liveTab(phone)).closed;
    const bobsEditor = await editing(bob, mine.file.syncUrl);

    const deleted = await ada.call("DELETE", "/api/me", {
      deleteWorkspaces: [mine.ws, solo.ws, newId()],
    });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("Set-Cookie")).toMatch(/quire_session=;.*Max-Age=0/);

    expect((await ada.call("GET", "/api/session")).status).toBe(401);
    expect((await phone.call("GET", "/api/session")).status).toBe(401);
    expect(await phoneTab).toEqual({
      code: CloseCode.unauthorized,
      reason: "This account was deleted.",
    });
    // Her sole-owned workspace went with her, for Bob too.
    expect((await bobsEditor.untilClosed()).code).toBe(CloseCode.notFound);
    expect([403, 404]).toContain((await bob.call("GET", `/api/workspaces/${mine.ws}`)).status);
    // She left the ones she did not own alone; they stay, without her.
    expect(await memberIds(bob, ours.ws)).toEqual([bob.user.id]);
    expect(await memberIds(bob, his.ws)).toEqual([bob.user.id]);
    expect((await ids(bob)).sort()).toEqual([ours.ws, his.ws].sort());
    // Nothing of hers is left in her object: no profile, no workspaces, no sessions.
    const left = await runInDurableObject(user, (_, state) => ({
      profile: state.storage.sql.exec("SELECT * FROM profile").toArray().length,
      workspaces: state.storage.sql.exec("SELECT * FROM workspaces").toArray().length,
      sessions: state.storage.sql.exec("SELECT * FROM sessions").toArray().length,
      inbox: state.storage.sql.exec("SELECT * FROM inbox").toArray().length,
    }));
    expect(left).toEqual({ profile: 0, workspaces: 0, sessions: 0, inbox: 0 });
    expect((await user.profile()).ok).toBe(false);
  });
});
