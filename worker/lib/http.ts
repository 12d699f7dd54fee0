import type { ErrorBody, ErrorCode } from "../../shared/errors.ts";

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
