import { ErrorCode } from "../../shared/errors.ts";
import { HttpError } from "./http.ts";

/** An expected failure of an object's operation, in HTTP terms, for people. */
export interface Failure {
  status: 400 | 403 | 404 | 409 | 410 | 413 | 429;
  code: ErrorCode;
  message: string;
}

/**
 * What an object's RPC method returns: the value, or an expected failure.
 * Plain data, so it crosses the RPC boundary unchanged; the route turns a
 * failure into its JSON error with `unwrap`.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function notFound(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 404, code: ErrorCode.notFound, message } };
}

export function conflict(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 409, code: ErrorCode.conflict, message } };
}

export function gone(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 410, code: ErrorCode.gone, message } };
}

export function forbidden(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 403, code: ErrorCode.forbidden, message } };
}

export function tooLarge(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 413, code: ErrorCode.tooLarge, message } };
}

export function badRequest(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 400, code: ErrorCode.badRequest, message } };
}

/** Too many of something for now (the message says when to try again). */
export function tooMany(message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { status: 429, code: ErrorCode.rateLimited, message } };
}

/** The value of an outcome, or the HttpError its failure stands for. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { status, code, message } = outcome.failure;
  throw new HttpError(status, code, message);
}
