import * as v from "valibot";
import { type Contract, contract } from "../../shared/api/contract.ts";
import {
  type CallableEndpoint,
  type DownloadEndpoint,
  type Endpoint,
  ErrorBodySchema,
  parseJson,
  type ParamsOf,
  type Parsed,
  pathFor,
  type RequestOf,
  type ResponseOf,
  type SocketEndpoint,
} from "../../shared/api/endpoint.ts";

/**
 * The app's API client, made from the contract in shared/api/contract.ts:
 * `api.renameWorkspace({ params: { ws }, body: { name } })` builds the URL
 * from the endpoint's path, sends the body as JSON, and checks the answer
 * with the endpoint's schema, so the app never works with an answer it did
 * not check. Failures are `ApiError`, whose message is for the person.
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

/** Which file a call is about: the params of every `.../files/:file` endpoint. */
export type FileParams = ParamsOf<Contract["file"]>;

/** One callable endpoint as a function: its request in, its checked answer out. */
type Call<E extends CallableEndpoint> =
  Record<never, never> extends RequestOf<E>
    ? (request?: RequestOf<E>) => Promise<ResponseOf<E>>
    : (request: RequestOf<E>) => Promise<ResponseOf<E>>;

/** Every JSON or 204 endpoint of the contract, by its name. */
export type ApiClient = {
  [
    K in keyof Contract as Contract[K] extends CallableEndpoint ? K : never
  ]: Contract[K] extends CallableEndpoint ? Call<Contract[K]> : never;
};

/** The client. */
export const api = Object.fromEntries(
  Object.entries(contract as Record<string, Endpoint>).flatMap(([name, endpoint]) =>
    isCallable(endpoint) ? [[name, (request?: AnyRequest) => call(endpoint, request ?? {})]] : [],
  ),
) as unknown as ApiClient;

function isCallable(endpoint: Endpoint): endpoint is CallableEndpoint {
  return endpoint.kind === "json" || endpoint.kind === "empty";
}

interface AnyRequest {
  params?: Record<string, string>;
  body?: unknown;
}

/**
 * Calls `endpoint`. A network failure is an `ApiError` with status 0, and an
 * answer the contract does not allow is one with code `bad_response`, so
 * callers handle one kind of error.
 */
async function call(endpoint: CallableEndpoint, { params, body }: AnyRequest): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(pathFor(endpoint.path, params), {
      method: endpoint.method,
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
  const text = await response.text().catch(() => "");
  if (!response.ok) throw errorFrom(response.status, text);
  if (endpoint.kind === "empty") return undefined;
  const parsed = parseJson(endpoint.response, text);
  if (parsed.ok) return parsed.value;
  // A server newer or older than this page: reloading fetches the matching app.
  console.error(`${endpoint.method} ${endpoint.path}: ${parsed.problem}`);
  throw new ApiError(
    response.status,
    "bad_response",
    "Quire answered in a way this page does not understand. Reload the page and try again.",
  );
}

/** The server's own words when the body has them; a plain sentence otherwise. */
function errorFrom(status: number, text: string): ApiError {
  const parsed = parseJson(ErrorBodySchema, text);
  if (parsed.ok) return new ApiError(status, parsed.value.error.code, parsed.value.error.message);
  return new ApiError(status, "unknown", `The server answered ${status}. Try again.`);
}

/** The URL of a download (a file's text, a project's zip), for a link. */
export function downloadUrl<E extends DownloadEndpoint>(endpoint: E, params: ParamsOf<E>): string {
  return pathFor(endpoint.path, params);
}

/** The `ws:` or `wss:` URL of a socket endpoint on the page's own host. */
export function socketUrl<E extends SocketEndpoint>(
  endpoint: E,
  params: ParamsOf<E>,
  location: Pick<Location, "protocol" | "host"> = window.location,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${pathFor(endpoint.path, params)}`;
}

/** A server event from a socket, checked with the endpoint's event schema. */
export function parseEvent<E extends SocketEndpoint & { events: v.GenericSchema }>(
  endpoint: E,
  data: unknown,
): Parsed<v.InferOutput<E["events"]>> {
  if (typeof data !== "string") return { ok: false, problem: "expected a text frame" };
  return parseJson(endpoint.events, data);
}
