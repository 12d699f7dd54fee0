import ReconnectingWebSocket from "partysocket/ws";
import type * as v from "valibot";
import type { ParamsOf, SocketEndpoint } from "../../shared/api/endpoint.ts";
import { closeCodeMessage, isRefusalCode } from "../../shared/errors.ts";
import { parseEvent, socketUrl } from "../lib/api.ts";
import { fullJitterDelay } from "./reconnector.ts";

/** Keeps the socket warm through proxies; the server answers "pong" without waking. */
const PING_MS = 30_000;

/** A JSON socket endpoint of the contract: its events have a schema. */
type JsonSocket = SocketEndpoint & { events: v.GenericSchema };

/** What a live socket tells its owner. */
export interface LiveSocketHandlers<E extends JsonSocket> {
  /** A server event, checked with the endpoint's schema (an event that fails it is logged, not passed on). */
  onEvent: (event: v.InferOutput<E["events"]>) => void;
  /** The socket is open: the first time, and after every reconnect (a time to reload what may have been missed). */
  onOpen?: (reconnected: boolean) => void;
  /**
   * The server refused the socket for good (a 44xx close other than 4429):
   * it is not retried, and `message` says why, in words for the person.
   */
  onRefused?: (message: string, code: number) => void;
}

/** An open live socket: send a message of the endpoint's kind, or close it for good. */
export interface LiveSocket<E extends JsonSocket> {
  send: (
    message: E["messages"] extends v.GenericSchema ? v.InferInput<E["messages"]> : never,
  ) => void;
  close: () => void;
}

/**
 * One reconnecting JSON socket of the contract (the workspace's live tree,
 * the person's own socket), on partysocket's ReconnectingWebSocket.
 *
 * partysocket's own backoff is exponential without jitter, so it is set to
 * zero and the wait happens in its async URL provider instead: before each
 * retry a full-jitter delay (`fullJitterDelay`, the one the document socket
 * uses), so a crowd that lost the server together does not return together.
 * partysocket counts attempts and resets the count after a connection has
 * stayed up for a while. A 4429 ("too many") is retried like any drop; any
 * other 4400–4499 refusal stops the socket and `onRefused` says why.
 * live-socket.test.ts runs it against a real server.
 */
export function openLiveSocket<E extends JsonSocket>(
  endpoint: E,
  params: ParamsOf<E>,
  handlers: LiveSocketHandlers<E>,
  options: {
    location?: Pick<Location, "protocol" | "host">;
    /** The wait before retry number `retry` (0 for the first); full jitter unless a test says otherwise. */
    delayFor?: (retry: number) => number;
  } = {},
): LiveSocket<E> {
  const url = socketUrl(endpoint, params, options.location);
  const delayFor = options.delayFor ?? ((retry: number) => fullJitterDelay(retry));
  let opened = false;
  const socket: ReconnectingWebSocket = new ReconnectingWebSocket(
    async () => {
      // 0 on the first attempt; each retry since the last lasting connection counts one more.
      const retry = socket.retryCount;
      if (retry > 0) await sleep(delayFor(retry - 1));
      return url;
    },
    undefined,
    {
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      shouldReconnectOnClose: (event) => !isRefusalCode(event.code),
    },
  );

  socket.addEventListener("open", () => {
    handlers.onOpen?.(opened);
    opened = true;
  });
  socket.addEventListener("message", (message) => {
    if (message.data === "pong") return;
    const parsed = parseEvent(endpoint, message.data);
    if (parsed.ok) handlers.onEvent(parsed.value);
    else console.error(`${endpoint.path}: ${parsed.problem}`);
  });
  socket.addEventListener("close", (event) => {
    if (!isRefusalCode(event.code)) return;
    const words = event.reason || closeCodeMessage(event.code, event.reason);
    handlers.onRefused?.(words ?? `The server refused the connection (${event.code}).`, event.code);
  });

  const ping = setInterval(() => {
    if (socket.readyState === ReconnectingWebSocket.OPEN) socket.send("ping");
  }, PING_MS);
  // Back online: try now rather than after the rest of the wait.
  const online = () => {
    if (socket.readyState !== ReconnectingWebSocket.OPEN && socket.shouldReconnect) {
      socket.reconnect();
    }
  };
  globalThis.addEventListener?.("online", online);

  return {
    send(message) {
      if (socket.readyState === ReconnectingWebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    close() {
      clearInterval(ping);
      globalThis.removeEventListener?.("online", online);
      socket.close(1000, "closed by the page");
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
