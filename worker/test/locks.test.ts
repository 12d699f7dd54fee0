import { env } from "cloudflare:workers";
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { ApiClient } from "./api-client.ts";
import { storedText } from "./stored.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

/** An owner, an editor and a viewer on one file, and the file's lock URL. */
async function lockedScene() {
  const owner = await ApiClient.signIn("Olive");
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).body
    .id;
  const file = (
    await owner.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, { path: "a.md" })
  ).body;
  const join = async (name: string, role: string) => {
    const person = await ApiClient.signIn(name);
    const link = (await owner.call("POST", `/api/workspaces/${ws}/invites`, { role })).body;
    await person.call("POST", `/api/invites/${link.token}/accept`);
    return person;
  };
  const editor = await join("Eddie", "editor");
  const viewer = await join("Vera", "viewer");
  const lockUrl = `/api/workspaces/${ws}/projects/${project}/files/${file.id}/lock`;
  const documentStub = () => env.DOCUMENTS.get(env.DOCUMENTS.idFromName(file.id));
  /** The file as the workspace's tree lists it (what the sidebar shows). */
  const treeEntry = async (person: ApiClient = owner) => {
    const listed = await person.call("GET", `/api/workspaces/${ws}`);
    return listed.body.projects[0].files.find((entry: { id: string }) => entry.id === file.id);
  };
  return { owner, editor, viewer, file, lockUrl, documentStub, treeEntry };
}

async function openFile(syncUrl: string, person: ApiClient) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** The lock messages (Quire tag 101) a client has received, decoded. */
function lockMessages(client: SyncClient): unknown[] {
  return client.received
    .filter((frame) => frame[0] === MessageTag.lock)
    .map((frame) => {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      return JSON.parse(decoding.readVarString(decoder));
    });
}

describe("file locks", () => {
  it("refuses everyone's edits but the holder's, live, until released", async () => {
    const s = await lockedScene();
    const holder = await openFile(s.file.syncUrl, s.editor);
    const other = await openFile(s.file.syncUrl, s.owner);

    const locked = await s.editor.call("POST", s.lockUrl, { leaseSeconds: 120 });
    expect(locked.status).toBe(200);
    expect(locked.body.lock).toMatchObject({ holder: { id: s.editor.user.id, name: "Eddie" } });
    expect(locked.body.lock.expiresAt - Date.now()).toBeGreaterThan(100_000);
    await other.until(() => lockMessages(other).length > 0, "the lock message");
    expect(lockMessages(other).at(-1)).toMatchObject({ holder: { name: "Eddie" } });

    other.text.insert(0, "blocked ");
    holder.text.insert(0, "mine");
    await other.until(() => other.text.toString().includes("mine"), "the holder's edit");
    const stored = await storedText(s.documentStub());
    expect(stored).toBe("mine");

    const someoneElse = await s.viewer.call("DELETE", s.lockUrl);
    expect(someoneElse.status).toBe(409);
    expect(someoneElse.body.error.message).toContain("Eddie holds the lock");
    expect((await s.editor.call("DELETE", s.lockUrl)).status).toBe(204);
    await other.until(() => lockMessages(other).at(-1) === null, "the unlock message");

    const late = await openFile(s.file.syncUrl, s.owner);
    late.text.insert(0, "free again ");
    await holder.until(
      () => holder.text.toString().startsWith("free again "),
      "the edit after unlock",
    );
  });

  it("survives the object hibernating: still held, still enforced", async () => {
    const s = await lockedScene();
    const holder = await openFile(s.file.syncUrl, s.editor);
    const other = await openFile(s.file.syncUrl, s.owner);
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 600 });
    await other.until(() => lockMessages(other).length > 0, "the lock message");
    const sleepy = await runInDurableObject(s.documentStub(), (instance) => instance);

    // workerd hibernates an object whose sockets have been idle for ~10 s.
    await new Promise((resolve) => setTimeout(resolve, 12_000));

    other.text.insert(0, "blocked ");
    holder.text.insert(0, "still mine");
    await other.until(() => other.text.toString().includes("still mine"), "the holder's edit");
    const awake = await runInDurableObject(s.documentStub(), (instance) => instance);
    expect(awake, "the object should have been constructed again").not.toBe(sleepy);
    expect(await storedText(s.documentStub())).toBe("still mine");
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toMatchObject({
      holder: { name: "Eddie" },
    });
  });

  it("expires through the alarm, and survives a restart before that", async () => {
    const s = await lockedScene();
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 600 });
    await abortAllDurableObjects();
    const afterRestart = await s.owner.call("GET", s.lockUrl);
    expect(afterRestart.body.lock).toMatchObject({ holder: { name: "Eddie" } });

    // Time passes: the lease and its scheduled expiry move into the past, then the alarm runs.
    await runInDurableObject(s.documentStub(), (_, state) => {
      state.storage.sql.exec("UPDATE lock SET expires_at = ?", Date.now() - 1);
      state.storage.sql.exec("UPDATE scheduled_events SET run_at = ?", Date.now() - 1);
    });
    await runDurableObjectAlarm(s.documentStub());
    const rows = await runInDurableObject(
      s.documentStub(),
      (_, state) => state.storage.sql.exec("SELECT * FROM lock").toArray().length,
    );
    expect(rows).toBe(0);
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toBeNull();
  });

  it("lets the owner break a lock, the holder renew it, and refuses the rest", async () => {
    const s = await lockedScene();
    expect((await s.viewer.call("POST", s.lockUrl, {})).status).toBe(403);
    for (const leaseSeconds of [0.5, 3601, "10"]) {
      expect(
        (await s.editor.call("POST", s.lockUrl, { leaseSeconds })).status,
        String(leaseSeconds),
      ).toBe(400);
    }
    const first = (await s.editor.call("POST", s.lockUrl, {})).body.lock;
    expect(first.expiresAt - first.acquiredAt).toBe(300_000);
    expect((await s.owner.call("PATCH", s.lockUrl, { leaseSeconds: 60 })).status).toBe(409);
    const renewed = (await s.editor.call("PATCH", s.lockUrl, { leaseSeconds: 3600 })).body.lock;
    expect(renewed.acquiredAt).toBe(first.acquiredAt);
    expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
    expect((await s.owner.call("DELETE", s.lockUrl)).status).toBe(204);
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toBeNull();
    expect((await s.editor.call("PATCH", s.lockUrl, {})).status).toBe(409);
  });

  it("ends a minute after the holder's last socket closed, through the alarm, and tells everyone", async () => {
    const s = await lockedScene();
    const holder = await openFile(s.file.syncUrl, s.editor);
    const secondTab = await openFile(s.file.syncUrl, s.editor);
    const other = await openFile(s.file.syncUrl, s.owner);
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 3600 });
    await other.until(() => lockMessages(other).length > 0, "the lock message");
    const awayEvent = () =>
      runInDurableObject(s.documentStub(), (_, state) =>
        state.storage.sql
          .exec<{ run_at: number }>(
            "SELECT run_at FROM scheduled_events WHERE name = 'lock-holder-away'",
          )
          .toArray()
          .map((row) => row.run_at),
      );

    // One of two tabs closes: the holder is still here.
    secondTab.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await awayEvent()).toEqual([]);

    // The last one closes: the lock ends a minute later, not at the end of its hour.
    const closedAt = Date.now();
    holder.close();
    await expect.poll(awayEvent).toHaveLength(1);
    const [due] = await awayEvent();
    expect(due! - closedAt).toBeGreaterThan(55_000);
    expect(due! - closedAt).toBeLessThan(65_000);

    // The minute passes (moved into the past), the alarm runs: the lock is gone for everyone.
    await runInDurableObject(s.documentStub(), (_, state) => {
      state.storage.sql.exec(
        "UPDATE scheduled_events SET run_at = ? WHERE name = 'lock-holder-away'",
        Date.now() - 1,
      );
    });
    await runDurableObjectAlarm(s.documentStub());
    await other.until(() => lockMessages(other).at(-1) === null, "the unlock message");
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toBeNull();
    other.text.insert(0, "free ");
    await expect.poll(() => storedText(s.documentStub())).toBe("free ");
  });

  it("stays when the holder is back within the minute", async () => {
    const s = await lockedScene();
    const holder = await openFile(s.file.syncUrl, s.editor);
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 3600 });
    holder.close();
    const scheduled = () =>
      runInDurableObject(
        s.documentStub(),
        (_, state) =>
          state.storage.sql
            .exec("SELECT 1 FROM scheduled_events WHERE name = 'lock-holder-away'")
            .toArray().length,
      );
    await expect.poll(scheduled).toBe(1);
    await openFile(s.file.syncUrl, s.editor);
    expect(await scheduled()).toBe(0);
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toMatchObject({
      holder: { name: "Eddie" },
    });
  });

  it("is marked in the workspace's tree while held, and unmarked when it ends", async () => {
    const s = await lockedScene();
    expect((await s.treeEntry()).lock).toBeUndefined();
    const taken = (await s.editor.call("POST", s.lockUrl, { leaseSeconds: 120 })).body.lock;
    expect((await s.treeEntry(s.viewer)).lock).toEqual({
      holder: { id: s.editor.user.id, name: "Eddie" },
      expiresAt: taken.expiresAt,
    });
    const renewed = (await s.editor.call("PATCH", s.lockUrl, { leaseSeconds: 600 })).body.lock;
    expect((await s.treeEntry()).lock.expiresAt).toBe(renewed.expiresAt);
    // An owner breaks it: the tree follows.
    expect((await s.owner.call("DELETE", s.lockUrl)).status).toBe(204);
    expect((await s.treeEntry()).lock).toBeUndefined();

    // A lease that runs out ends through the document's alarm, which tells the tree too.
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 60 });
    expect((await s.treeEntry()).lock).toBeDefined();
    await runInDurableObject(s.documentStub(), (_, state) => {
      state.storage.sql.exec("UPDATE lock SET expires_at = ?", Date.now() - 1);
      state.storage.sql.exec("UPDATE scheduled_events SET run_at = ?", Date.now() - 1);
    });
    await runDurableObjectAlarm(s.documentStub());
    expect((await s.treeEntry()).lock).toBeUndefined();
  });
  // Issue 15.10: a removed member's lock kept blocking everyone for up to its hour.
  it("is released at once when its holder is removed, and their sockets are closed", async () => {
    const s = await lockedScene();
    const holder = await openFile(s.file.syncUrl, s.editor);
    const other = await openFile(s.file.syncUrl, s.owner);
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 3600 });
    await other.until(() => lockMessages(other).length > 0, "the lock message");

    const removed = await s.owner.call(
      "DELETE",
      `/api/workspaces/${s.file.workspaceId}/members/${s.editor.user.id}`,
    );
    expect(removed.status).toBe(204);
    expect((await holder.untilClosed()).code).toBe(4403);
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toBeNull();
    await other.until(() => lockMessages(other).at(-1) === null, "the unlock message");
    other.text.insert(0, "free ");
    await expect.poll(() => storedText(s.documentStub())).toBe("free ");
  });

  it("is released at once when its holder becomes a viewer, even with no socket open", async () => {
    const s = await lockedScene();
    await s.editor.call("POST", s.lockUrl, { leaseSeconds: 3600 });
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).not.toBeNull();
    const changed = await s.owner.call(
      "PATCH",
      `/api/workspaces/${s.file.workspaceId}/members/${s.editor.user.id}`,
      { role: "viewer" },
    );
    expect(changed.status).toBe(200);
    expect((await s.owner.call("GET", s.lockUrl)).body.lock).toBeNull();
    expect((await s.treeEntry()).lock).toBeUndefined();
  });
});
