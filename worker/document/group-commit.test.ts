import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { settle, withEngine } from "../test/room-sockets.ts";
import { GroupCommit, type PendingUpdate } from "./group-commit.ts";

const ada = { id: "ada", name: "Ada" };

/** `count` one-character updates by one writer, each on top of the one before. */
function keystrokes(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("codemirror");
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < count; index++) text.insert(text.length, "x");
  return updates;
}

describe("GroupCommit (issue 14.2)", () => {
  it("writes an update after a quiet spell at once, and the ones that follow within the window in one transaction, acknowledging each after its commit", () =>
    withEngine(async ({ storage, state, open }) => {
      const ws = open().server;
      const batches: number[] = [];
      const acknowledged: Uint8Array[] = [];
      const commits = new GroupCommit({
        storage,
        keepAlive: (until) => state.waitUntil(until),
        committed: (batch: readonly PendingUpdate[]) => {
          batches.push(batch.length);
          for (const { update } of batch) if (update) acknowledged.push(update);
        },
        failed: () => {
          throw new Error("the batch should have been stored");
        },
      });
      const transactions = { count: 0 };
      const transactionSync = state.storage.transactionSync.bind(state.storage);
      state.storage.transactionSync = ((body: () => unknown) => {
        transactions.count++;
        return transactionSync(body);
      }) as typeof state.storage.transactionSync;

      // In one turn: a burst.
      const updates = keystrokes(100);
      for (const update of updates) commits.add({ update, author: ada, ws });
      // The first was written at once; those after it wait for the window to end.
      expect(batches[0]).toBe(1);
      expect(commits.pending).toBe(true);
      await settle();
      // However the clock moved while the loop ran: far fewer commits than updates.
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(100);
      expect(batches.length).toBeLessThan(10);
      expect(transactions.count).toBe(batches.length);
      expect(acknowledged).toEqual(updates);
      expect(storage.loadDocument().getText("codemirror").toString()).toBe("x".repeat(100));
    }));

  it("writes a batch at once when it reaches its size limit, and flushes on demand", () =>
    withEngine(async ({ storage, state, open }) => {
      const ws = open().server;
      const batches: number[] = [];
      const commits = new GroupCommit({
        storage,
        keepAlive: (until) => state.waitUntil(until),
        committed: (batch) => batches.push(batch.length),
        failed: () => {
          throw new Error("the batch should have been stored");
        },
      });
      const updates = keystrokes(700);
      for (const update of updates) commits.add({ update, author: ada, ws });
      commits.flush();
      expect(commits.pending).toBe(false);
      expect(Math.max(...batches)).toBeLessThanOrEqual(500);
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(700);
      expect(storage.loadDocument().getText("codemirror").length).toBe(700);
    }));
});
