// Issue 15.1 and 15.2, measured (`npm run bench:harden`): what the largest
// awareness states Quire allows cost workerd, and what one socket asking for
// the whole document as fast as its budget allows does to everyone else's
// edit latency. Prints its numbers; BENCHMARKS.md keeps a run's.
//
//   node bench/harden.mjs [--port 8899] [--sockets 50] [--seconds 20]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import {
  MAX_AWARENESS_CLIENTS_PER_SOCKET,
  MAX_AWARENESS_STATE_BYTES,
  SYNC_REQUEST_BUDGET,
} from "../shared/limits.ts";
import { MessageTag, SyncStep } from "../shared/protocol/messages.ts";
import { SyncClient } from "./lib/client.mjs";
import { groupRssMiB, histogram, record, summary } from "./lib/measure.mjs";
import { connectMany } from "./lib/scenarios.mjs";
import { Server, sleep } from "./lib/servers.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8899" },
    sockets: { type: "string", default: "50" },
    seconds: { type: "string", default: "20" },
  },
});
const SOCKETS = Number(values.sockets);
const SECONDS = Number(values.seconds);

const state = mkdtempSync(join(tmpdir(), "quire-harden-"));
const server = new Server("quire", Number(values.port), join(state, "state"), join(state, "logs"));
await server.start();
const rss = () => Math.round(groupRssMiB(server.process.pid));

/**
 * 50 sockets on one document, each holding as many client ids as one socket
 * may (4), each with a state just under the 4 KB limit: workerd's RSS before,
 * with the sockets open, and with their states; and what a joiner receives.
 */
async function awarenessMemory() {
  const endpoint = await server.newDocument(`awareness-${Date.now()}`);
  const before = rss();
  const clients = await connectMany(endpoint, SOCKETS);
  await sleep(2000);
  const connected = rss();
  clients.forEach((client, socket) => client.socket.send(largestAwareness(socket)));
  await sleep(5000);
  const withStates = rss();
  const joiner = new RawSocket(endpoint);
  await joiner.opened;
  await sleep(2000);
  const result = {
    sockets: SOCKETS,
    clientIdsPerSocket: MAX_AWARENESS_CLIENTS_PER_SOCKET,
    stateBytesSent: MAX_AWARENESS_STATE_BYTES - 8,
    rssMiB: { before, connected, withStates, growth: withStates - connected },
    joinerReceivedBytes: joiner.receivedBytes,
    closedByServer: clients.filter((client) => client.closed).length,
  };
  joiner.close();
  await Promise.all(clients.map((client) => client.close()));
  return result;
}

/** One socket's frame naming 4 client ids, each with a state of MAX - 8 bytes of JSON. */
function largestAwareness(socket) {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, MAX_AWARENESS_CLIENTS_PER_SOCKET);
  for (let n = 0; n < MAX_AWARENESS_CLIENTS_PER_SOCKET; n++) {
    encoding.writeVarUint(update, 1_000_000 + socket * 8 + n);
    encoding.writeVarUint(update, 1);
    const shell = { user: { name: `Socket ${socket}.${n}` }, cursor: null, pad: "" };
    const room = MAX_AWARENESS_STATE_BYTES - 8 - JSON.stringify(shell).length;
    encoding.writeVarString(update, JSON.stringify({ ...shell, pad: "p".repeat(room) }));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MessageTag.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

/**
 * Edit-to-peer latency between two people typing 10 edits a second into a
 * 2 MB document, first alone, then while a third socket asks for the whole
 * document (an empty state vector) as fast as its budget allows: 4 at once,
 * then one every 10 s.
 */
async function stepOneLatency() {
  const endpoint = await server.newDocument(`step1-${Date.now()}`);
  const filler = await new SyncClient(endpoint).connect();
  for (let n = 0; n < 8; n++) filler.text.insert(filler.text.length, "z".repeat(256 * 1024));
  await filler.allAcked();
  await filler.close();
  const [writer, reader] = await connectMany(endpoint, 2);
  const quiet = await latency(writer, reader, SECONDS);
  const asker = new RawSocket(endpoint);
  await asker.opened;
  const asking = askAsFastAsAllowed(asker, SECONDS);
  const underAsking = await latency(writer, reader, SECONDS);
  const asked = await asking;
  asker.close();
  await Promise.all([writer.close(), reader.close()]);
  return {
    documentBytes: 2 * 1024 * 1024,
    quiet,
    underAsking,
    asker: {
      stepOnesSent: asked,
      bytesReceived: asker.receivedBytes,
      closed: asker.closeCode ?? null,
    },
  };
}

async function askAsFastAsAllowed(socket, seconds) {
  const step1 = new Uint8Array([MessageTag.sync, SyncStep.step1, 1, 0]);
  // Alternating with a state vector naming a client nobody has, so no two in a row are the same.
  const other = new Uint8Array([MessageTag.sync, SyncStep.step1, 3, 1, 99, 0]);
  let sent = 0;
  const send = () => socket.send(sent++ % 2 === 0 ? other : step1);
  for (let n = 0; n < SYNC_REQUEST_BUDGET.burst - 1; n++) send(); // its first was on connect
  const every = 1000 / SYNC_REQUEST_BUDGET.perSecond;
  const end = performance.now() + seconds * 1000;
  // A second's margin: the server takes the burst's tokens as it reads them,
  // which under load is later than they were sent, and a step 1 a moment
  // early is refused with 4429 (the 2026-12-02 run was closed so at ~10 s).
  while (performance.now() + every + 1000 < end && socket.closeCode === undefined) {
    await sleep(every + 1000);
    send();
  }
  return sent + 1;
}

/** Edits from `writer` at 10 a second for `seconds`, timed until `reader` has each. */
async function latency(writer, reader, seconds) {
  const toPeer = histogram();
  const due = new Map();
  reader.doc.on("afterTransaction", (transaction) => {
    const clock = transaction.afterState.get(writer.doc.clientID);
    for (const [at, when] of due) {
      if (clock === undefined || at > clock) break;
      record(toPeer, performance.now() - when);
      due.delete(at);
    }
  });
  for (let n = 0; n < seconds * 10; n++) {
    writer.text.insert(Math.floor(Math.random() * 1000), "e");
    due.set(Y.getState(writer.doc.store, writer.doc.clientID), performance.now());
    await sleep(100);
  }
  await sleep(2000);
  return { edits: seconds * 10, lost: due.size, ...summary(toPeer) };
}

/** A raw socket that counts what it receives and answers nothing. */
class RawSocket {
  constructor(endpoint) {
    this.receivedBytes = 0;
    this.socket = new WebSocket(endpoint.url, { headers: endpoint.headers, maxPayload: 0 });
    this.socket.on("message", (data) => (this.receivedBytes += data.byteLength));
    this.socket.on("close", (code) => (this.closeCode = code));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => {
        this.socket.send(new Uint8Array([MessageTag.sync, SyncStep.step1, 1, 0]));
        resolve();
      });
      this.socket.once("error", reject);
    });
  }

  send(bytes) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  close() {
    this.socket.close();
  }
}

// After the class above: a class is not hoisted, and these run at once.
try {
  console.log(JSON.stringify({ awareness: await awarenessMemory() }));
  console.log(JSON.stringify({ stepOnes: await stepOneLatency() }));
} finally {
  await server.stop();
}
