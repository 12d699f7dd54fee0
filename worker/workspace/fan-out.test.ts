import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { FanOut, type MemberListState, UPDATE_MEMBER_LISTS } from "./fan-out.ts";
import { withWorkspaceStorage, workspaceRow } from "./test-storage.ts";

function userObject(userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

describe("FanOut", () => {
  it("writes the workspace into every member's list, with their own role", async () => {
    const [olive, eddie] = [newId(), newId()];
    const workspaceId = newId();
    const state: MemberListState = {
      workspace: workspaceRow({ id: workspaceId }),
      members: [
        { userId: olive, role: "owner" },
        { userId: eddie, role: "viewer" },
      ],
    };
    await withWorkspaceStorage(async (storage) => {
      const fanOut = new FanOut(env, new AlarmScheduler(storage, {}), () => state);
      await fanOut.memberListsChanged();
    });
    const lists = await Promise.all([olive, eddie].map((id) => userObject(id).listWorkspaces()));
    expect(lists.map((list) => list.map((w) => `${w.name}:${w.role}`))).toEqual([
      ["Team:owner"],
      ["Team:viewer"],
    ]);
    await withWorkspaceStorage(async (storage) => {
      await new FanOut(env, new AlarmScheduler(storage, {}), () => state).forgetWorkspace(
        [eddie],
        workspaceId,
      );
    });
    expect(await userObject(eddie).listWorkspaces()).toEqual([]);
  });

  it("retries from the alarm when the lists cannot be updated now", async () => {
    const scheduled = await withWorkspaceStorage(async (storage) => {
      const scheduler = new AlarmScheduler(storage, { [UPDATE_MEMBER_LISTS]: () => {} });
      const fanOut = new FanOut(env, scheduler, () => {
        throw new Error("the member list could not be read");
      });
      await fanOut.memberListsChanged();
      return storage.sql
        .exec<{ name: string }>("SELECT name FROM scheduled_events")
        .toArray()
        .map((row) => row.name);
    });
    expect(scheduled).toEqual([UPDATE_MEMBER_LISTS]);
  });
});
