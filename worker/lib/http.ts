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
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) {
    throw new HttpError(
      413,
      ErrorCode.tooLarge,
      `The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`,
    );
  }
  const parsed = parseJson(schema, text);
  if (!parsed.ok) throw new HttpError(400, ErrorCode.badRequest, parsed.problem);
  return parsed.value;
}
