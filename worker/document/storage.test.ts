import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { withEngine } from "../test/room-sockets.ts";
import { COMPACT_EVENT } from "./storage.ts";

/** An update that appends `text` to `doc`'s text. */
function typed(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText("codemirror").insert(doc.getText("codemirror").length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

const ada = { id: "ada", name: "Ada" };

describe("DocumentStorage", () => {
  it("loads back exactly what it stored, in order, and counts it", () =>
    withEngine(({ storage }) => {
      const writer = new Y.Doc();
      for (const word of ["one ", "two ", "three"]) {
        const update = typed(writer, word);
        storage.transaction(() => storage.append(update, ada));
      }
      const loaded = storage.loadDocument();
      expect(loaded.getText("codemirror").toString()).toBe("one two three");
      expect(storage.stats(loaded)).toMatchObject({ logUpdates: 3, snapshotBytes: 0 });
    }));

  it("refuses what would pass the quota, counting the snapshot and the log", () =>
    withEngine(
      ({ storage }) => {
        const writer = new Y.Doc();
        expect(storage.quotaRefusal(2_000)).toBeUndefined();
        storage.transaction(() => storage.append(typed(writer, "x".repeat(1_500)), ada));
        expect(storage.quotaRefusal(400)).toBeUndefined();
        expect(storage.quotaRefusal(600)).toMatch(/limit; the change was not saved$/);
      },
      { quotaBytes: 2_048 },
    ));

  it("rolls back an append whose transaction throws", () =>
    withEngine(({ storage }) => {
      const update = typed(new Y.Doc(), "lost");
      expect(() =>
        storage.transaction(() => {
          storage.append(update, ada);
          throw new Error("apply failed");
        }),
      ).toThrow("apply failed");
      expect(storage.loadDocument().getText("codemirror").length).toBe(0);
    }));

  it("schedules compaction once the log is long, and compacts into a snapshot that loads", () =>
    withEngine(async ({ storage, scheduler }) => {
      const writer = new Y.Doc();
      for (let index = 0; index < 499; index++) {
        const update = typed(writer, "a");
        storage.transaction(() => storage.append(update, ada));
        storage.noteAppended(update);
      }
      expect(scheduler.scheduledAt(COMPACT_EVENT, "log")).toBeUndefined();
      const update = typed(writer, "b");
      storage.transaction(() => storage.append(update, ada));
      storage.noteAppended(update);
      await Promise.resolve();
      expect(scheduler.scheduledAt(COMPACT_EVENT, "log")).toBeGreaterThan(Date.now());

      const live = storage.loadDocument();
      const { stateBytes } = storage.compact(live);
      expect(stateBytes).toBe(Y.encodeStateAsUpdate(live).byteLength);
      const stats = storage.stats(live);
      expect(stats.logUpdates).toBe(0);
      expect(stats.snapshotBytes).toBeGreaterThan(0);
      expect(storage.loadDocument().getText("codemirror").toString()).toBe(`${"a".repeat(499)}b`);
    }));

  it("never folds an empty document over stored data", () =>
    withEngine(({ storage }) => {
      storage.transaction(() => storage.append(typed(new Y.Doc(), "keep me"), ada));
      storage.compact(new Y.Doc());
      expect(storage.loadDocument().getText("codemirror").toString()).toBe("keep me");
    }));
});
