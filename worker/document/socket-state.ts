import type { Role } from "../../shared/roles.ts";

/**
 * What a document socket carries through hibernation, in its attachment
 * (`serializeAttachment`): who it is, and the awareness client ids it
 * controls (so closing it removes only those) with, when it fits, their last
 * awareness update, so cursors come back when the object wakes.
 */
export interface SocketState {
  /** Set by the Worker after it checked the session and the workspace role. */
  userId: string;
  role: Role;
  /** The session's token hash (so signing out closes this socket) and where the file lives. */
  sessionHash?: string;
  workspaceId?: string;
  fileId?: string;
  /** The client asked for a `saved` message after each stored update. */
  acks?: boolean;
  /** Who the session says this is; stamped on the socket's awareness states. */
  user?: { id: string; name: string; color: string };
  /** When the room accepted it (ms): a person's oldest sockets make room for new ones (issue 15.3). */
  openedAt?: number;
  /**
   * Names the socket to its person's user object, which counts their sockets
   * across documents and may ask this object to close it (issue 15.3).
   * Absent on sockets accepted before it existed.
   */
  socketId?: string;
  /** Set once this socket's close was reported, so it is reported only once. */
  reportedClosed?: boolean;
  clientIds: number[];
  /** Last encoded awareness update for `clientIds`, base64; absent if too big. */
  awareness?: string;
}

/**
 * The attachments as last read or written, so the hot path (several reads
 * per update: role, author, acks; one per socket for each awareness frame)
 * deserializes an attachment once per wake instead of on every read (issue
 * 14.4). Every write goes through `writeSocketState`, and hibernation empties
 * the map along with the object, so it never disagrees with the attachment.
 * Callers treat the state as read-only and write a new object to change it.
 */
const cache = new WeakMap<WebSocket, SocketState>();

/** A socket's state. Every accepted socket gets one in `fetch` before any message. */
export function readSocketState(ws: WebSocket): SocketState {
  let state = cache.get(ws);
  if (!state) {
    state = ws.deserializeAttachment() as SocketState;
    cache.set(ws, state);
  }
  return state;
}

/** Stores a socket's state in its attachment, where it outlives hibernation. */
export function writeSocketState(ws: WebSocket, state: SocketState): void {
  ws.serializeAttachment(state satisfies SocketState);
  cache.set(ws, state);
}
