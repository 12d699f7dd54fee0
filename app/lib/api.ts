/**
 * The app's HTTP client: one call that speaks the Worker's JSON and turns its
 * `{ error: { code, message } }` bodies into `ApiError`, whose message is the
 * server's sentence for the person.
 */

/** A failed API call; `message` is what to show the person. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Calls the API at `path` with an optional JSON body and returns the parsed
 * JSON answer (`undefined` for 204). A network failure is an `ApiError` with
 * status 0, so callers handle one kind of error.
 */
export async function api<T = void>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(
      0,
      "network",
      "Could not reach Quire. Check your connection and try again.",
      { cause },
    );
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFrom(response.status, parsed);
  return parsed as T;
}

/** The server's own words when the body has them; a plain sentence otherwise. */
function errorFrom(status: number, body: unknown): ApiError {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error: unknown = body.error;
    if (typeof error === "object" && error !== null) {
      const { code, message } = error as Record<string, unknown>;
      if (typeof code === "string" && typeof message === "string") {
        return new ApiError(status, code, message);
      }
    }
  }
  return new ApiError(status, "unknown", `The server answered ${status}. Try again.`);
}
