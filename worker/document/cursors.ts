import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import { type AwarenessEntry, encodeAwarenessEntries } from "../../shared/protocol/frames.ts";
import { encodeServerFrame } from "../../shared/protocol/server-frames.ts";
import { broadcast, sendQuietly } from "../lib/sockets.ts";
import { readSocketState, type SocketState, writeSocketState } from "./socket-state.ts";

/** serializeAttachment refuses values over 2,048 bytes; keep headroom for ids. */
const MAX_ATTACHED_AWARENESS_CHARS = 1000;

/**
 * The document's awareness (cursors, names, colours), made honest: each
 * state is stamped with its sender's identity from the session, a socket
 * controls exactly the client ids its frames left, and a state lives exactly
 * as long as its socket. What each socket controls is in its attachment, so
 * cursors come back when the object wakes from hibernation.
 */
export class Cursors {
  readonly #awareness: awarenessProtocol.Awareness;
  readonly #sockets: () => WebSocket[];
  /** What each socket's attachment was last written from (see `#save`). */
  readonly #saved = new WeakMap<WebSocket, string>();

  /**
   * A fresh Awareness for `doc` with the states the open sockets carried
   * through hibernation, and `carried` (every state of a document being
   * rebuilt). y-protocols starts a 30 s interval to expire silent clients; it
   * is cleared because a timer would keep the object awake.
   */
  constructor(doc: Y.Doc, sockets: () => WebSocket[], carried?: Uint8Array) {
    this.#sockets = sockets;
    const awareness = new awarenessProtocol.Awareness(doc);
    clearInterval(awareness._checkInterval);
    awareness.setLocalState(null);
    for (const ws of sockets()) {
      const stored = readSocketState(ws).awareness;
      if (stored) awarenessProtocol.applyAwarenessUpdate(awareness, base64ToBytes(stored), ws);
    }
    if (carried) awarenessProtocol.applyAwarenessUpdate(awareness, carried, null);
    this.#awareness = awareness;
  }

  /**
   * Every state, encoded. Carried over when the document is rebuilt: from
   * the attachments alone, the state of a socket that is closing (no longer
   * in `getWebSockets`, its close not yet handled) would vanish without its
   * removal ever being sent, and stay on every client as a ghost cursor.
   */
  encodeAll(): Uint8Array {
    return awarenessProtocol.encodeAwarenessUpdate(this.#awareness, [
      ...this.#awareness.getStates().keys(),
    ]);
  }

  /**
   * Applies and relays an awareness update after making it honest: the
   * server stamps the sender's identity (id, name and colour from the
   * session) over whatever `user` the client claimed, and drops entries for
   * client ids that another socket controls, so nobody can appear as, or
   * erase, someone else.
   */
  receive(ws: WebSocket, entries: AwarenessEntry[]): void {
    const state = readSocketState(ws);
    // A client id held by another person's socket is theirs. One held by an
    // older socket of the same person (a tab that reconnected before the
    // server saw the old socket close) moves to this socket, so the old
    // socket's close no longer removes it.
    const takenByOthers = new Set<number>();
    for (const other of this.#sockets()) {
      if (other === ws) continue;
      const held = readSocketState(other);
      const claimed = entries.filter((entry) => held.clientIds.includes(entry.clientId));
      if (claimed.length === 0) continue;
      if (held.userId === state.userId) {
        const moved = new Set(claimed.map((entry) => entry.clientId));
        this.#save(other, { ...held, clientIds: held.clientIds.filter((id) => !moved.has(id)) });
      } else {
        for (const entry of claimed) takenByOthers.add(entry.clientId);
      }
    }
    const stamp = state.user;
    const honest = entries
      .filter((entry) => !takenByOthers.has(entry.clientId))
      .map((entry) =>
        entry.state === null || !stamp
          ? entry
          : {
              ...entry,
              state: { ...entry.state, user: { ...stampedUser(entry.state.user), ...stamp } },
            },
      );
    if (honest.length === 0) return;
    const update = encodeAwarenessEntries(honest);
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, ws);

    // Whether a state is left decides, not the entry: a frame may name a
    // client twice, or "leave" with an old clock that the awareness ignores,
    // and a state nobody controls would never be removed (a ghost cursor).
    const controlled = new Set(state.clientIds);
    for (const { clientId } of honest) {
      if (this.#awareness.getStates().has(clientId)) controlled.add(clientId);
      else controlled.delete(clientId);
    }
    this.#save(ws, { ...state, clientIds: [...controlled] });

    // Relayed to everyone, the sender included, as the y-websocket server does:
    // a stock client treats that echo as proof the connection is alive.
    broadcast(this.#sockets(), encodeServerFrame({ type: "awareness", update }));
  }

  /**
   * The socket's person is now `user` (a new name or colour): the socket
   * stamps it from now on, and its states are stamped again and sent to
   * everyone at once, whatever its tab does.
   */
  restamp(ws: WebSocket, user: NonNullable<SocketState["user"]>): void {
    const state = readSocketState(ws);
    const entries: AwarenessEntry[] = [];
    for (const clientId of state.clientIds) {
      const current = this.#awareness.getStates().get(clientId);
      const meta = this.#awareness.meta.get(clientId);
      if (!current || !meta) continue;
      const stamped = { ...stampedUser(current.user), ...user };
      entries.push({ clientId, clock: meta.clock + 1, state: { ...current, user: stamped } });
    }
    if (entries.length > 0) {
      const update = encodeAwarenessEntries(entries);
      awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, ws);
      broadcast(this.#sockets(), encodeServerFrame({ type: "awareness", update }));
    }
    this.#save(ws, { ...state, user });
  }

  /** Sends every state this document knows to one socket (on connect, or when asked); returns the bytes sent. */
  sendAll(ws: WebSocket): number {
    const clientIds = [...this.#awareness.getStates().keys()];
    if (clientIds.length === 0) return 0;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.#awareness, clientIds);
    const frame = encodeServerFrame({ type: "awareness", update });
    sendQuietly(ws, frame);
    return frame.byteLength;
  }

  /** Removes only this socket's states and tells everyone else. */
  forget(ws: WebSocket): void {
    const { clientIds } = readSocketState(ws);
    const present = clientIds.filter((id) => this.#awareness.getStates().has(id));
    if (present.length === 0) return;
    awarenessProtocol.removeAwarenessStates(this.#awareness, present, ws);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.#awareness, present);
    broadcast(this.#sockets(), encodeServerFrame({ type: "awareness", update }), ws);
  }

  /**
   * Stores the socket's client ids and, when small enough, their awareness
   * states. A frame that changes only clocks (y-protocols renews a state
   * every 15 s) or nothing leaves the attachment as it is: no encoding, no
   * base64, no rewrite (issue 14.4). The clock kept may then be older than
   * the live one, which after a wake is only a state that the next renewal
   * replaces.
   */
  #save(ws: WebSocket, state: SocketState): void {
    const known = state.clientIds.filter((id) => this.#awareness.getStates().has(id));
    const states = this.#awareness.getStates();
    const { awareness: _written, ...identity } = state;
    const signature = JSON.stringify([identity, known.map((id) => states.get(id))]);
    if (this.#saved.get(ws) === signature) return;
    this.#saved.set(ws, signature);
    let awareness: string | undefined;
    if (known.length > 0) {
      const encoded = awarenessProtocol.encodeAwarenessUpdate(this.#awareness, known);
      // Sized before it is turned into base64 (4 characters per 3 bytes): a
      // big cursor state is not kept anyway, and encoding a megabyte of it on
      // every move made the object too slow to notice a flood (limits.test.ts).
      if (base64Length(encoded) <= MAX_ATTACHED_AWARENESS_CHARS) awareness = bytesToBase64(encoded);
    }
    writeSocketState(ws, { ...state, awareness });
  }
}

/**
 * The client's own `user` fields (y-codemirror.next reads `colorLight` for
 * selections) kept only when they are plain strings; identity fields are
 * overwritten by the caller.
 */
function stampedUser(claimed: unknown): Record<string, string> {
  if (typeof claimed !== "object" || claimed === null) return {};
  const colorLight = (claimed as { colorLight?: unknown }).colorLight;
  return typeof colorLight === "string" && colorLight.length <= 32 ? { colorLight } : {};
}

function base64Length(bytes: Uint8Array): number {
  return 4 * Math.ceil(bytes.byteLength / 3);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
