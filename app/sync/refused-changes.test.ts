import { describe, expect, it } from "vitest";
import { WriteRefusal } from "../../shared/protocol/server-frames.ts";
import { draftsText, RefusedChanges, refusalMessage } from "./refused-changes.ts";

const anaLock = { holder: { id: "ana", name: "Ana" }, acquiredAt: 1, expiresAt: 2 };

describe("refusalMessage (issue 15.5)", () => {
  it("names the lock's holder, or says the person is now a viewer", () => {
    expect(refusalMessage({ reason: WriteRefusal.locked, lock: anaLock, userId: "bea" })).toBe(
      "Your last changes were not accepted: the file is locked by Ana.",
    );
    // The lock already went (or is this person's own by now): nobody to name.
    expect(refusalMessage({ reason: WriteRefusal.locked, lock: null, userId: "bea" })).toBe(
      "Your last changes were not accepted: the file is locked by someone else.",
    );
    expect(refusalMessage({ reason: WriteRefusal.viewer, lock: anaLock, userId: "bea" })).toBe(
      "Your last changes were not accepted: you are now a viewer of this workspace.",
    );
    expect(refusalMessage({ reason: "", lock: null, userId: "bea" })).toBe(
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

    store.refused("locked by Ana", "start my draft");
    const first = store.getSnapshot();
    expect(first).toEqual({ message: "locked by Ana", drafts: ["start my draft"] });
    // The same offline text refused again is kept once; the newest reason is shown.
    store.refused("now a viewer", "start my draft");
    expect(store.getSnapshot()).toEqual({ message: "now a viewer", drafts: ["start my draft"] });
    // Refused again after the resync, before the person dismissed: both texts stay.
    store.refused("now a viewer", "start other words");
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
    store.refused("again", "x");
    expect(told).toBe(4);
  });
});
