import * as v from "valibot";
import type { WorkspaceEvent } from "../../shared/api/tree.ts";
import { broadcast, closeWithNotice, sendQuietly } from "../lib/sockets.ts";

/** What a live tree socket carries through hibernation: whose it is. Versioned, and parsed on use. */
const LiveAttachment = v.strictObject({ version: v.literal(1), userId: v.string() });
type LiveAttachment = v.InferOutput<typeof LiveAttachment>;

/**
 * The workspace's live sockets (`GET /api/workspaces/:ws/live`): one per tab
 * with the workspace open. They only receive: the tree after every change,
 * small presence events, and a member's own role changes.
 */
export class LiveSockets {
  readonly #ctx: DurableObjectState;

  constructor(ctx: DurableObjectState) {
    this.#ctx = ctx;
  }

  /** Accepts a member's socket (hibernatable) and sends it `first`. */
  accept(userId: string, first: WorkspaceEvent | undefined): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    server.serializeAttachment({ version: 1, userId } satisfies LiveAttachment);
    if (first) server.send(JSON.stringify(first));
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(event: WorkspaceEvent): void {
    broadcast(this.#ctx.getWebSockets(), JSON.stringify(event));
  }

  /** Sends `event` to every socket of one member. */
  sendTo(userId: string, event: WorkspaceEvent): void {
    const message = JSON.stringify(event);
    for (const socket of this.#socketsOf(userId)) sendQuietly(socket, message);
  }

  /** Closes every socket of one member (removed from the workspace). */
  closeFor(userId: string, code: number, reason: string): void {
    for (const socket of this.#socketsOf(userId)) closeWithNotice(socket, code, reason);
  }

  closeAll(code: number, reason: string): void {
    for (const socket of this.#ctx.getWebSockets()) closeWithNotice(socket, code, reason);
  }

  #socketsOf(userId: string): WebSocket[] {
    return this.#ctx.getWebSockets().filter((socket) => {
      const attachment = v.safeParse(LiveAttachment, socket.deserializeAttachment());
      return attachment.success && attachment.output.userId === userId;
    });
  }
}
