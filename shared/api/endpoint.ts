import * as v from "valibot";

/**
 * How an API endpoint is described once, for the Worker (which registers a
 * handler for it and checks its body) and the app (which builds its URL and
 * checks its answer). `shared/api/contract.ts` lists them all.
 */

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** A request body's schema, or none. */
type BodySchema = v.GenericSchema | undefined;

/** An endpoint that answers JSON, checked with `response` (status 200, or 201 for a creation). */
export interface JsonEndpoint<
  M extends Method = Method,
  P extends string = string,
  B extends BodySchema = BodySchema,
  R extends v.GenericSchema = v.GenericSchema,
> {
  kind: "json";
  method: M;
  /** A URLPattern pathname: `:name` is one segment, `:name+` one or more. */
  path: P;
  body: B;
  response: R;
  status: 200 | 201;
}

/** An endpoint that answers 204 No Content. */
export interface EmptyEndpoint<
  M extends Method = Method,
  P extends string = string,
  B extends BodySchema = BodySchema,
> {
  kind: "empty";
  method: M;
  path: P;
  body: B;
}

/** A GET that answers a file to save (text, zip): the app only links to it. */
export interface DownloadEndpoint<P extends string = string> {
  kind: "download";
  method: "GET";
  path: P;
}

/**
 * A WebSocket. `events` checks the server's JSON text frames and `messages`
 * the client's; both are undefined for the document's binary y-protocols
 * socket, whose frames have their codec in shared/protocol/.
 */
export interface SocketEndpoint<
  P extends string = string,
  E extends BodySchema = BodySchema,
  C extends BodySchema = BodySchema,
> {
  kind: "socket";
  method: "GET";
  path: P;
  events: E;
  messages: C;
}

export type Endpoint = JsonEndpoint | EmptyEndpoint | DownloadEndpoint | SocketEndpoint;

/** An endpoint that answers JSON or nothing: what the app's client calls. */
export type CallableEndpoint = JsonEndpoint | EmptyEndpoint;

/** A JSON endpoint; `status` defaults to 200 and `body` to none. */
export function json<
  M extends Method,
  P extends string,
  R extends v.GenericSchema,
  B extends BodySchema = undefined,
>(spec: {
  method: M;
  path: P;
  response: R;
  body?: B;
  status?: 200 | 201;
}): JsonEndpoint<M, P, B, R> {
  return { kind: "json", status: 200, ...spec, body: spec.body as B };
}

/** An endpoint that answers 204. */
export function empty<M extends Method, P extends string, B extends BodySchema = undefined>(spec: {
  method: M;
  path: P;
  body?: B;
}): EmptyEndpoint<M, P, B> {
  return { kind: "empty", ...spec, body: spec.body as B };
}

/** A download. */
export function download<P extends string>(path: P): DownloadEndpoint<P> {
  return { kind: "download", method: "GET", path };
}

/** A WebSocket endpoint. */
export function socket<
  P extends string,
  E extends BodySchema = undefined,
  C extends BodySchema = undefined,
>(spec: { path: P; events?: E; messages?: C }): SocketEndpoint<P, E, C> {
  return {
    kind: "socket",
    method: "GET",
    path: spec.path,
    events: spec.events as E,
    messages: spec.messages as C,
  };
}

type ParamName<S extends string> = S extends `${infer Name}+` ? Name : S;

/** The named parts of a path: `"/a/:ws/b/:path+"` → `{ ws: string; path: string }`. */
export type PathParams<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? { [K in ParamName<Param>]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? { [K in ParamName<Param>]: string }
    : Record<never, never>;

/** The named parts of an endpoint's path. */
export type ParamsOf<E extends Endpoint> = PathParams<E["path"]>;

/** What a request to `E` carries: its path's params and its body, each only if it has one. */
export type RequestOf<E extends Endpoint> = (keyof PathParams<E["path"]> extends never
  ? { params?: undefined }
  : { params: PathParams<E["path"]> }) &
  (E extends { body: v.GenericSchema } ? { body: v.InferInput<E["body"]> } : { body?: undefined });

/** The body the Worker reads for `E`, after its schema has checked (and normalised) it. */
export type BodyOf<E extends Endpoint> = E extends { body: v.GenericSchema }
  ? v.InferOutput<E["body"]>
  : never;

/** The answer of a callable endpoint as the app gets it, checked. */
export type ResponseOf<E extends CallableEndpoint> = E extends JsonEndpoint
  ? v.InferOutput<E["response"]>
  : void;

const PARAM = /:([A-Za-z_]\w*)(\+?)/g;

/**
 * The path of `endpoint` with `params` filled in, each percent-encoded (a
 * `:name+` part segment by segment, so its "/" stay). Throws for a missing
 * param: that is a bug, not input.
 */
export function pathFor(path: string, params: Record<string, string> = {}): string {
  return path.replace(PARAM, (_, name: string, many: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path} needs the parameter ${name}`);
    return many ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}

/** The error body every failed request answers with: `{ error: { code, message } }`. */
export const ErrorBodySchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});

/** A value read from untrusted text: what the schema made of it, or why it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Parses `text` as JSON and checks it with `schema`, for request bodies,
 * answers and socket frames alike. Never throws: a problem is a sentence
 * that names the field ("name: must not be empty").
 */
export function parseJson<S extends v.GenericSchema>(
  schema: S,
  text: string,
): Parsed<v.InferOutput<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "The body must be JSON." };
  }
  const result = v.safeParse(schema, json);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, problem: describeIssues(result.issues) };
}

/** "name: Invalid length" style text from valibot issues, for people. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
