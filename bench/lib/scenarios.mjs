// The bench's scenarios. Each takes a started Server (servers.mjs) and
// returns plain numbers for the report; nothing here knows which server it is
// driving except through `server.kind` for what only Quire offers (acks and
// its storage API) or only workerd shows (open object databases).
import WebSocket from "ws";
import * as Y from "yjs";
import { SyncClient } from "./client.mjs";
import {
  diskBytes,
  groupCpuSeconds,
  histogram,
  openLoop,
  openObjectDatabases,
  record,
  summary,
  trackAcks,
} from "./measure.mjs";
import { Server, sleep } from "./servers.mjs";
import { freshLoadMatches, loadTrace, replayTrace } from "./trace.mjs";

/** Most updates a second one saturation writer sends (see `saturation`). */
const WRITER_RATE_LIMIT = 500;

/** Connects `count` clients to one document, a few at a time. */
export async function connectMany(endpoint, count, options) {
  const clients = [];
  for (let index = 0; index < count; index += 10) {
    const batch = Array.from({ length: Math.min(10, count - index) }, () =>
      new SyncClient(endpoint, options).connect(),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** Round trip of a 32-byte message through a WebSocket echo server, 200 per second. */
export async function floor(port, seconds) {
  const echo = await new Server(
    "echo",
    port,
    "/tmp/quire-bench-echo",
    "/tmp/quire-bench-logs",
  ).start();
  try {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const hist = histogram();
    const sentAt = new Map();
    socket.on("message", (data) => {
      const id = Buffer.from(data).readUInt32LE(0);
      record(hist, performance.now() - sentAt.get(id));
    });
    const payload = Buffer.alloc(32);
    await openLoop(seconds * 200, 5, (index, due) => {
      sentAt.set(index, due);
      payload.writeUInt32LE(index, 0);
      socket.send(payload);
    });
    await sleep(200);
    socket.close();
    return summary(hist);
  } finally {
    await echo.stop();
  }
}

/**
 * `peers` clients on one document, each inserting one character at a random
 * place `rate` times a second (open loop, phases spread evenly). Latency is
 * from an edit's due time until each other client has applied it; for Quire
 * also until its author holds the saved acknowledgement.
 */
export async function editLatency(server, { peers, rate = 5, seconds, warmup = 2 }) {
  const endpoint = await server.newDocument(`latency-${peers}-${Date.now()}`);
  const clients = await connectMany(endpoint, peers);
  const toPeer = histogram();
  const toAck = histogram();
  const writerOf = new Map(clients.map((client, index) => [client.doc.clientID, index]));
  /** Per writer: the clock its document reaches with each edit, and that edit's due time. */
  const edits = clients.map(() => []);
  const cursors = clients.map(() => clients.map(() => 0));
  const recordFrom = performance.now() + warmup * 1000;
  clients.forEach((client, reader) => {
    client.doc.on("afterTransaction", (transaction) => {
      if (transaction.origin !== client) return;
      const now = performance.now();
      for (const [clientId, clock] of transaction.afterState) {
        const writer = writerOf.get(clientId);
        if (writer === undefined || writer === reader) continue;
        if (transaction.beforeState.get(clientId) === clock) continue;
        const log = edits[writer];
        let next = cursors[reader][writer];
        while (next < log.length && log[next].clock <= clock) {
          if (log[next].due >= recordFrom) record(toPeer, now - log[next].due);
          next++;
        }
        cursors[reader][writer] = next;
      }
    });
  });
  const pendingAcks = trackAcks(server, clients, recordFrom, toAck);
  const total = Math.round((seconds + warmup) * rate * peers);
  await openLoop(total, 1000 / rate / peers, (index, due) => {
    const writer = index % peers;
    const client = clients[writer];
    client.text.insert(Math.floor(Math.random() * (client.text.length + 1)), "x");
    edits[writer].push({ clock: Y.getState(client.doc.store, client.doc.clientID), due });
    pendingAcks[writer].push({ sent: client.sent, due });
  });
  const expected = total;
  const drained = await Promise.all(
    clients.map((client) =>
      client
        .until(() => client.text.length >= expected, "every edit", 30_000)
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  if (server.kind === "quire") await Promise.all(clients.map((client) => client.allAcked(30_000)));
  const converged = clients.every(
    (client) => client.text.toString() === clients[0].text.toString(),
  );
  await Promise.all(clients.map((client) => client.close()));
  return {
    peers,
    rate,
    edits: total,
    peer: summary(toPeer),
    ack: server.kind === "quire" ? summary(toAck) : null,
    converged: converged && drained.every(Boolean),
  };
}

/**
 * The most updates per second one document takes with edit-to-peer p99 under
 * 100 ms: a ladder of constant rates, each spread over enough writers that
 * none sends more than WRITER_RATE_LIMIT updates a second (a typist sends
 * tens; Quire closes a socket past 1,000 a second as a flood), and one
 * reader timing every writer's edits. The ladder stops at the first step that
 * fails: p99 over 100 ms, or not every edit delivered within 10 s of the end.
 */
export async function saturation(server, { rates, seconds }) {
  const steps = [];
  for (const rate of rates) {
    const endpoint = await server.newDocument(`saturation-${rate}-${Date.now()}`);
    const writerCount = Math.ceil(rate / WRITER_RATE_LIMIT);
    const [reader, ...writers] = await connectMany(endpoint, writerCount + 1);
    const toPeer = histogram();
    const toAck = histogram();
    /** Per writer: the clock each edit reaches and its due time, and how far the reader got. */
    const logs = writers.map(() => ({ edits: [], cursor: 0 }));
    const writerOf = new Map(writers.map((writer, index) => [writer.doc.clientID, index]));
    let seen = 0;
    reader.doc.on("afterTransaction", (transaction) => {
      if (transaction.origin !== reader) return;
      const now = performance.now();
      for (const [clientId, clock] of transaction.afterState) {
        const index = writerOf.get(clientId);
        if (index === undefined) continue;
        const log = logs[index];
        while (log.cursor < log.edits.length && log.edits[log.cursor].clock <= clock) {
          record(toPeer, now - log.edits[log.cursor++].due);
          seen++;
        }
      }
    });
    const acks = writers.map((writer) => {
      const pending = [];
      writer.onAck = (count) => {
        while (pending.length > 0 && pending[0].sent <= count)
          record(toAck, performance.now() - pending.shift().due);
      };
      return pending;
    });
    const count = rate * seconds;
    await openLoop(count, 1000 / rate, (index, due) => {
      const writerIndex = index % writers.length;
      const writer = writers[writerIndex];
      writer.text.insert(writer.text.length, "x");
      logs[writerIndex].edits.push({
        clock: Y.getState(writer.doc.store, writer.doc.clientID),
        due,
      });
      acks[writerIndex].push({ sent: writer.sent, due });
    });
    const drained = await reader
      .until(() => seen >= count, "the reader", 10_000)
      .then(() =>
        server.kind === "quire"
          ? Promise.all(writers.map((writer) => writer.allAcked(10_000)))
          : undefined,
      )
      .then(
        () => true,
        () => false,
      );
    await Promise.all([reader, ...writers].map((client) => client.close()));
    const step = {
      rate,
      writers: writers.length,
      drained,
      peer: summary(toPeer),
      ack: server.kind === "quire" ? summary(toAck) : null,
    };
    step.ok = drained && step.peer.p99 < 100;
    steps.push(step);
    if (!step.ok) break;
    // Let the server settle (compaction, saves) before the next step.
    await sleep(1000);
  }
  const passed = steps.filter((step) => step.ok);
  return {
    maxRate: passed.at(-1)?.rate ?? 0,
    topOfLadder: passed.length === rates.length,
    steps,
  };
}

/**
 * automerge-paper through a live document: edits per second, final text of
 * both clients and of a fresh load, and stored bytes. Peers save on a
 * debounce, so stored bytes are read after their longest wait (10 s).
 */
export async function traceReplay(server, { batch, traceName = "automerge-paper" }) {
  const trace = loadTrace(traceName);
  const before = diskBytes(server.stateDir);
  const endpoint = await server.newDocument(`trace-${Date.now()}`);
  const result = await replayTrace(endpoint, trace, { batch });
  await sleep(server.kind === "quire" ? 2000 : 11_000);
  const storage = server.kind === "quire" ? await server.api.storage(endpoint) : null;
  const fresh = await freshLoadMatches(endpoint, trace.endContent);
  return {
    ...result,
    editsPerSecond: result.transactions / result.seconds,
    updatesPerSecond: result.updates / result.seconds,
    freshLoadOk: fresh,
    diskDelta: diskBytes(server.stateDir) - before,
    storage,
  };
}

/**
 * Documents of about the given sizes, written in 256 KB inserts, stored,
 * then the server restarted and each document opened by a fresh client:
 * connect-to-synced time, first open after the restart and a second one.
 */
export async function coldOpen(server, { sizes }) {
  const documents = [];
  for (const size of sizes) {
    const endpoint = await server.newDocument(`cold-${size}-${Date.now()}`);
    const writer = await new SyncClient(endpoint).connect();
    const piece = 256 * 1024;
    for (let written = 0; written < size; written += piece) {
      writer.text.insert(writer.text.length, filler(Math.min(piece, size - written), written));
      if (server.kind === "quire")
        await writer.until(() => writer.sent - writer.acks < 4, "acks", 120_000);
      else await sleep(5);
    }
    if (server.kind === "quire") await writer.allAcked(120_000);
    documents.push({
      size,
      endpoint,
      length: writer.text.length,
      state: Y.encodeStateAsUpdate(writer.doc).byteLength,
    });
    await writer.close();
  }
  // Peers store on a debounce (at most 10 s) and on the last client leaving.
  await sleep(server.kind === "quire" ? 2000 : 11_000);
  await server.stop();
  await server.start();
  const results = [];
  for (const document of documents) {
    const times = [];
    let ok = true;
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = performance.now();
      const client = await new SyncClient(document.endpoint).connect(120_000);
      // Until the whole text is there, not just until sync: see freshLoadMatches.
      const whole = await client
        .until(() => client.text.length === document.length, "the stored text", 30_000)
        .then(
          () => true,
          () => false,
        );
      times.push(performance.now() - started);
      ok &&= whole;
      await client.close();
    }
    results.push({
      size: document.size,
      stateBytes: document.state,
      coldMs: times[0],
      warmMs: times[1],
      ok,
    });
  }
  return results;
}

/**
 * A document of about `bytes`, written in 256 KB inserts, with one quiet
 * client left on it; once its object hibernates (workerd closes the object's
 * database: watched in /proc; a Node.js server has nothing to wait for, so
 * the same 12 s pass), a new client opens it: ms until it has the whole
 * text, and a second client right after.
 */
export async function wakeAfterHibernation(server, { bytes }) {
  const endpoint = await server.newDocument(`wake-${bytes}-${Date.now()}`);
  const workerd = server.kind === "quire" || server.kind === "y-partyserver";
  const pgid = server.process.pid;
  const before = workerd ? openObjectDatabases(pgid, server.stateDir) : new Set();
  const writer = await new SyncClient(endpoint).connect();
  const piece = 256 * 1024;
  for (let written = 0; written < bytes; written += piece) {
    writer.text.insert(writer.text.length, filler(Math.min(piece, bytes - written), written));
    if (server.kind === "quire")
      await writer.until(() => writer.sent - writer.acks < 4, "acks", 120_000);
    else await sleep(5);
  }
  if (server.kind === "quire") await writer.allAcked(120_000);
  const length = writer.text.length;
  // Peers store on a debounce (at most 10 s); the writer stays, quiet, so the object hibernates.
  await sleep(server.kind === "quire" ? 1000 : 11_000);
  // The document's own database (for Quire, not the person's UserObject that opened beside it).
  const opened = workerd
    ? [...openObjectDatabases(pgid, server.stateDir)].filter(
        (path) =>
          !before.has(path) && (server.kind !== "quire" || path.includes("-DocumentObject/")),
      )
    : [];
  const waitStarted = performance.now();
  let asleepAfterMs = null;
  while (performance.now() - waitStarted < 60_000) {
    if (!workerd) {
      await sleep(12_000);
      break;
    }
    const open = openObjectDatabases(pgid, server.stateDir);
    if (opened.length > 0 && opened.every((path) => !open.has(path))) {
      asleepAfterMs = performance.now() - waitStarted;
      break;
    }
    await sleep(250);
  }
  const times = [];
  let ok = true;
  for (let attempt = 0; attempt < 2; attempt++) {
    const started = performance.now();
    const client = await new SyncClient(endpoint).connect(120_000);
    const whole = await client
      .until(() => client.text.length === length, "the stored text", 60_000)
      .then(
        () => true,
        () => false,
      );
    times.push(performance.now() - started);
    ok &&= whole;
    await client.close();
  }
  const writerStillConnected = !writer.closed;
  await writer.close();
  return {
    bytes,
    stateBytes: Y.encodeStateAsUpdate(writer.doc).byteLength,
    hibernated: workerd ? asleepAfterMs !== null : null,
    asleepAfterMs,
    wokenMs: times[0],
    nextMs: times[1],
    ok,
    writerStillConnected,
  };
}

function filler(length, seed) {
  const words = ["quire ", "yjs ", "durable ", "object ", "paper ", "edit ", "sync ", "cloud "];
  let text = "";
  let index = seed;
  while (text.length < length) text += words[(index = (index * 7 + 3) % 8)];
  return text.slice(0, length);
}

/**
 * Ten connected clients (each with a cursor), no edits, for `seconds`: does
 * the document's object hibernate and stay asleep? For workerd servers the
 * object's SQLite database being open is the sign it is in memory; for
 * every server, CPU used by its processes during the quiet time. Then one
 * edit: its latency to the other nine clients is the cost of waking.
 */
export async function idle(server, { seconds }) {
  const endpoint = await server.newDocument(`idle-${Date.now()}`);
  const clients = await connectMany(endpoint, 10, { awareness: true });
  clients.forEach((client, index) => client.setAwareness({ user: { name: `idle ${index}` } }));
  clients[0].text.insert(0, "idle");
  await Promise.all(
    clients.map((client) => client.until(() => client.text.length === 4, "hello", 10_000)),
  );
  const pgid = server.process.pid;
  const workerd = server.kind === "quire" || server.kind === "y-partyserver";
  const before = workerd ? openObjectDatabases(pgid, server.stateDir) : new Set();
  const cpuBefore = groupCpuSeconds(pgid);
  let firstAsleep = null;
  let awakeAfterSleep = 0;
  const started = performance.now();
  for (let second = 1; second <= seconds; second++) {
    await sleep(started + second * 1000 - performance.now());
    if (!workerd) continue;
    const open = openObjectDatabases(pgid, server.stateDir);
    const awake = [...before].some((path) => open.has(path));
    if (!awake && firstAsleep === null) firstAsleep = second;
    if (awake && firstAsleep !== null) awakeAfterSleep++;
  }
  const cpuSeconds = groupCpuSeconds(pgid) - cpuBefore;
  const wakeStarted = performance.now();
  clients[0].text.insert(0, "!");
  await Promise.all(
    clients
      .slice(1)
      .map((client) => client.until(() => client.text.length === 5, "wake edit", 30_000)),
  );
  const wakeMs = performance.now() - wakeStarted;
  const stillConnected = clients.filter((client) => !client.closed).length;
  await Promise.all(clients.map((client) => client.close()));
  return {
    seconds,
    observable: workerd && before.size > 0,
    asleepAfter: firstAsleep,
    secondsAwakeAfterSleeping: awakeAfterSleep,
    cpuSeconds,
    wakeMs,
    stillConnected,
  };
}
