import { ErrorCode } from "../shared/errors.ts";
import { isDocumentId } from "../shared/ids.ts";
import { SYNC_PATH_PREFIX } from "../shared/paths.ts";
import { errorResponse } from "./lib/http.ts";

export { DocumentObject } from "./objects/document.ts";

/**
 * The Worker: checks every input, then routes by path straight to the
 * Durable Object that owns it (`idFromName` on a stable id). Static assets
 * never reach here; only `/api/*` does (see `run_worker_first`).
 */
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith(`${SYNC_PATH_PREFIX}/`)) {
      return openDocumentSocket(request, env, url.pathname.slice(SYNC_PATH_PREFIX.length + 1));
    }
    return errorResponse(404, ErrorCode.notFound, `No API endpoint at ${url.pathname}.`);
  },
} satisfies ExportedHandler<Env>;

/** `GET /api/sync/:documentId` with `Upgrade: websocket`: the document's sync socket. */
async function openDocumentSocket(request: Request, env: Env, documentId: string) {
  if (request.method !== "GET") {
    return errorResponse(405, ErrorCode.methodNotAllowed, "Open a document socket with GET.", {
      Allow: "GET",
    });
  }
  if (!isDocumentId(documentId)) {
    return errorResponse(
      400,
      ErrorCode.badRequest,
      "A document id is 22 characters of A-Z, a-z, 0-9, '-' or '_'.",
    );
  }
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return errorResponse(
      426,
      ErrorCode.upgradeRequired,
      "This endpoint speaks the y-websocket protocol; connect with a WebSocket.",
      { Upgrade: "websocket" },
    );
  }
  const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(documentId));
  return stub.fetch(request);
}
