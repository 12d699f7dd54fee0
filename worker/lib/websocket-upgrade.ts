import { CloseCode, ErrorCode } from "../../shared/errors.ts";
import { HttpError, requireSameOrigin } from "./http.ts";
import { closeQuietly } from "./sockets.ts";

/**
 * WebSocket upgrades as the Worker answers them: only a real upgrade, only
 * from Quire's own pages, and refusals a browser can read.
 */

/** What an upgrade handler needs of its route. */
interface UpgradeRequest {
  request: Request;
  url: URL;
}

/** Throws 426 unless the request asks to become a WebSocket. */
function requireWebSocketUpgrade(request: Request): void {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(
      426,
      ErrorCode.upgradeRequired,
      "This endpoint is a WebSocket; connect with one.",
      {
        Upgrade: "websocket",
      },
    );
  }
}

const closeCodeForStatus: Record<number, CloseCode> = {
  400: CloseCode.badMessage,
  401: CloseCode.unauthorized,
  403: CloseCode.forbidden,
  404: CloseCode.notFound,
  // A revoked or expired link: gone, which a socket can only say as "not found" (reason says why).
  410: CloseCode.notFound,
  413: CloseCode.tooLarge,
  429: CloseCode.rateLimited,
};

/**
 * Refuses a WebSocket upgrade in a way a browser can read: browsers hide the
 * HTTP status of a failed handshake (a failed one is only an `error` and a
 * 1006 close, https://websockets.spec.whatwg.org/#feedback-from-the-protocol),
 * so the socket is accepted and closed at once with the 44xx code that
 * mirrors the status, and the message as reason (members.test.ts, "applies
 * owner and editor edits ... refuses outsiders", sees the 4401).
 */
export function refuseSocket(error: HttpError): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  closeQuietly(server, closeCodeForStatus[error.status] ?? CloseCode.internalError, error.message);
  return new Response(null, { status: 101, webSocket: client });
}

/**
 * A WebSocket endpoint: a plain HTTP request gets 426; a refused upgrade is
 * answered as a socket closed with the matching 44xx code (see refuseSocket).
 */
export function socketHandler<R extends UpgradeRequest>(handler: (route: R) => Promise<Response>) {
  return async (route: R) => {
    requireWebSocketUpgrade(route.request);
    try {
      requireSameOrigin(
        route.request,
        route.url,
        "Sockets may only be opened from Quire's own pages.",
      );
      return await handler(route);
    } catch (error) {
      if (error instanceof HttpError) return refuseSocket(error);
      throw error;
    }
  };
}
