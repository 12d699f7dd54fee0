import * as v from "valibot";
import type { PresenceStatus, UserEvent } from "../../shared/api/presence.ts";
import { CloseCode } from "../../shared/errors.ts";
import { socketAttachment } from "../lib/attachment.ts";
import { broadcast, closeQuietly, closeWithNotice } from "../lib/sockets.ts";

/** What a tab's live socket carries through hibernation: its session, and whether it is visible. */
const TabAttachment = socketAttachment(1, { sessionHash: v.string(), visible: v.boolean() });

type Tab = NonNullable<ReturnType<typeof TabAttachment.read>>;

/**
 * Close code for a socket whose attachment this version cannot read (written
 * by an older deploy): 1012, "Service Restart" in the IANA registry of close
 * codes (https://www.iana.org/assignments/websocket/websocket.xhtml), after
 * which the app reconnects and the socket is accepted afresh (parts.test.ts).
 */
const RESTARTED = 1012;

/**
 * The live sockets of the person's tabs (`GET /api/me/live`): hibernating,
 * each carrying its session and visibility, so presence survives eviction.
 */
export class Tabs {
  readonly #ctx: DurableObjectState;

  constructor(ctx: DurableObjectState) {
    this.#ctx = ctx;
  }

  /** Accepts a tab's socket for `sessionHash`; a new tab counts as visible. */
  accept(sessionHash: string): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    TabAttachment.write(server, { sessionHash, visible: true });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** The tab said whether it is visible; false if the socket's attachment was unreadable. */
  setVisible(socket: WebSocket, visible: boolean): boolean {
    const tab = this.#read(socket);
    if (!tab) return false;
    TabAttachment.write(socket, { ...tab, visible });
    return true;
  }

  /** online if a tab is visible, away if tabs are open but hidden, else offline. */
  status(): PresenceStatus {
    const tabs = this.#open();
    if (tabs.some(({ tab }) => tab.visible)) return "online";
    return tabs.length > 0 ? "away" : "offline";
  }

  /** Closes the tabs of one session (it signed out). */
  closeSession(sessionHash: string, reason = "You signed out."): void {
    for (const { socket, tab } of this.#open()) {
      if (tab.sessionHash === sessionHash) {
        closeWithNotice(socket, CloseCode.unauthorized, reason);
      }
    }
  }

  broadcast(event: UserEvent): void {
    broadcast(this.#ctx.getWebSockets(), JSON.stringify(event));
  }

  /** The open tabs whose attachment reads; any other is closed so that it reconnects. */
  #open(): { socket: WebSocket; tab: Tab }[] {
    return this.#ctx
      .getWebSockets()
      .filter((socket) => socket.readyState === WebSocket.OPEN)
      .flatMap((socket) => {
        const tab = this.#read(socket);
        return tab ? [{ socket, tab }] : [];
      });
  }

  #read(socket: WebSocket): Tab | undefined {
    const tab = TabAttachment.read(socket);
    if (!tab) closeQuietly(socket, RESTARTED, "Quire was updated; reconnecting.");
    return tab;
  }
}
