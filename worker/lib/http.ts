import type * as v from "valibot";
import { parseJson } from "../../shared/api/endpoint.ts";
import { type ErrorBody, ErrorCode } from "../../shared/errors.ts";
import { MAX_JSON_BODY_BYTES } from "../../shared/limits.ts";

/** A JSON error response in the one shape every Quire endpoint uses. */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  headers?: HeadersInit,
): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers });
}

/** An expected failure that a handler throws and the router answers as JSON. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers?: HeadersInit,
  ) {
    super(message);
  }

  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this.headers);
  }
}

/**
 * Reads a JSON body and checks it against `schema`: a body that is too big,
 * not JSON, or the wrong shape is a 400 (413 for size) saying what is wrong.
 */
export async function readJsonBody<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<v.InferOutput<S>> {
  // Only JSON. An HTML form on another site can POST `text/plain` that
  // happens to parse as JSON (`{"name":"Eve="}`) with no CORS check;
  // `application/json` cross-site needs a preflight this Worker never grants
  // (session.test.ts, "refuses a body not sent as JSON, so a form on another site ...").
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(400, ErrorCode.badRequest, "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) {
    throw new HttpError(
      413,
      ErrorCode.tooLarge,
      `The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`,
    );
  }
  const text = await readLimited(request, MAX_JSON_BODY_BYTES);
  const parsed = parseJson(schema, text);
  if (!parsed.ok) throw new HttpError(400, ErrorCode.badRequest, parsed.problem);
  return parsed.value;
}

/**
 * The body as text, read no further than `limit` bytes (issue 15.11): it
 * counts bytes, not UTF-16 units (64 KiB of "€" is 21,845 of them), and a
 * chunked body with no Content-Length stops being read, and is cancelled,
 * the moment it passes the limit instead of being buffered whole.
 */
async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, ErrorCode.tooLarge, `The body is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Refuses (403) a request whose `Origin` is another site's. Browsers send the
 * page's Origin with a socket upgrade and with every POST, PATCH and DELETE,
 * and cookies ride along cross-site on sockets (SameSite=Lax does not cover
 * WebSockets) and on some requests no preflight guards: a POST without a
 * body (a restore, an accept) is a "simple" request another site's page may
 * send. Tools that send no Origin still need the session cookie (issue 15.11;
 * members.test.ts and origin.test.ts).
 */
export function requireSameOrigin(request: Request, url: URL, message: string): void {
  const origin = request.headers.get("Origin");
  if (origin !== null && origin !== url.origin) {
    throw new HttpError(403, ErrorCode.forbidden, message);
  }
}
