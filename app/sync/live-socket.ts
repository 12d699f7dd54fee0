import ReconnectingWebSocket from "partysocket/ws";
import * as v from "valibot";
import { ClosingNotice } from "../../shared/api/live.ts";
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
    if (closingNotice(message.data)) return;
    const parsed = parseEvent(endpoint, message.data);
    if (parsed.ok) handlers.onEvent(parsed.value);
    else console.error(`${endpoint.path}: ${parsed.problem}`);
  });
  let refused = false;
  const refuse = (code: number, reason: string) => {
    if (refused || !isRefusalCode(code)) return;
    refused = true;
    const words = reason || closeCodeMessage(code, reason);
    handlers.onRefused?.(words ?? `The server refused the connection (${code}).`, code);
  };
  socket.addEventListener("close", (event) => refuse(event.code, event.reason));
  /**
   * The server says it is closing the socket (issue 15.12: through Vite's
   * relay its close may never arrive): a refusal ends the socket here and now.
   */
  const closingNotice = (data: unknown): boolean => {
    if (typeof data !== "string" || !data.includes('"closing"')) return false;
    const notice = v.safeParse(ClosingNotice, safeJson(data));
    if (!notice.success) return false;
    if (isRefusalCode(notice.output.code)) {
      refuse(notice.output.code, notice.output.reason);
      stop(notice.output.code, notice.output.reason);
    }
    return true;
  };

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
      stop(1000, "closed by the page");
    },
  };

  function stop(code: number, reason: string) {
    clearInterval(ping);
    globalThis.removeEventListener?.("online", online);
    // A close code a page may send (1000 or 3000–4999), with the server's reason.
    socket.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000, reason);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
