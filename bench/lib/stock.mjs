// What one stock y-websocket client does to a document when it sends as fast
// as it can: the per-update cost that batched replays hide. The writer is a
// real `WebsocketProvider` (y-websocket, as an app would use it: one update
// per transaction, sent at once, its own reconnect and 4xxx rules); Hocuspocus
// speaks another framing, so there the writer is the bench's SyncClient
// sending exactly the same frames unpaced. A second client times when
// everything arrived, a third connects in the middle and is timed to its
// sync, and a typist beside the flood is timed to that second client.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { SyncClient } from "./client.mjs";
import { groupCpuSeconds, groupRssMiB, histogram, record, summary } from "./measure.mjs";
import { sleep } from "./servers.mjs";
import { applyPatches, freshLoadMatches, loadTrace } from "./trace.mjs";

/** How often the writer lets its socket flush and read (every this many transactions). */
const YIELD_EVERY = 500;

/**
 * A stock y-websocket provider on `endpoint` (the Quire endpoint's cookie and
 * Origin ride on every connection it opens). Resolves once it has synced.
 */
export async function stockProvider(endpoint, { timeoutMs = 60_000 } = {}) {
  const url = new URL(endpoint.url);
  const slash = url.pathname.lastIndexOf("/");
  const room = url.pathname.slice(slash + 1);
  const serverUrl = `${url.protocol}//${url.host}${url.pathname.slice(0, slash)}`;
  const params = Object.fromEntries(url.searchParams);
  const headers = endpoint.headers ?? {};
  class HeaderedWebSocket extends WebSocket {
    constructor(address, protocols) {
      super(address, protocols, { headers, perMessageDeflate: false, maxPayload: 0 });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: HeaderedWebSocket,
    disableBc: true,
    params,
  });
  const closes = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason, at: performance.now() });
  });
  // Quire's saved acknowledgements: counted, as an app would (stock clients skip the tag).
  let acks = 0;
  provider.messageHandlers[MessageTag.saved] = () => void acks++;
  provider.messageHandlers[MessageTag.role] = () => {};
  provider.messageHandlers[MessageTag.lock] = () => {};
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync within ${timeoutMs} ms`)), timeoutMs);
    provider.once("sync", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    doc,
    text: doc.getText(DOCUMENT_TEXT_NAME),
    provider,
    closes,
    get acks() {
      return acks;
    },
    destroy: () => provider.destroy(),
  };
}

/** The writer: a stock provider, or for Hocuspocus the bench client (see the top). */
async function writerFor(server, endpoint) {
  // A stock client does not ask for Quire's acknowledgements.
  const stock = { ...endpoint, url: endpoint.url.replace(/[?&]acks=1/, "") };
  Object.defineProperty(stock, "headers", { get: () => endpoint.headers });
  if (server.kind !== "hocuspocus") return stockProvider(stock);
  const client = await new SyncClient(endpoint).connect();
  return {
    doc: client.doc,
    text: client.text,
    closes: [],
    get acks() {
      return client.acks;
    },
    destroy: () => void client.close(),
  };
}

/**
 * Times a third client that connects while the writer floods: from opening
 * its socket until the server's sync step 2 (the document as it is then).
 */
async function timeJoin(endpoint) {
  const started = performance.now();
  const client = new SyncClient(endpoint);
  try {
    await client.connect(60_000);
    return performance.now() - started;
  } catch {
    return null;
  } finally {
    await client.close();
  }
}

/**
 * While `running()`, a typist inserts a character every 100 ms; the reader
 * times each from its due time until it has it. Peers must keep receiving
 * edits while one socket floods.
 */
async function typeBeside(endpoint, reader, running) {
  const typist = new SyncClient(endpoint);
  try {
    await typist.connect(60_000);
  } catch {
    return { count: 0, undelivered: null, connected: false };
  }
  const hist = histogram();
  const pending = [];
  const id = typist.doc.clientID;
  reader.doc.on("afterTransaction", (transaction) => {
    const clock = transaction.afterState.get(id);
    if (clock === undefined) return;
    const now = performance.now();
    while (pending.length > 0 && pending[0].clock <= clock) record(hist, now - pending.shift().due);
  });
  let due = performance.now();
  while (running()) {
    typist.text.insert(0, "•");
    pending.push({ clock: Y.getState(typist.doc.store, id), due });
    due += 100;
    await sleep(Math.max(0, due - performance.now()));
  }
  await reader.until(() => pending.length === 0, "the typist's edits", 30_000).catch(() => {});
  const undelivered = pending.length;
  await typist.close();
  return { ...summary(hist), undelivered, connected: true };
}

/**
 * One client replays `traceName` with one update per transaction, unpaced.
 * The result: seconds until a second client has exactly `endContent`, the
 * writer's closes, a third client's time to sync 1 s in, a typist's
 * edit-to-peer latency during the flood, the server's peak RSS, and whether
 * a fresh load afterwards is exactly `endContent`.
 */
export async function unpacedReplay(server, { traceName, timeoutMs = 600_000 }) {
  const trace = loadTrace(traceName);
  const endpoint = await server.newDocument(`stock-${traceName}-${Date.now()}`);
  const reader = await new SyncClient(endpoint).connect();
  const writer = await writerFor(server, endpoint);
  const pgid = server.process.pid;
  let peakRssMiB = groupRssMiB(pgid);
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peakRssMiB = Math.max(peakRssMiB, groupRssMiB(pgid));
      await sleep(250);
    }
  })();
  const cpuBefore = groupCpuSeconds(pgid);
  const started = performance.now();
  const joined = sleep(1000).then(() => timeJoin(endpoint));
  const typed = sleep(500).then(() => typeBeside(endpoint, reader, () => !done));

  for (let index = 0; index < trace.txns.length; index++) {
    writer.doc.transact(() => applyPatches(writer.text, trace.txns[index].patches));
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise(setImmediate);
  }
  const sentIn = (performance.now() - started) / 1000;
  // A writer the server closed sends nothing more (y-websocket does not
  // reconnect after a 44xx close): the wait ends 15 s after its close.
  const givenUp = () =>
    writer.closes.length > 0 && performance.now() - writer.closes[0].at > 15_000;
  const arrived = await reader
    .until(
      () => reader.text.length === trace.endContent.length || givenUp(),
      "endContent",
      timeoutMs,
    )
    .then(
      () => reader.text.length === trace.endContent.length,
      () => false,
    );
  const seconds = (performance.now() - started) / 1000;
  const serverCpuSeconds = groupCpuSeconds(pgid) - cpuBefore;
  done = true;
  const [joinMs, typist] = await Promise.all([joined, typed]);
  await sampler;
  const readerOk = reader.text.toString() === trace.endContent;
  const firstClose = writer.closes[0];
  writer.destroy();
  await reader.close();
  const fresh = await freshLoadMatches(endpoint, trace.endContent, 30_000);
  return {
    trace: traceName,
    transactions: trace.txns.length,
    seconds,
    editsPerSecond: trace.txns.length / seconds,
    sentInSeconds: sentIn,
    ok: arrived && readerOk && fresh,
    readerOk,
    freshLoadOk: fresh,
    writerCloses: writer.closes.map(({ code, reason }) => `${code} ${reason}`),
    firstCloseAfterMs: firstClose ? firstClose.at - started : null,
    acks: server.kind === "quire" ? writer.acks : null,
    joinMs,
    typist,
    peakRssMiB,
    // CPU the server's processes used during the replay (it includes the
    // joiner's and the typist's little work): per update, a cost that the
    // other programs on a shared machine do not change much.
    serverCpuSeconds,
    serverCpuPerUpdateMs: (serverCpuSeconds * 1000) / trace.txns.length,
  };
}

/**
 * One stock client sends `count` one-keystroke updates at once; seconds until
 * a second client has them all (the burst: 1,500).
 */
export async function burst(server, { count = 1500 } = {}) {
  const endpoint = await server.newDocument(`burst-${Date.now()}`);
  const reader = await new SyncClient(endpoint).connect();
  const writer = await writerFor(server, endpoint);
  const started = performance.now();
  for (let index = 0; index < count; index++) writer.text.insert(writer.text.length, "x");
  const arrived = await reader
    .until(() => reader.text.length === count, "the burst", 120_000)
    .then(
      () => true,
      () => false,
    );
  const seconds = (performance.now() - started) / 1000;
  const closes = writer.closes.map(({ code, reason }) => `${code} ${reason}`);
  writer.destroy();
  await reader.close();
  return { count, seconds, updatesPerSecond: count / seconds, ok: arrived, writerCloses: closes };
}
