// A load generator light enough that 50 peers on this machine measure the
// server, not the generator: each peer is a socket speaking raw y-protocols
// frames. A writer keeps a Y.Doc with only its own edits (so its updates are
// real Yjs updates), and a reader never applies what it receives: it reads
// each relayed update's range of clocks (`Y.parseUpdateMeta`) and times the
// edits in it. The generator reports its own CPU time, so the cost it adds is
// on the page.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { histogram, openLoop, record, summary, trackAcks } from "./measure.mjs";
import { sleep } from "./servers.mjs";

const HOCUSPOCUS_AUTH = 2;

/** One peer: a socket, its own edits, and what it has received of everyone's. */
class ThinPeer {
  constructor(endpoint) {
    this.endpoint = endpoint;
    this.headers = endpoint.headers ?? {};
    this.doc = new Y.Doc();
    this.text = this.doc.getText(DOCUMENT_TEXT_NAME);
    this.acks = 0;
    this.sent = 0;
    this.onUpdate = null;
    this.onAck = null;
  }

  connect() {
    const { url, framing } = this.endpoint;
    const socket = new WebSocket(url, {
      headers: this.headers,
      perMessageDeflate: false,
      maxPayload: 0,
    });
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no sync: ${url}`)), 60_000);
      socket.on("error", reject);
      socket.on("open", () => {
        if (framing === "hocuspocus") {
          const auth = this.#encoder();
          encoding.writeVarUint(auth, HOCUSPOCUS_AUTH);
          encoding.writeVarUint(auth, 0);
          encoding.writeVarString(auth, "");
          socket.send(encoding.toUint8Array(auth));
        }
        const step1 = this.#encoder();
        encoding.writeVarUint(step1, MessageTag.sync);
        syncProtocol.writeSyncStep1(step1, this.doc);
        socket.send(encoding.toUint8Array(step1));
      });
      socket.on("message", (data) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (framing === "hocuspocus") decoding.readVarString(decoder);
        const tag = decoding.readVarUint(decoder);
        if (tag === MessageTag.saved) {
          this.acks++;
          this.onAck?.(this.acks);
          return;
        }
        if (tag !== MessageTag.sync) return;
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          // Answer with our (empty) state so the server counts us synced; it acknowledges it.
          const step2 = this.#encoder();
          encoding.writeVarUint(step2, MessageTag.sync);
          encoding.writeVarUint(step2, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(step2, Y.encodeStateAsUpdate(this.doc, payload));
          socket.send(encoding.toUint8Array(step2));
          this.sent++;
        } else if (step === syncProtocol.messageYjsSyncStep2) {
          clearTimeout(timer);
          resolve(this);
        } else {
          this.onUpdate?.(payload, performance.now());
        }
      });
    });
  }

  /** One character at the end of its own text; sent as one update. */
  type() {
    const before = Y.getState(this.doc.store, this.doc.clientID);
    let update;
    const capture = (bytes) => (update = bytes);
    this.doc.once("update", capture);
    this.text.insert(this.text.length, "x");
    const frame = this.#encoder();
    encoding.writeVarUint(frame, MessageTag.sync);
    encoding.writeVarUint(frame, syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(frame, update);
    this.socket.send(encoding.toUint8Array(frame));
    this.sent++;
    return before;
  }

  close() {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once("close", resolve);
      this.socket.close();
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000);
    });
  }

  #encoder() {
    const encoder = encoding.createEncoder();
    if (this.endpoint.framing === "hocuspocus")
      encoding.writeVarString(encoder, this.endpoint.docName);
    return encoder;
  }
}

/**
 * `peers` peers on one document, each a writer at `rate` edits a second and
 * a reader of everyone else's (open loop, phases spread evenly). Latency is
 * from an edit's due time until each other peer has it; for Quire also until
 * its author holds the saved acknowledgement.
 */
export async function thinFanOut(server, { peers, rate = 5, seconds, warmup = 2 }) {
  const endpoint = await server.newDocument(`fanout-${peers}-${Date.now()}`);
  const clients = [];
  for (let index = 0; index < peers; index += 10) {
    const batch = Array.from({ length: Math.min(10, peers - index) }, () => new ThinPeer(endpoint));
    clients.push(...(await Promise.all(batch.map((client) => client.connect()))));
  }
  await sleep(500);
  const writerOf = new Map(clients.map((client, index) => [client.doc.clientID, index]));
  /** Per writer, the due time of each clock it wrote. */
  const dueAt = clients.map(() => []);
  const toPeer = histogram();
  const toAck = histogram();
  const recordFrom = performance.now() + warmup * 1000;
  let received = 0;
  clients.forEach((client, reader) => {
    client.onUpdate = (update, now) => {
      const { from, to } = Y.parseUpdateMeta(update);
      for (const [clientId, end] of to) {
        const writer = writerOf.get(clientId);
        if (writer === undefined || writer === reader) continue;
        const due = dueAt[writer];
        for (let clock = from.get(clientId) ?? 0; clock < end; clock++) {
          if (due[clock] === undefined) continue;
          received++;
          if (due[clock] >= recordFrom) record(toPeer, now - due[clock]);
        }
      }
    };
  });
  const pendingAcks = trackAcks(server, clients, recordFrom, toAck);
  const total = Math.round((seconds + warmup) * rate * peers);
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await openLoop(total, 1000 / rate / peers, (index, due) => {
    const writer = index % peers;
    const client = clients[writer];
    const clock = client.type();
    dueAt[writer][clock] = due;
    pendingAcks[writer].push({ sent: client.sent, due });
  });
  const expected = total * (peers - 1);
  const deadline = performance.now() + 30_000;
  while (received < expected && performance.now() < deadline) await sleep(50);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  return {
    peers,
    rate,
    edits: total,
    peer: summary(toPeer),
    ack: server.kind === "quire" ? summary(toAck) : null,
    delivered: received / expected,
    converged: received === expected,
    generatorCpuShare: (cpu.user + cpu.system) / 1e6 / wallSeconds,
  };
}
