import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { DocumentHistory } from "../document/history.ts";
import { DocumentLock, LOCK_EXPIRY_EVENT, LOCK_HOLDER_AWAY_EVENT } from "../document/lock.ts";
import { PresenceReports } from "../document/presence-reports.ts";
import type { SocketState } from "../document/socket-state.ts";
import { COMMIT_WINDOW_MS } from "../document/group-commit.ts";
import { COMPACT_EVENT, DocumentStorage } from "../document/storage.ts";
import { SyncRoom } from "../document/sync-room.ts";
import { VersionStore } from "../document/version-store.ts";
import { AUTO_VERSION_EVENT } from "../document/history.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { broadcast } from "../lib/sockets.ts";
import { encodeServerFrame } from "../../shared/protocol/server-frames.ts";
import { testDocumentId } from "./sync-client.ts";

/**
 * One end of a real WebSocket pair held by a room under test, as the object
 * would hold an accepted socket, and what the other end received.
 */
export class RoomSocket {
  readonly server: WebSocket;
  readonly received: Uint8Array[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly #client: WebSocket;

  constructor(state: Partial<SocketState> = {}) {
    const pair = new WebSocketPair();
    this.#client = pair[0];
    this.server = pair[1];
    this.server.accept();
    // Newer compatibility dates deliver binary frames as Blobs unless told otherwise.
    this.server.binaryType = "arraybuffer";
    this.#client.binaryType = "arraybuffer";
    this.#client.accept();
    this.#client.addEventListener("message", (event) => {
      if (typeof event.data !== "string") this.received.push(new Uint8Array(event.data));
    });
    this.#client.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
    });
    this.state = { userId: "user", role: "editor", clientIds: [], ...state };
  }

  /** The state the room keeps in the socket's attachment. */
  get state(): SocketState {
    return this.server.deserializeAttachment() as SocketState;
  }

  set state(state: SocketState) {
    this.server.serializeAttachment(state);
  }

  /** Sends bytes from the client end. */
  send(bytes: Uint8Array | string): void {
    this.#client.send(bytes);
  }

  /** Frames received whose first byte (the tag) is `tag`. */
  tagged(tag: number): Uint8Array[] {
    return this.received.filter((frame) => frame[0] === tag);
  }
}

/** The document engine's parts, wired as the object wires them, over `sockets`. */
export interface EngineParts {
  room: SyncRoom;
  storage: DocumentStorage;
  lock: DocumentLock;
  history: DocumentHistory;
  scheduler: AlarmScheduler;
  state: DurableObjectState;
  sockets: RoomSocket[];
  /**
   * Opens a socket to the room as the object's fetch would: the room holds
   * its server end, hears its frames (as webSocketMessage) and its close.
   */
  open: (state?: Partial<SocketState>) => RoomSocket;
}

/**
 * Runs `body` with a document engine of its own on a fresh document
 * object's storage (its migrations made the tables): no object adapter, no
 * Worker, the sockets a plain array of real WebSocket pairs.
 */
export function withEngine<R>(
  body: (parts: EngineParts) => Promise<R> | R,
  options: { quotaBytes?: number } = {},
): Promise<R> {
  const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(testDocumentId()));
  return runInDurableObject(stub, async (_, state) => {
    const sockets: RoomSocket[] = [];
    const scheduler = new AlarmScheduler(state.storage, {
      [LOCK_EXPIRY_EVENT]: () => lock.expire(),
      [LOCK_HOLDER_AWAY_EVENT]: () => lock.holderAway(),
      [COMPACT_EVENT]: () => void storage.compact(room.doc),
      [AUTO_VERSION_EVENT]: () => history.saveAuto("After a spell of editing"),
    });
    const versions = new VersionStore(state.storage);
    const quotaBytes = options.quotaBytes ?? 16 * 1024 * 1024;
    const storage = new DocumentStorage(state.storage, versions, scheduler, quotaBytes);
    const lock: DocumentLock = new DocumentLock(
      state.storage,
      scheduler,
      () => room.sendLock(),
      (holderId, leaving) =>
        sockets.some(
          (socket) =>
            !socket.closed && socket.server !== leaving && socket.state.userId === holderId,
        ),
    );
    const room: SyncRoom = new SyncRoom({
      sockets: () => sockets.filter((socket) => !socket.closed).map((socket) => socket.server),
      storage,
      lock,
      presence: new PresenceReports(state, env.USERS),
      edited: () => history.noteEdit(),
      keepAlive: (until) => state.waitUntil(until),
    });
    const history: DocumentHistory = new DocumentHistory({
      versions,
      scheduler,
      room,
      lock,
      budgetBytes: 4 * quotaBytes,
      announce: (frame) =>
        broadcast(
          sockets.filter((socket) => !socket.closed).map((socket) => socket.server),
          encodeServerFrame(frame),
        ),
    });
    room.load();
    const open = (socketState: Partial<SocketState> = {}) => {
      const socket = new RoomSocket(socketState);
      sockets.push(socket);
      socket.server.addEventListener("message", (event) => room.receive(socket.server, event.data));
      socket.server.addEventListener("close", () => {
        room.leave(socket.server);
        void lock.followHolder(socket.server);
      });
      room.connect(socket.server, socket.state);
      return socket;
    };
    return await body({ room, storage, lock, history, scheduler, state, sockets, open });
  });
}

/**
 * Lets the runtime deliver what is in flight on the test's sockets, then
 * waits out one commit window, so a batch that what arrived left for the
 * room's group commit is stored before the test reads storage.
 */
export async function settle(ms = 20): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise((resolve) => setTimeout(resolve, COMMIT_WINDOW_MS + 1));
}
