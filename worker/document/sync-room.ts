import * as Y from "yjs";
import { CloseCode } from "../../shared/errors.ts";
import {
  MAX_FRAME_BYTES,
  MAX_SOCKETS_PER_PERSON_PER_DOCUMENT,
  SOCKET_BUDGET,
  SYNC_REQUEST_BUDGET,
} from "../../shared/limits.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import { type AwarenessEntry, parseClientFrame } from "../../shared/protocol/frames.ts";
import { encodeServerFrame, WriteRefusal } from "../../shared/protocol/server-frames.ts";
import { broadcast, closeAll, closeQuietly, sendQuietly } from "../lib/sockets.ts";
import { checkAwarenessEntries } from "./awareness-state.ts";
import { Cursors } from "./cursors.ts";
import { GroupCommit, type PendingUpdate } from "./group-commit.ts";
import { missingDependencies } from "./dependencies.ts";
import { nonTextProblem } from "./text-only.ts";
import { namesOnlySafeNumbers } from "./safe-numbers.ts";
import type { DocumentLock } from "./lock.ts";
import { MessageBudget, RequestBudget } from "./message-budget.ts";
import type { PresenceReports } from "./presence-reports.ts";
import { readSocketState, type SocketState, writeSocketState } from "./socket-state.ts";
import type { Author, DocumentStorage } from "./storage.ts";

/**
 * An update that changes nothing (no structs, no deletions): the answer to a
 * repeated sync step 1. Written out rather than made from a `new Y.Doc()`,
 * which draws random numbers, and workerd refuses random numbers in a
 * Worker's global scope (the deployed Worker would not start).
 */
const NO_CHANGES = new Uint8Array([0, 0]);

/** Client ids one awareness frame may name (a tab names one; y-websocket relays at most a few). */
const MAX_AWARENESS_ENTRIES = 64;

/** Texts sent as the close reason; short, because close reasons are capped at 123 bytes. */
const CloseReason = {
  textFrame: "expected a binary y-protocols frame, got text",
  tooLarge: `frame larger than ${MAX_FRAME_BYTES} bytes`,
  flooding: "sending faster than a socket may (see README, Security)",
  asking: "asking for the whole document or every cursor too often (see README, Security)",
  tooManySockets: `more than ${MAX_SOCKETS_PER_PERSON_PER_DOCUMENT} connections of yours to this file; this, the oldest, closed`,
  tooManyClients: "an awareness update may name at most 64 clients",
  badStateVector: "sync step 1 carried a malformed state vector",
  badUpdate: "the Yjs update could not be decoded",
  updateFailed: "the Yjs update could not be applied",
  resync: "this change builds on one the server does not have; reconnect and send everything",
  storageFailed: "the update could not be stored; retry",
} as const;

/** The parts of the document engine the room works with. */
export interface RoomParts {
  /** Every socket the object holds (`ctx.getWebSockets()`: survives hibernation). */
  sockets: () => WebSocket[];
  storage: DocumentStorage;
  lock: DocumentLock;
  presence: PresenceReports;
  /** Called after live updates are stored (the history's clock for automatic versions). */
  edited: () => void;
  /** Keeps the object awake until `until` settles (`ctx.waitUntil`): a batch waits for its commit. */
  keepAlive: (until: Promise<void>) => void;
}

/**
 * One document's sync room: the y-websocket protocol over the object's
 * hibernating sockets. It owns the in-memory `Y.Doc` and its cursors, reads
 * every frame (budget, size, strict parse), answers sync, relays each update
 * at once and acknowledges it once it is stored (group commit), and closes a
 * socket that misbehaves, alone.
 */
export class SyncRoom {
  #doc = new Y.Doc({ gc: true });
  #cursors!: Cursors;
  readonly #parts: RoomParts;
  readonly #budget = new MessageBudget(SOCKET_BUDGET);
  readonly #commits: GroupCommit;
  readonly #requests = new RequestBudget(SYNC_REQUEST_BUDGET);
  /** The last state vector each socket asked with (issue 15.2: the same one twice is answered once). */
  readonly #lastAsked = new WeakMap<WebSocket, Uint8Array>();

  constructor(parts: RoomParts) {
    this.#parts = parts;
    this.#commits = new GroupCommit({
      storage: parts.storage,
      keepAlive: parts.keepAlive,
      committed: (batch) => this.#committed(batch),
      failed: (batch) => this.#commitFailed(batch),
    });
  }

  /**
   * Stores what was received and not yet stored. Called before anything that
   * reads storage or replaces the document (compaction, a restore, the last
   * socket's close, tools and tests), so storage and document agree.
   */
  flush(): void {
    this.#commits.flush();
  }

  /** The live document (read it; change it only through `change`). */
  get doc(): Y.Doc {
    return this.#doc;
  }

  /** Builds the document and its cursors from storage and the sockets' attachments. */
  load(): void {
    this.#doc = this.#parts.storage.loadDocument();
    this.#cursors = new Cursors(this.#doc, this.#parts.sockets);
  }

  /** Starts an empty document (after a purge wiped the stored one). */
  clear(): void {
    this.#commits.drop();
    this.#doc.destroy();
    this.#doc = new Y.Doc({ gc: true });
    this.#cursors = new Cursors(this.#doc, this.#parts.sockets);
  }

  /** A socket the object just accepted: its state, then the greeting. */
  connect(ws: WebSocket, state: SocketState): void {
    this.#makeRoomFor(ws, state);
    writeSocketState(ws, { ...state, openedAt: Date.now(), socketId: crypto.randomUUID() });
    this.#parts.presence.opened(ws);
    this.#greet(ws);
  }

  /** One frame from a socket: checked, parsed, then handled by its kind. */
  receive(ws: WebSocket, message: string | ArrayBuffer): void {
    // Frames already queued when this object closed the socket (a refusal,
    // a removal) must not be handled with the role it had.
    if (ws.readyState !== WebSocket.OPEN) return;
    const bytes = typeof message === "string" ? message.length * 3 : message.byteLength;
    if (!this.#budget.take(ws, bytes)) {
      return this.#reject(ws, CloseCode.rateLimited, CloseReason.flooding);
    }
    if (typeof message === "string") {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.textFrame);
    }
    if (message.byteLength > MAX_FRAME_BYTES) {
      return this.#reject(ws, CloseCode.tooLarge, CloseReason.tooLarge);
    }
    const parsed = parseClientFrame(new Uint8Array(message));
    if (!parsed.ok) return this.#reject(ws, CloseCode.badMessage, parsed.reason);

    const frame = parsed.frame;
    if (
      (frame.type === "sync-step1" || frame.type === "query-awareness") &&
      !this.#requests.take(ws)
    ) {
      return this.#reject(ws, CloseCode.rateLimited, CloseReason.asking);
    }
    // A socket hears its answers in the order it sent its frames: the
    // acknowledgements of its updates still in the batch come before the
    // answer to anything else it sends (the fuzz suite's probes check this).
    if (frame.type !== "sync-update" && frame.type !== "sync-step2" && this.#commits.holds(ws)) {
      this.#commits.flush();
    }
    switch (frame.type) {
      case "sync-step1":
        return this.#answerStep1(ws, frame.stateVector);
      case "sync-step2":
      case "sync-update":
        if (!this.#maySave(ws)) return this.#refuseWrite(ws, frame.update);
        return this.#receiveUpdate(ws, frame.update);
      case "awareness":
        // One tab controls one client id; a frame naming more than a few is
        // not from an editor, and its ids could not be kept with the socket.
        if (frame.entries.length > MAX_AWARENESS_ENTRIES) {
          return this.#reject(ws, CloseCode.badMessage, CloseReason.tooManyClients);
        }
        return this.#receiveAwareness(ws, frame.entries, frame.stateBytes);
      case "query-awareness":
        return this.#budget.charge(ws, this.#cursors.sendAll(ws));
      default:
        frame satisfies never;
    }
  }

  /** Size, client ids and fields checked (issue 15.1, awareness-state.ts), then relayed. */
  #receiveAwareness(ws: WebSocket, entries: AwarenessEntry[], stateBytes: number[]): void {
    const checked = checkAwarenessEntries(entries, stateBytes, readSocketState(ws).clientIds);
    if (!checked.ok) return this.#reject(ws, checked.code, checked.reason);
    this.#cursors.receive(ws, checked.entries);
  }

  /** A socket closed or failed: its cursors go, and its person's presence is told. */
  leave(ws: WebSocket): void {
    this.#parts.presence.closed(ws);
    this.#cursors.forget(ws);
  }

  /**
   * A member's role changed (or they were removed: `null`). Their sockets
   * here follow at once: closed with 4403, or carrying the new role, told
   * with Quire's `role` message so the app can switch to read-only.
   */
  setMemberRole(userId: string, role: Role | null): void {
    for (const ws of this.#parts.sockets()) {
      const state = readSocketState(ws);
      if (state.userId !== userId) continue;
      if (role === null) {
        this.#reject(ws, CloseCode.forbidden, "You were removed from this workspace.");
        continue;
      }
      writeSocketState(ws, { ...state, role });
      sendQuietly(ws, encodeServerFrame({ type: "role", role }));
    }
  }

  /**
   * A member renamed themselves or chose another colour: their sockets
   * stamp the new name from now on, and their cursors are sent again.
   */
  setMemberProfile(userId: string, profile: { name: string; color: string }): void {
    for (const ws of this.#parts.sockets()) {
      const state = readSocketState(ws);
      if (state.userId !== userId || !state.user) continue;
      this.#cursors.restamp(ws, { ...state.user, ...profile });
    }
  }

  /** Closes every socket of one user id (a revoked visitor link). */
  closeUser(userId: string, code: CloseCode, reason: string): void {
    for (const ws of this.#parts.sockets()) {
      if (readSocketState(ws).userId === userId) this.#reject(ws, code, reason);
    }
  }

  /**
   * Closes one socket by its id with `code` and `reason`; false if no open
   * socket here has it (it closed meanwhile, or the object lost it).
   */
  closeSocket(socketId: string, code: CloseCode, reason: string): boolean {
    const ws = this.#parts
      .sockets()
      .find(
        (other) =>
          other.readyState === WebSocket.OPEN && readSocketState(other).socketId === socketId,
      );
    if (!ws) return false;
    this.#reject(ws, code, reason);
    return true;
  }

  /** Which of `socketIds` name a socket open here. */
  openSockets(socketIds: readonly string[]): string[] {
    const asked = new Set(socketIds);
    return this.#parts
      .sockets()
      .filter((ws) => ws.readyState === WebSocket.OPEN)
      .map((ws) => readSocketState(ws).socketId)
      .filter((id): id is string => id !== undefined && asked.has(id));
  }

  /** Closes the sockets of one session, when its person signs out. */
  closeSession(sessionHash: string, reason = "You signed out."): void {
    for (const ws of this.#parts.sockets()) {
      if (readSocketState(ws).sessionHash !== sessionHash) continue;
      this.#reject(ws, CloseCode.unauthorized, reason);
    }
  }

  /** Closes every socket, for example when the file goes to the trash. */
  closeAll(code: CloseCode, reason: string): void {
    closeAll(this.#parts.sockets(), code, reason);
  }

  /** Tells every socket the lock as it is now. */
  sendLock(): void {
    broadcast(this.#parts.sockets(), this.#lockFrame());
  }

  /**
   * Makes a change on the server (a restore), stores it as one update and
   * sends it to everyone. Storage and document change together or not at all.
   */
  change(author: Author, edit: (doc: Y.Doc) => void): Uint8Array {
    // Stored after what was received before it, as it was applied.
    this.flush();
    const before = Y.encodeStateVector(this.#doc);
    let update: Uint8Array;
    try {
      update = this.#parts.storage.transaction(() => {
        this.#doc.transact(() => edit(this.#doc));
        const change = Y.encodeStateAsUpdate(this.#doc, before);
        this.#parts.storage.append(change, author);
        return change;
      });
    } catch (error) {
      this.#reload();
      throw error;
    }
    broadcast(this.#parts.sockets(), encodeServerFrame({ type: "sync-update", update }));
    return update;
  }

  /** On connect, as the y-websocket server does: our state vector, then who is here. */
  #greet(ws: WebSocket): void {
    const stateVector = Y.encodeStateVector(this.#doc);
    sendQuietly(ws, encodeServerFrame({ type: "sync-step1", stateVector }));
    this.#cursors.sendAll(ws);
    if (this.#parts.lock.state()) sendQuietly(ws, this.#lockFrame());
  }

  /**
   * Closes the oldest sockets of the new socket's person here until they hold
   * fewer than one person may (issue 15.3), with 4429, which the app retries
   * with its backoff. The oldest rather than the newest: it is most likely a
   * tab that is gone but whose close the server has not seen yet (a reload,
   * a dropped network), and refusing the new one would then lock the person
   * out until those time out. Signed-in people only: a link's visitors share
   * one id (worker/routes/members.ts), and the upgrade limit per address
   * bounds them instead.
   */
  #makeRoomFor(ws: WebSocket, { userId, sessionHash }: SocketState): void {
    if (!sessionHash) return;
    const held = this.#parts
      .sockets()
      .filter(
        (other) =>
          other !== ws &&
          other.readyState === WebSocket.OPEN &&
          readSocketState(other).userId === userId,
      )
      .sort((a, b) => (readSocketState(a).openedAt ?? 0) - (readSocketState(b).openedAt ?? 0));
    const excess = held.length - (MAX_SOCKETS_PER_PERSON_PER_DOCUMENT - 1);
    for (const oldest of held.slice(0, Math.max(0, excess))) {
      this.#reject(oldest, CloseCode.rateLimited, CloseReason.tooManySockets);
    }
  }

  #lockFrame(): Uint8Array {
    return encodeServerFrame({ type: "lock", lock: this.#parts.lock.state() });
  }

  /**
   * Sends what the asker lacks, and charges its bytes to the asker (issue
   * 15.2). Asked again with the same state vector, it answers with an empty
   * step 2: whatever changed since was sent to this socket as it happened.
   */
  #answerStep1(ws: WebSocket, stateVector: Uint8Array): void {
    const repeated = sameBytes(this.#lastAsked.get(ws), stateVector);
    this.#lastAsked.set(ws, stateVector);
    let missing: Uint8Array;
    try {
      missing = repeated ? NO_CHANGES : Y.encodeStateAsUpdate(this.#doc, stateVector);
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badStateVector);
    }
    const answer = encodeServerFrame({ type: "sync-step2", update: missing });
    this.#budget.charge(ws, answer.byteLength);
    sendQuietly(ws, answer);
  }

  /**
   * Applies an update, relays it at once, and leaves it for the next commit
   * (GroupCommit), which stores it and then acknowledges it. Relaying before
   * the commit is safe for Yjs: the author keeps an update until it is
   * acknowledged and sends it again after a reconnect, and peers merge it
   * twice without harm. An update that fails to apply is never stored: the
   * document is rebuilt from storage and its socket closed.
   */
  #receiveUpdate(ws: WebSocket, update: Uint8Array): void {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      // Decoded once: every check below reads this (issue 14.4).
      decoded = Y.decodeUpdate(update);
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badUpdate);
    }
    if (!namesOnlySafeNumbers(decoded)) {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badUpdate);
    }
    // A client's sync step 2 is usually empty; there is nothing to store or relay.
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return this.#acknowledge(ws);
    // Not stored, not acknowledged: no one could see it (issue 15.5).
    if (missingDependencies(this.#doc, decoded)) {
      return this.#reject(ws, CloseCode.resync, CloseReason.resync);
    }
    const nonText = nonTextProblem(this.#doc, decoded);
    if (nonText) return this.#reject(ws, CloseCode.badMessage, nonText);

    const overQuota = this.#parts.storage.quotaRefusal(
      update.byteLength + this.#commits.pendingBytes,
    );
    if (overQuota) return this.#reject(ws, CloseCode.tooLarge, overQuota);

    try {
      Y.applyUpdate(this.#doc, update, ws);
    } catch {
      this.#reload();
      return this.#reject(ws, CloseCode.badMessage, CloseReason.updateFailed);
    }
    broadcast(this.#parts.sockets(), encodeServerFrame({ type: "sync-update", update }), ws);
    const state = readSocketState(ws);
    this.#commits.add({ update, ws, author: authorOf(state) });
  }

  /** A batch is written (and durable before anything sent from here leaves). */
  #committed(batch: readonly PendingUpdate[]): void {
    let stored = false;
    for (const { ws, update } of batch) {
      this.#sendSaved(ws);
      if (!update) continue;
      this.#parts.storage.noteAppended(update);
      stored = true;
    }
    if (stored) this.#parts.edited();
  }

  /**
   * A batch could not be stored: nothing of it is. The document goes back to
   * what storage holds, and each author is closed so that its client sends
   * its unacknowledged updates again after reconnecting.
   */
  #commitFailed(batch: readonly PendingUpdate[]): void {
    this.#rebuild();
    for (const ws of new Set(batch.map((item) => item.ws))) {
      this.#reject(ws, CloseCode.internalError, CloseReason.storageFailed);
    }
  }

  /**
   * Tells a client that asked for acknowledgements (`?acks=1`) that its last
   * update is stored. Sent after the SQLite transaction, once per update, in
   * order, so the app can count what is not yet saved. Stock y-websocket
   * clients never ask, so they never see this tag.
   */
  #acknowledge(ws: WebSocket): void {
    if (!readSocketState(ws).acks) return;
    // After the updates before it: the app counts acknowledgements in order.
    if (this.#commits.pending) {
      return this.#commits.add({ update: null, ws, author: authorOf(readSocketState(ws)) });
    }
    this.#sendSaved(ws);
  }

  #sendSaved(ws: WebSocket): void {
    if (readSocketState(ws).acks) sendQuietly(ws, encodeServerFrame({ type: "saved" }));
  }

  /** A writer may save unless someone else holds a live lock on the file. */
  #maySave(ws: WebSocket): boolean {
    const { role, userId } = readSocketState(ws);
    return canWrite(role) && this.#parts.lock.allows(userId);
  }

  /**
   * A viewer's update, or one from someone other than the lock's holder, is
   * never applied or stored. An empty one (the usual sync step 2 of a client
   * with nothing new) is fine; otherwise the client hears y-protocols'
   * "permission denied", which a stock client logs.
   */
  #refuseWrite(ws: WebSocket, update: Uint8Array): void {
    if (this.#commits.holds(ws)) this.#commits.flush();
    try {
      const decoded = Y.decodeUpdate(update);
      if (decoded.structs.length === 0 && decoded.ds.clients.size === 0)
        return this.#acknowledge(ws);
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badUpdate);
    }
    const reason = canWrite(readSocketState(ws).role) ? WriteRefusal.locked : WriteRefusal.viewer;
    sendQuietly(ws, encodeServerFrame({ type: "permission-denied", reason }));
  }

  /** Closes one offending socket; the object and every other socket go on. */
  #reject(ws: WebSocket, code: CloseCode, reason: string): void {
    this.leave(ws);
    closeQuietly(ws, code, reason);
  }

  /**
   * Drops whatever a failed apply left in memory. Destroying the doc also
   * destroys its Awareness, so its states are carried over (see
   * `Cursors.encodeAll`).
   */
  #reload(): void {
    // What was received before is applied and must be stored, or the rebuilt
    // document would lack it while its authors wait for an acknowledgement.
    this.flush();
    this.#rebuild();
  }

  #rebuild(): void {
    const carried = this.#cursors.encodeAll();
    // Loaded before the old one goes: if loading throws, the object keeps a document.
    const reloaded = this.#parts.storage.loadDocument();
    this.#doc.destroy();
    this.#doc = reloaded;
    this.#cursors = new Cursors(this.#doc, this.#parts.sockets, carried);
  }
}

/** Who an update is credited to in the version history. */
function authorOf(state: SocketState): Author {
  return { id: state.userId, name: state.user?.name ?? "Someone" };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.byteLength === b.byteLength && a.every((byte, n) => byte === b[n]);
}
