import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";

function user() {
  const id = newId();
  return { id, stub: env.USERS.get(env.USERS.idFromName(id)) };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("UserObject", () => {
  it("keeps a profile; initProfile twice keeps the first", async () => {
    const { id, stub } = user();
    expect(await stub.profile()).toMatchObject({ ok: false, failure: { status: 404 } });
    await stub.initProfile({ id, name: "Ada", color: "#e5484d" });
    await stub.initProfile({ id, name: "Someone else", color: "#000000" });
    expect(await stub.profile()).toMatchObject({
      ok: true,
      value: { id, name: "Ada", color: "#e5484d" },
    });
    expect(await stub.updateProfile({ color: "#30a46c" })).toMatchObject({
      ok: true,
      value: { id, name: "Ada", color: "#30a46c" },
    });
  });

  it("does not update a profile that was never created", async () => {
    const { stub } = user();
    expect(await stub.updateProfile({ name: "Ghost" })).toMatchObject({ ok: false });
  });

  it("remembers workspaces, newest change first, and forgets them", async () => {
    const { stub } = user();
    const [a, b, c] = [newId(), newId(), newId()];
    await stub.rememberWorkspace({ id: a, name: "Alpha", role: "owner" });
    await pause();
    await stub.rememberWorkspace({ id: b, name: "Beta", role: "viewer" });
    await pause();
    await stub.rememberWorkspace({ id: c, name: "Gamma", role: "editor" });
    await pause();
    // Renamed and promoted: an upsert that keeps the join time and moves it first.
    const [before] = (await stub.listWorkspaces()).filter((w) => w.id === a);
    await stub.rememberWorkspace({ id: a, name: "Alpha 2", role: "editor" });

    const listed = await stub.listWorkspaces();
    expect(listed.map((w) => [w.id, w.name, w.role])).toEqual([
      [a, "Alpha 2", "editor"],
      [c, "Gamma", "editor"],
      [b, "Beta", "viewer"],
    ]);
    expect(listed[0]!.joinedAt).toBe(before!.joinedAt);
    expect(listed[0]!.updatedAt).toBeGreaterThan(before!.updatedAt);

    await stub.forgetWorkspace(c);
    await stub.forgetWorkspace(c);
    expect((await stub.listWorkspaces()).map((w) => w.id)).toEqual([a, b]);
  });

  it("refuses a role that does not exist", async () => {
    const { stub } = user();
    // Called on the instance: a throw across RPC is also logged as unhandled by the runtime.
    await runInDurableObject(stub, (instance) => {
      expect(() =>
        instance.rememberWorkspace({ id: newId(), name: "X", role: "admin" as "owner" }),
      ).toThrow(/CHECK constraint failed/);
    });
    expect(await stub.listWorkspaces()).toEqual([]);
  });
});
