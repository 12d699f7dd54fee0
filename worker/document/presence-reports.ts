import { readSocketState, type SocketState, writeSocketState } from "./socket-state.ts";

/**
 * Tells a person's user object that one of their sessions opened or closed
 * this file: that is their presence ("which file is open"), and what lets
 * signing out find and close the socket. Once per socket and change, in the
 * background, so a slow user object never delays the document.
 */
export class PresenceReports {
  readonly #ctx: DurableObjectState;
  readonly #users: Env["USERS"];
  /** The reports, sent in order (see `#send`). */
  #queue: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, users: Env["USERS"]) {
    this.#ctx = ctx;
    this.#users = users;
  }

  opened(ws: WebSocket): void {
    this.#send(ws, "opened");
  }

  /** Reported once per socket, however many ways it ends (a refusal, then its close). */
  closed(ws: WebSocket): void {
    const state = readSocketState(ws);
    if (!reports(state) || state.reportedClosed) return;
    try {
      writeSocketState(ws, { ...state, reportedClosed: true });
    } catch {
      // The socket is gone; its close is reported only from here anyway.
    }
    this.#send(ws, "closed");
  }

  #send(ws: WebSocket, change: "opened" | "closed"): void {
    const state = readSocketState(ws);
    if (!reports(state)) return;
    const { userId, sessionHash, workspaceId, fileId, socketId, openedAt } = state;
    const user = this.#users.get(this.#users.idFromName(userId));
    const report = { sessionHash, workspaceId, fileId, socketId, openedAt };
    // One after another: a socket that closes at once (a tab that reloads)
    // must not have its "closed" overtake its "opened", which would leave the
    // person shown in the file for good. An object that hibernated has no
    // report in flight, so keeping the queue in memory loses nothing.
    this.#queue = this.#queue
      .then(() => (change === "opened" ? user.documentOpened(report) : user.documentClosed(report)))
      .catch((error: unknown) => console.error(`presence report (${change}) failed`, error));
    this.#ctx.waitUntil(this.#queue);
  }
}

/** Sockets the Worker opened for a session in a workspace are reported; others (tools, tests) not. */
function reports(
  state: SocketState,
): state is SocketState & { sessionHash: string; workspaceId: string; fileId: string } {
  return Boolean(state.sessionHash && state.workspaceId && state.fileId);
}
