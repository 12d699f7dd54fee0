import { describe, expect, it } from "vitest";
import { WriteRefusal } from "../../shared/protocol/server-frames.ts";
import { draftsText, RefusedChanges, refusalMessage } from "./refused-changes.ts";

describe("refusalMessage (issue 15.5)", () => {
  it("names the lock's holder, or says what the person is now", () => {
    const locked = { reason: WriteRefusal.locked, holder: "Ana" };
    expect(refusalMessage(locked, "editor")).toBe(
      "Your last changes were not accepted: the file is locked by Ana.",
    );
    // The lock already went (or is this person's own by now): nobody to name.
    expect(refusalMessage({ ...locked, holder: null }, "editor")).toBe(
      "Your last changes were not accepted: the file is locked by someone else.",
    );
    const demoted = { reason: WriteRefusal.viewer, holder: null };
    expect(refusalMessage(demoted, "viewer")).toBe(
      "Your last changes were not accepted: you are now a viewer in this workspace.",
    );
    expect(refusalMessage(demoted, "commenter")).toBe(
      "Your last changes were not accepted: you are now a commenter in this workspace.",
    );
    // The workspace has not told this tab of the new role yet.
    expect(refusalMessage(demoted, "editor")).toBe(
      "Your last changes were not accepted: you may no longer edit this workspace's files.",
    );
    expect(refusalMessage({ reason: "", holder: null }, "editor")).toBe(
      "Your last changes were not accepted: the server refused them.",
    );
  });
});

describe("RefusedChanges", () => {
  it("keeps every refused text, once each, until dismissed, and tells its listeners", () => {
    const store = new RefusedChanges();
    let told = 0;
    const stop = store.subscribe(() => told++);
    expect(store.getSnapshot()).toBeNull();
    const locked = { reason: WriteRefusal.locked, holder: "Ana" };
    const demoted = { reason: WriteRefusal.viewer, holder: null };

    store.refused(locked, "start my draft");
    const first = store.getSnapshot();
    expect(first).toEqual({ ...locked, drafts: ["start my draft"] });
    // The same offline text refused again is kept once; the newest reason is shown.
    store.refused(demoted, "start my draft");
    expect(store.getSnapshot()).toEqual({ ...demoted, drafts: ["start my draft"] });
    // Refused again after the resync, before the person dismissed: both texts stay.
    store.refused(demoted, "start other words");
    const both = store.getSnapshot()!;
    expect(both.drafts).toEqual(["start my draft", "start other words"]);
    expect(draftsText(both)).toBe("start my draft\n\nstart other words");
    // The snapshot is a new object on each change (useSyncExternalStore compares by identity).
    expect(both).not.toBe(first);

    const { dismiss } = store;
    dismiss();
    expect(store.getSnapshot()).toBeNull();
    expect(told).toBe(4);
    stop();
    store.refused(locked, "x");
    expect(told).toBe(4);
  });
});
