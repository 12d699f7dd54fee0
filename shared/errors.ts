/**
 * Close codes for document sockets mirror HTTP statuses (4400 ~ 400, ...), as
 * hocuspocus and tldraw do, so a person reading a log knows them at once. The
 * reason string travels with the close frame; the app turns the code into
 * words with `closeCodeMessage`.
 */
export const CloseCode = {
  /** A frame that is not a valid y-protocols message, or an update that fails to apply. */
  badMessage: 4400,
  /** Not signed in. */
  unauthorized: 4401,
  /** Signed in but not allowed. */
  forbidden: 4403,
  /** The document does not exist. */
  notFound: 4404,
  /**
   * An update built on a change the server refused (issue 15.5): not stored,
   * not acknowledged. Not a refusal: the client reconnects and its sync step
   * 2 carries everything it has, refused change included.
   */
  resync: 4409,
  /** A frame larger than `MAX_FRAME_BYTES`. */
  tooLarge: 4413,
  /** Too many messages. */
  rateLimited: 4429,
  /** The server failed; the client may retry. */
  internalError: 4500,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The reason of the 4429 that closes a person's oldest socket when they hold
 * more than `MAX_SOCKETS_PER_PERSON` across documents (issue 15.3). Unlike
 * other 4429s it is final: retrying would close the next oldest tab, and so
 * on round all of them. It is a sentence, so the app shows it as it is.
 */
export const TOO_MANY_TABS_REASON =
  "Too many open tabs: this one was closed because you opened another. Reload to use it.";

/**
 * Whether a close is a refusal (4400–4499 but 4429): the server will refuse
 * the same socket again, so clients stop retrying, as stock y-websocket does.
 */
export function isRefusalCode(code: number, reason = ""): boolean {
  // A tab closed to make room for a newer one stays closed until reloaded.
  if (code === CloseCode.rateLimited && reason === TOO_MANY_TABS_REASON) return true;
  // Except "too many": that one passes, and the backoff waits it out.
  // Nor "resync": reconnecting is its answer.
  return code >= 4400 && code < 4500 && code !== CloseCode.rateLimited && code !== CloseCode.resync;
}

/** Error codes carried in HTTP error bodies `{ error: { code, message } }`. */
export const ErrorCode = {
  badRequest: "bad_request",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  notFound: "not_found",
  conflict: "conflict",
  gone: "gone",
  tooLarge: "too_large",
  rateLimited: "rate_limited",
  upgradeRequired: "upgrade_required",
  methodNotAllowed: "method_not_allowed",
  internalError: "internal_error",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The JSON body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * A sentence a person can act on for a close code, or undefined for the normal
 * closes (1000, 1001, 1005, 1006) after which the app simply reconnects.
 */
export function closeCodeMessage(code: number, reason: string): string | undefined {
  const detail = reason ? ` (${reason})` : "";
  // Quire's own refusals and removals carry a sentence for the person ("Olive
  // moved this file to the trash.", "You were removed from this workspace.");
  // a bare word ("forbidden") from another server does not read as one.
  const sentence = /\s/.test(reason) && /[.!?]$/.test(reason) ? reason : undefined;
  switch (code) {
    case CloseCode.badMessage:
      return `The server could not read a change from this tab${detail}. Reload the page; your text is kept in this browser until it syncs.`;
    case CloseCode.unauthorized:
      return "You are signed out. Sign in again to keep editing.";
    case CloseCode.forbidden:
      return sentence ?? "You do not have access to this document.";
    case CloseCode.notFound:
      return sentence ?? "This document does not exist.";
    case CloseCode.tooLarge:
      return `That change is too large to save${detail}. Try a smaller paste.`;
    case CloseCode.resync:
      return "A change of yours was refused, so the ones after it could not be saved. Quire reconnects and sends them again; until they are saved they are only in this browser.";
    case CloseCode.rateLimited:
      if (reason === TOO_MANY_TABS_REASON) return reason;
      return "Too many changes or connections too quickly. Slow down for a moment; Quire reconnects by itself.";
    case CloseCode.internalError:
      return `The server hit an error${detail}. Reconnecting…`;
    default:
      return undefined;
  }
}
