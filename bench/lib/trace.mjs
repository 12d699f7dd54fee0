// Replays a real editing trace (bench/traces, see its README) through a
// live document, as one person typing, and checks every client ends with the
// trace's endContent. Flow control keeps at most `window` updates in flight:
// counted by Quire's saved acknowledgements when the server sends them (so
// the rate is stored updates per second), else by a second client's receipt.
// The writer also keeps inside Quire's per-socket budget (SOCKET_BUDGET), as
// any well-behaved client must, whichever server it drives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { SOCKET_BUDGET } from "../../shared/limits.ts";
import { SyncClient } from "./client.mjs";
import { ROOT, sleep } from "./servers.mjs";

/**
 * A token bucket a little inside the server's per-socket message budget (90%
 * of its rate, half its burst), so timer jitter never tips a socket over.
 */
class Pacer {
  #perMs = (SOCKET_BUDGET.messagesPerSecond * 0.9) / 1000;
  #burst = SOCKET_BUDGET.burstMessages / 2;
  #tokens = this.#burst;
  #at = performance.now();

  /** Resolves when one more message may be sent. */
  async take() {
    for (;;) {
      const now = performance.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
      this.#at = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - this.#tokens) / this.#perMs));
    }
  }
}

/** The trace's JSON: `{ startContent, endContent, txns: [{ patches: [[pos, del, text]] }] }`. */
export function loadTrace(name) {
  const path = join(ROOT, "bench", "traces", `${name}.json.gz`);
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
}

/** Applies one transaction's patches to a Y.Text, like Array.prototype.splice. */
export function applyPatches(text, patches) {
  for (const [position, deleteCount, insertText] of patches) {
    if (deleteCount > 0) text.delete(position, deleteCount);
    if (insertText) text.insert(position, insertText);
  }
}

/**
 * Replays `trace` into `endpoint` (a fresh document). `batch` transactions
 * go into one Yjs update (1 = one update per keystroke, as typed).
 * @returns {Promise<{ transactions: number, updates: number, seconds: number, ok: boolean, acked: boolean }>}
 */
export async function replayTrace(endpoint, trace, { batch = 1, window = 256, acks } = {}) {
  const writer = await new SyncClient(endpoint).connect();
  const reader = await new SyncClient(endpoint).connect();
  const useAcks = acks ?? endpoint.url.includes("acks=1");
  // Updates the reader has, counted by the writer's clock (a server may merge updates).
  const clocks = [];
  let received = 0;
  reader.doc.on("afterTransaction", (transaction) => {
    const clock = transaction.afterState.get(writer.doc.clientID) ?? 0;
    while (received < clocks.length && clocks[received] <= clock) received++;
  });
  const base = writer.sent;
  const done = () => (useAcks ? writer.acks - base : received);
  let updates = 0;
  const started = performance.now();
  const pacer = new Pacer();
  for (let index = 0; index < trace.txns.length; index += batch) {
    await pacer.take();
    writer.doc.transact(() => {
      for (const txn of trace.txns.slice(index, index + batch))
        applyPatches(writer.text, txn.patches);
    });
    updates++;
    clocks.push(Y.getState(writer.doc.store, writer.doc.clientID));
    if (updates - done() >= window) {
      await (useAcks ? writer : reader).until(
        () => updates - done() < window / 2,
        "the window",
        120_000,
      );
    }
    if (writer.closed)
      throw new Error(`writer's socket closed: ${writer.closeCode} ${writer.closeReason}`);
  }
  if (useAcks) await writer.allAcked(300_000);
  await reader.until(() => reader.text.length === trace.endContent.length, "the reader", 300_000);
  const seconds = (performance.now() - started) / 1000;
  const ok =
    writer.text.toString() === trace.endContent && reader.text.toString() === trace.endContent;
  await Promise.all([writer.close(), reader.close()]);
  return { transactions: trace.txns.length, updates, seconds, ok, acked: useAcks };
}

/**
 * A fresh client's view of the document: does it load exactly `expected`?
 * Waits up to `timeoutMs` after sync, because a server may answer the sync
 * before it has loaded the stored document (@y/websocket-server with LevelDB
 * does: its content follows as an update).
 */
export async function freshLoadMatches(endpoint, expected, timeoutMs = 15_000) {
  const client = await new SyncClient(endpoint).connect(120_000);
  await client
    .until(() => client.text.length === expected.length, "the stored text", timeoutMs)
    .catch(() => {});
  const text = client.text.toString();
  await client.close();
  return text === expected;
}
