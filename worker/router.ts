import type * as v from "valibot";
import type { BodyOf, Endpoint, Method } from "../shared/api/endpoint.ts";
import { ErrorCode } from "../shared/errors.ts";
import { sessionToken } from "./lib/auth.ts";
import { errorResponse, HttpError, readJsonBody, requireSameOrigin } from "./lib/http.ts";
import { sharedReads } from "./lib/in-flight.ts";
import { withRetries } from "./lib/retry.ts";

/**
 * The Worker's router: the platform's URLPattern over the endpoints of
 * `shared/api/contract.ts`.
 *
 * Why not Hono (with @hono/valibot-validator and its `hc` client), the usual
 * choice on Workers? What Quire needs from a router is a contract both sides
 * import, and Hono's client does not give that: `hc<AppType>` infers answer
 * types from the Worker's own code, so the app would import the Worker's
 * types (Durable Object stubs, `Env`) into its DOM-only build, and it still
 * checks nothing at run time (https://hono.dev/docs/guides/rpc), where this
 * app must validate every answer. With the contract in shared/, the app and
 * the Worker import the same schemas and neither imports the other. What is
 * left for a router is small, and Quire's own rules live in it: 405 with
 * `Allow`, JSON errors, reads shared with identical ones in flight and
 * retried, socket refusals as close codes (lib/websocket-upgrade.ts). Those
 * would be Hono middleware of about the same size, plus a dependency.
 */

/** What a route handler gets: the request, its bindings, the path's named parts and its body. */
export interface RouteContext<E extends Endpoint = Endpoint> {
  request: Request;
  env: Env;
  url: URL;
  params: Record<string, string>;
  ctx: ExecutionContext;
  /** The JSON body, checked with the endpoint's schema: a 400 (or 413) that says why otherwise. */
  body: () => Promise<BodyOf<E>>;
  /** Headers added to the answer (Set-Cookie). */
  headers: Headers;
}

/**
 * What a handler returns: the JSON answer for a JSON endpoint (sent with
 * the endpoint's status), nothing for a 204 one, a Response for a download
 * or a socket.
 */
export type Answer<E extends Endpoint> = E extends { kind: "json"; response: v.GenericSchema }
  ? v.InferInput<E["response"]>
  : E extends { kind: "empty" }
    ? void
    : Response;

/** One endpoint of the contract and the handler that answers it. */
export interface Route {
  method: Method;
  path: string;
  /** The schema `RouteContext.body` reads the body with, if the endpoint takes one. */
  body: v.GenericSchema | undefined;
  run: (route: RouteContext) => Promise<Response>;
}

/** Binds `endpoint` (from the contract) to `handler`, typed by the endpoint. */
export function route<E extends Endpoint>(
  endpoint: E,
  handler: (route: RouteContext<E>) => Promise<Answer<E>>,
): Route {
  return {
    method: endpoint.method,
    path: endpoint.path,
    body: "body" in endpoint ? endpoint.body : undefined,
    async run(context) {
      const answer = await handler(context as RouteContext<E>);
      if (endpoint.kind === "json") {
        return Response.json(answer, { status: endpoint.status, headers: context.headers });
      }
      if (endpoint.kind === "empty") {
        return new Response(null, { status: 204, headers: context.headers });
      }
      return answer as Response;
    },
  };
}

/** Why a write from another site's page is refused (issue 15.11, worker/test/origin.test.ts). */
const FOREIGN_WRITE = "Changes may only be sent from Quire's own pages.";

/**
 * Matches a request against `routes` with the platform's URLPattern and runs
 * the handler. A known path with another method gets 405 with `Allow`; an
 * unknown path 404; an `HttpError` thrown by a handler becomes its JSON error;
 * anything else is a 500 that says nothing about internals. Reads (GET, not
 * socket upgrades) are shared with identical ones in flight and retried on a
 * retryable Durable Object error; writes are never retried, since repeating
 * one is not always safe.
 */
export function createRouter(routes: readonly Route[]) {
  const compiled = routes.map((route) => ({
    ...route,
    pattern: new URLPattern({ pathname: route.path }),
  }));
  return async (request: Request, env: Env, ctx: ExecutionContext): Promise<Response> => {
    const url = new URL(request.url);
    const allowed: string[] = [];
    for (const route of compiled) {
      const match = route.pattern.exec({ pathname: url.pathname });
      if (!match) continue;
      if (route.method !== request.method) {
        allowed.push(route.method);
        continue;
      }
      const params = Object.fromEntries(
        Object.entries(match.pathname.groups).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const schema = route.body;
      const context: RouteContext = {
        request,
        env,
        url,
        params,
        ctx,
        headers: new Headers(),
        body: () => {
          if (!schema) throw new Error(`${route.method} ${route.path} takes no body`);
          return readJsonBody(request, schema) as Promise<never>;
        },
      };
      try {
        // Writes come only from Quire's own pages (or from tools, which send no Origin).
        if (request.method !== "GET") requireSameOrigin(request, url, FOREIGN_WRITE);
        const run = () => route.run(context);
        if (request.method !== "GET" || request.headers.get("Upgrade")) return await run();
        // A read is safe to repeat, and to share with identical ones in flight.
        const key = `${url.pathname}${url.search}|${sessionToken(request) ?? ""}`;
        return await sharedReads.run(key, () => withRetries(run));
      } catch (error) {
        if (error instanceof HttpError) return error.toResponse();
        console.error(`${request.method} ${url.pathname} failed`, error);
        return errorResponse(
          500,
          ErrorCode.internalError,
          "Something went wrong on our side. Try again.",
        );
      }
    }
    if (allowed.length > 0) {
      return errorResponse(
        405,
        ErrorCode.methodNotAllowed,
        `${request.method} is not supported here; use ${allowed.join(" or ")}.`,
        { Allow: allowed.join(", ") },
      );
    }
    return errorResponse(404, ErrorCode.notFound, `No API endpoint at ${url.pathname}.`);
  };
}
