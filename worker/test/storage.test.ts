import { env } from "cloudflare:workers";
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../shared/errors.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { CHUNK_BYTES, DocumentStore } from "../document/document-store.ts";
import { type EditingTrace, TRACE_NAMES } from "./provided.ts";
import { storedRows, storedText } from "./stored.ts";
import { withEngine } from "./room-sockets.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

/** A client that asks for acknowledgements, connected, synced, and its handshake acknowledged. */
async function connect(documentId: string): Promise<SyncClient> {
  const client = await SyncClient.connect(documentId, { acks: true });
  open.push(client);
  await client.untilSynced();
  await client.until(() => acks(client) >= 1, "the handshake's acknowledgement");
  return client;
}

/** Makes `count` edits with `edit`, then waits until the server has stored them all. */
async function stored(client: SyncClient, count: number, edit: () => void): Promise<void> {
  const before = acks(client);
  edit();
  await client.until(() => acks(client) >= before + count, `${count} acknowledgements`, 30_000);
}

function stub(documentId: string) {
  return env.DOCUMENTS.get(env.DOCUMENTS.idFromName(documentId));
}

const acks = (client: SyncClient) => client.receivedByTag.get(MessageTag.saved) ?? 0;

/**
 * Replays a trace through `writer`, one Yjs update per transaction, as an
 * editor would send it, and waits until the server has stored every one.
 */
async function replay(writer: SyncClient, trace: EditingTrace): Promise<number> {
  const before = acks(writer);
  let sent = 0;
  writer.doc.on("update", (_update: Uint8Array, origin: unknown) => {
    if (origin !== writer) sent++;
  });
  for (const txn of trace.txns) {
    writer.doc.transact(() => {
      for (const [position, deleteCount, insertText] of txn.patches) {
        if (deleteCount > 0) writer.text.delete(position, deleteCount);
        if (insertText) writer.text.insert(position, insertText);
      }
    });
    // Let the socket drain now and then, as a person typing would.
    if (sent % 2000 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  // Every transaction is its own update, stored and relayed one at a time:
  // rustcode's 36,981 took 124 s on main and 153 s on the split with the two
  // shared cores at load 6 and 12-20 (the same code per update; issue 14's
  // group commit is what makes this fast), so the wait allows for a busy machine.
  await writer.until(() => acks(writer) - before >= sent, `${sent} acknowledgements`, 300_000);
  return sent;
}

const LOG_AUTHOR = { id: "ada", name: "Ada" };

/**
 * Three mutated updates like those the fuzz test's editor sockets get stored
 * (found by a fuzz run outside the suite, then shrunk): they claim the same
 * items of one client with different content. Each applies in turn, in this
 * order, but merged into one they do not.
 */
const UPDATES_THAT_APPLY_ONLY_IN_TURN = [
  "AQiN4L/4AgAEAQlmdXp6LXRleHQWaGVsbG8gZnV6eiDinJMgw7wg8J+YgMaN4L/4AgSN4L/4AgUEYm9sZAR0cnVlxI3gv/gCEY3gv/gCBQcsIHdvcmxkxo3gv/gCGI3gv/gCBQRib2xkBG51bGxGjeC/+AIABml0YWxpYwR0cnVlxo3gv/gCGo3gv/gCAARocmVmAyJ4IsaN4L/4AgKN4L/4AgMGaXRhbGljBG51bGzGjeC/+AIcjeC/+AIDBGhyZWYEbnVsbAA=",
  "AQWN4L/4Ah7GjeC/+AIBjeC/+AICBml0YWxpYwRudWxsxo3gv/gCHo3gv/gCAgRocmVmBG51bGzFjeC/+AIfjeC/+AICEXsiaW1hZ2UiOiJ4LnBuZyJ9xo3gv/gCII3gv/gCAgZpdGFsaWMEdHJ1ZcYCIQICBGhyZWYDIngiAA==",
  "ARmN4L/4AgAEZXh0AmplgQIBAYECAgKEAgQRIGZ1enog4pyTIMO8IPCfmIDGAgQCBQRib2xkBHRydWXBAhECBQHEAhICBQYgd29ybGTGAhgCBQRib2xkBG51bGxGAgAGaXRhbGljBHRydWXGAhoCAARocmVmAyJ4IsECAgIDAsaN4L/4AgGN4L/4AiEGaXRhbGljBG51bGzGAh4CAgRocmVmBG51bGzFAh8CAhF7ImltYWdlIjoieC5wbmcifcECIAICAiEBCGZ1enotbWFwA2ludAEoAQhmdXp6LW1hcANiaWcBe0M/////////IwEIZnV6ei1tYXADaW4CAQIoAQhmdXp6LW1hcARhdQJ9AX4nAQhmfXp6LW1hcARsaXN0AAgnAn0BdwN0d2+HAikBCAEKenotYXJyYXkBdwF4hwIrAgQAAiwFaW5uZXIBEgEhAw==",
].map((base64) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));

describe("real editing histories", () => {
  for (const name of TRACE_NAMES) {
    it(`replays ${name} and every client and the stored document end with endContent`, async () => {
      const trace = JSON.parse(inject("traces")[name]) as EditingTrace;
      const id = testDocumentId();
      const writer = await connect(id);
      const reader = await connect(id);

      const sent = await replay(writer, trace);
      expect(sent).toBe(trace.txns.length);
      expect(writer.text.toString()).toBe(trace.endContent);
      await reader.until(() => reader.text.toString() === trace.endContent, "the reader", 30_000);
      expect(await storedText(stub(id))).toBe(trace.endContent);

      await abortAllDurableObjects();
      const afterRestart = await connect(id);
      expect(afterRestart.text.toString()).toBe(trace.endContent);

      const { stateBytes } = await stub(id).compact();
      const stats = await stub(id).storageStats();
      expect(stats.logBytes).toBe(0);
      expect(stats.snapshotBytes).toBeLessThanOrEqual(2 * stateBytes);
      await abortAllDurableObjects();
      const afterCompaction = await connect(id);
      expect(afterCompaction.text.toString()).toBe(trace.endContent);
    }, 360_000);
  }
});

describe("compaction", () => {
  it("loses nothing when it is interrupted between writing the snapshot and trimming the log", async () => {
    const id = testDocumentId();
    const writer = await connect(id);
    await stored(writer, 3, () => {
      for (const word of ["alpha ", "beta ", "gamma"]) writer.text.insert(writer.text.length, word);
    });

    // The first half of a compaction only: a snapshot of the state, the log left in place.
    await runInDurableObject(stub(id), (_, state) => {
      const sql = state.storage.sql;
      const upto = sql.exec<{ upto: number }>("SELECT MAX(update_id) AS upto FROM log").one().upto;
      const doc = new Y.Doc();
      for (const update of new DocumentStore(state.storage).load()) Y.applyUpdate(doc, update);
      const bytes = Y.encodeStateAsUpdate(doc);
      const { id: snapshotId } = sql
        .exec<{ id: number }>(
          "INSERT INTO snapshots (upto_update, bytes, chunks, created_at) VALUES (?, ?, 1, ?) RETURNING id",
          upto,
          bytes.byteLength,
          Date.now(),
        )
        .one();
      sql.exec(
        "INSERT INTO snapshot_chunks (snapshot_id, idx, data) VALUES (?, 0, ?)",
        snapshotId,
        bytes,
      );
    });
    await abortAllDurableObjects();
    const reader = await connect(id);
    expect(reader.text.toString()).toBe("alpha beta gamma");

    // And the next edit and a full compaction after that are fine too.
    await stored(reader, 1, () => reader.text.insert(reader.text.length, "!"));
    await stub(id).compact();
    expect(await storedText(stub(id))).toBe("alpha beta gamma!");
  });

  it("never replaces stored data with an empty document", async () => {
    const id = testDocumentId();
    const writer = await connect(id);
    await stored(writer, 1, () => writer.text.insert(0, "precious"));
    await abortAllDurableObjects();

    const rowsBefore = await storedRows(stub(id));
    // A document that loaded empty (a failed or empty load) must not be
    // compacted over what is stored: the store refuses.
    await runInDurableObject(stub(id), (_, state) => {
      const store = new DocumentStore(state.storage);
      expect(store.stats().logBytes).toBeGreaterThan(0);
      expect(() => store.compact(state.storage, Y.encodeStateAsUpdate(new Y.Doc()), true)).toThrow(
        /refusing to replace/,
      );
    });
    expect(await storedRows(stub(id))).toEqual(rowsBefore);
    expect(await storedText(stub(id))).toBe("precious");
  });

  // A socket's update that waits for one the server lacks is refused now
  // (4409, issue 15.5: saved-but-invisible.test.ts), but a log written before
  // may hold one: it goes into the log directly here.
  it("keeps a change that waits for an earlier one through compaction and a reload", () =>
    withEngine(({ storage }) => {
      // Someone types "hello", then " Quire" in bold, and the log got the
      // second change first: Yjs keeps it pending until the first arrives.
      const author = new Y.Doc();
      const updates: Uint8Array[] = [];
      author.on("update", (update: Uint8Array) => updates.push(update));
      author.getText("codemirror").insert(0, "hello");
      author.getText("codemirror").insert(5, " Quire", { bold: true });

      storage.transaction(() => storage.append(updates[1]!, LOG_AUTHOR));
      // Compaction once wrote a snapshot here that could not be loaded again
      // (and for other pending changes threw "Integer out of Range").
      storage.compact(storage.loadDocument());
      storage.transaction(() => storage.append(updates[0]!, LOG_AUTHOR));
      expect(storage.loadDocument().getText("codemirror").toDelta()).toEqual([
        { insert: "hello" },
        { insert: " Quire", attributes: { bold: true } },
      ]);
    }));

  it("runs from the alarm when the last person leaves", async () => {
    const id = testDocumentId();
    const writer = await connect(id);
    await stored(writer, 1, () => writer.text.insert(0, "fold me"));
    writer.close();
    for (let i = 0; i < 100; i++) {
      if ((await stub(id).storageStats()).logBytes === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stats = await stub(id).storageStats();
    expect(stats.logBytes).toBe(0);
    expect(stats.snapshotBytes).toBeGreaterThan(0);
    expect(await storedText(stub(id))).toBe("fold me");
  });
});

describe("loading", () => {
  it("loads every update it stored, even ones that apply only in the order they came", () =>
    withEngine(({ storage }) => {
      // Stored by a socket before issue 15.5 (which now refuses such updates
      // with 4409), so written into the log directly here.
      const writer = new Y.Doc();
      writer.getText("codemirror").insert(0, "kept");
      storage.transaction(() => storage.append(Y.encodeStateAsUpdate(writer), LOG_AUTHOR));
      for (const update of UPDATES_THAT_APPLY_ONLY_IN_TURN) {
        storage.transaction(() => storage.append(update, LOG_AUTHOR));
      }
      // The document once merged its log before applying it, and then could
      // not be opened again.
      expect(storage.loadDocument().getText("codemirror").toString()).toBe("kept");
      storage.compact(storage.loadDocument());
      expect(storage.loadDocument().getText("codemirror").toString()).toBe("kept");
    }));
});

describe("large documents", () => {
  const fiveMegabytes = "0123456789abcdef".repeat((5 * 1024 * 1024) / 16);

  it("round-trips a 5 MB document, stored in chunks under SQLite's 2 MB value limit", async () => {
    const id = testDocumentId();
    const writer = await connect(id);
    await stored(writer, 1, () => writer.text.insert(0, fiveMegabytes));
    const largestRow = await runInDurableObject(
      stub(id),
      (_, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT MAX(length(data)) AS n FROM log").one().n,
    );
    expect(largestRow).toBeLessThanOrEqual(CHUNK_BYTES);

    await abortAllDurableObjects();
    const reader = await connect(id);
    expect(reader.text.length).toBe(fiveMegabytes.length);
    await stub(id).compact();
    await abortAllDurableObjects();
    const afterCompaction = await connect(id);
    expect(afterCompaction.text.toString()).toBe(fiveMegabytes);
  }, 60_000);

  it("refuses an update past the document's quota with 4413 and stores nothing", async () => {
    const id = testDocumentId();
    const writer = await connect(id);
    await stored(writer, 1, () => writer.text.insert(0, fiveMegabytes));
    // Fold the log now: a compaction the alarm runs later (the machine may be
    // slow) would otherwise change the rows compared below.
    await stub(id).compact();
    const before = await storedRows(stub(id));

    // The test quota is 8 MB (vitest.config.ts): another 4 MB does not fit.
    writer.text.insert(0, "x".repeat(4 * 1024 * 1024));
    const closed = await writer.untilClosed();
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(closed.reason).toContain("8 MB limit");
    expect(await storedRows(stub(id))).toEqual(before);
  }, 60_000);
});
