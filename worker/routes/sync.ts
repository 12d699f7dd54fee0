import { ErrorCode } from "../../shared/errors.ts";
import { isDocumentId } from "../../shared/ids.ts";
import { HttpError } from "../lib/http.ts";
import type { Route } from "../router.ts";

/** `GET /api/sync/:documentId` with `Upgrade: websocket`: the document's sync socket. */
export const syncRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/sync/:documentId",
    async handler({ request, env, params }) {
      const documentId = params.documentId ?? "";
      if (!isDocumentId(documentId)) {
        throw new HttpError(
          400,
          ErrorCode.badRequest,
          "A document id is 22 characters of A-Z, a-z, 0-9, '-' or '_'.",
        );
      }
      requireWebSocketUpgrade(request);
      const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(documentId));
      return stub.fetch(request);
    },
  },
];

/** Throws 426 unless the request asks to become a WebSocket. */
export function requireWebSocketUpgrade(request: Request): void {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(
      426,
      ErrorCode.upgradeRequired,
      "This endpoint is a WebSocket; connect with one.",
      { Upgrade: "websocket" },
    );
  }
}
