// One y-protocols client for every server in the bench: a Y.Doc synced over a
// `ws` socket with the y-protocols sync and awareness encoders, as a stock
// y-websocket provider does, without its timers and reconnect loop (the bench
// decides when to reconnect). Two framings: plain y-websocket (Quire,
// y-partyserver, @y/websocket-server) and Hocuspocus's (every message starts
// with the document name, and the first one must be an Auth message).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";

const HOCUSPOCUS = { auth: 2, syncStatus: 8, ping: 9, pong: 10 };

/**
 * Where and how to open one document's socket.
 * @typedef {{ url: string, headers?: Record<string, string>, framing?: "y-websocket" | "hocuspocus", docName?: string }} Endpoint
 */

/** A connected y-protocols client. `text` is the document's content. */
export class SyncClient {
  /** @param {Endpoint} endpoint */
  constructor(endpoint, { awareness = false } = {}) {
    this.endpoint = endpoint;
    // Read once: a client stays the same person across reconnects.
    this.headers = endpoint.headers ?? {};
    this.doc = new Y.Doc();
    this.text = this.doc.getText(DOCUMENT_TEXT_NAME);
    this.awareness = awareness ? new awarenessProtocol.Awareness(this.doc) : null;
    if (this.awareness) clearInterval(this.awareness._checkInterval);
    /** Quire's saved acknowledgements (tag 102) on the current socket. */
    this.acks = 0;
    /** Sync step 2 and update messages sent on the current socket (each earns one ack). */
    this.sent = 0;
    this.synced = false;
    this.closed = true;
    /** @type {((client: SyncClient) => void)[]} */
    this.waiters = [];
    this.doc.on("update", (update, origin) => {
      if (origin === this || this.closed) return;
      const encoder = this.#encoder();
      encoding.writeVarUint(encoder, MessageTag.sync);
      syncProtocol.writeUpdate(encoder, update);
      this.#send(encoder);
    });
  }

  /** Opens the socket and resolves once the server's sync step 2 arrived. */
  connect(timeoutMs = 60_000) {
    const { url } = this.endpoint;
    const headers = this.headers;
    this.acks = 0;
    this.sent = 0;
    this.synced = false;
    this.closed = false;
    const socket = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: 0 });
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`no sync within ${timeoutMs} ms: ${url}`)),
        timeoutMs,
      );
      const fail = (error) => {
        clearTimeout(timer);
        this.closed = true;
        socket.terminate();
        reject(error);
      };
      this.onSynced = () => {
        clearTimeout(timer);
        resolve(this);
      };
      socket.on("open", () => this.#greet());
      socket.on("message", (data) => this.#receive(new Uint8Array(data)));
      socket.on("error", (error) => !this.synced && fail(error));
      socket.on("unexpected-response", (_request, response) =>
        fail(new Error(`upgrade refused: HTTP ${response.statusCode} ${url}`)),
      );
      socket.on("close", (code, reason) => {
        this.closed = true;
        this.closeCode = code;
        this.closeReason = reason.toString();
        if (!this.synced) fail(new Error(`closed before sync: ${code} ${reason} ${url}`));
        this.#wake();
      });
    });
  }

  /** Closes the socket and waits until it is closed. */
  close() {
    const socket = this.socket;
    this.closed = true;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once("close", resolve);
      socket.close();
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2000);
    });
  }

  /** Drops the socket without a close handshake, like a tab that crashed. */
  terminate() {
    this.closed = true;
    this.socket?.terminate();
  }

  /** Resolves once every sent update is acknowledged as stored (Quire, `?acks=1`). */
  allAcked(timeoutMs = 120_000) {
    return this.until(() => this.acks >= this.sent, "acknowledgements", timeoutMs);
  }

  /** Resolves when `predicate()` holds, checked after every message and close. */
  until(predicate, what, timeoutMs = 60_000) {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      this.waiters.push(check);
    });
  }

  /** Sets this client's awareness state (a cursor) and sends it. */
  setAwareness(state) {
    if (!this.awareness) return;
    this.awareness.setLocalState(state);
    const encoder = this.#encoder();
    encoding.writeVarUint(encoder, MessageTag.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
    );
    this.#send(encoder);
  }

  #greet() {
    const { framing, docName } = this.endpoint;
    if (framing === "hocuspocus") {
      const auth = this.#encoder();
      encoding.writeVarUint(auth, HOCUSPOCUS.auth);
      encoding.writeVarUint(auth, 0); // AuthMessageType.Token
      encoding.writeVarString(auth, "");
      this.#send(auth, false);
    }
    const encoder = this.#encoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.#send(encoder, false);
    void docName;
  }

  #encoder() {
    const encoder = encoding.createEncoder();
    if (this.endpoint.framing === "hocuspocus")
      encoding.writeVarString(encoder, this.endpoint.docName);
    return encoder;
  }

  #send(encoder, counts = true) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (counts) this.sent++;
    socket.send(encoding.toUint8Array(encoder));
  }

  #receive(bytes) {
    const decoder = decoding.createDecoder(bytes);
    if (this.endpoint.framing === "hocuspocus") decoding.readVarString(decoder);
    const tag = decoding.readVarUint(decoder);
    switch (tag) {
      case MessageTag.sync: {
        const encoder = this.#encoder();
        encoding.writeVarUint(encoder, MessageTag.sync);
        const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        // Our answer to the server's step 1 is a step 2: it is stored and acknowledged.
        if (kind === syncProtocol.messageYjsSyncStep1) this.#send(encoder);
        if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
          this.synced = true;
          this.onSynced?.();
        }
        break;
      }
      case MessageTag.awareness:
        if (this.awareness) {
          awarenessProtocol.applyAwarenessUpdate(
            this.awareness,
            decoding.readVarUint8Array(decoder),
            this,
          );
        }
        break;
      case MessageTag.saved:
        this.acks++;
        this.onAck?.(this.acks);
        break;
      case HOCUSPOCUS.ping:
        if (this.endpoint.framing === "hocuspocus") {
          const pong = this.#encoder();
          encoding.writeVarUint(pong, HOCUSPOCUS.pong);
          this.#send(pong, false);
        }
        break;
      default:
        // Auth replies, Quire's role and lock messages, Hocuspocus sync status: not needed here.
        break;
    }
    this.#wake();
  }

  #wake() {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((check) => !check());
  }
}
