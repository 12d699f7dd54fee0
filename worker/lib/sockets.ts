import type { ClosingNotice } from "../../shared/api/live.ts";
/**
 * What every object with hibernating sockets does to them: send to many,
 * close without caring whether the socket is already closing, and answer the
 * close handshake. One copy for the document, workspace and user objects.
 */

/** Sends `message` to every socket but `except`; a socket that is closing is skipped. */
export function broadcast(
  sockets: Iterable<WebSocket>,
  message: string | ArrayBuffer | ArrayBufferView,
  except?: WebSocket,
): void {
  for (const socket of sockets) {
    if (socket !== except) sendQuietly(socket, message);
  }
}

/** Sends to one socket; one that is closing (its close handler cleans up) is skipped. */
export function sendQuietly(socket: WebSocket, message: string | ArrayBuffer | ArrayBufferView) {
  try {
    socket.send(message);
  } catch {
    // Closing or closed: nothing to deliver to.
  }
}

/** The longest close reason the WebSocket protocol carries (RFC 6455 §5.5: 125 bytes, less the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * `reason` cut to fit a close frame, at a character boundary, with "…": a
 * longer one makes `close()` throw, and the socket would stay open (a
 * folder's path or a person's name can make a reason that long).
 */
export function fitCloseReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).length <= MAX_CLOSE_REASON_BYTES) return reason;
  const characters = Array.from(reason);
  while (
    characters.length > 0 &&
    encoder.encode(`${characters.join("")}…`).length > MAX_CLOSE_REASON_BYTES
  ) {
    characters.pop();
  }
  return `${characters.join("")}…`;
}

/** Closes one socket with a close code and reason (cut to fit); one already closing stays as it is. */
export function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, fitCloseReason(reason));
  } catch {
    // Already closing.
  }
}

/**
 * Closes a live JSON socket, saying so in a message first (`ClosingNotice`):
 * through Vite's relay a close sent from an RPC method never arrives, its
 * messages do (issue 15.12, e2e/dev-server.spec.ts).
 */
export function closeWithNotice(socket: WebSocket, code: number, reason: string): void {
  const notice: ClosingNotice = { type: "closing", code, reason: fitCloseReason(reason) };
  sendQuietly(socket, JSON.stringify(notice));
  closeQuietly(socket, code, reason);
}

/** Closes every socket, for example when what they watch went to the trash. */
export function closeAll(sockets: Iterable<WebSocket>, code: number, reason: string): void {
  for (const socket of sockets) closeQuietly(socket, code, reason);
}

/**
 * Completes the close handshake a client started. 1005 ("no code given")
 * may not be sent back, so it is answered with a normal close.
 */
export function answerClose(socket: WebSocket, code: number, reason: string): void {
  closeQuietly(socket, code === 1005 ? 1000 : code, reason);
}
