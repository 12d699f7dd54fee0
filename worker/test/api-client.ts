import { exports } from "cloudflare:workers";
import * as v from "valibot";
import { contract } from "../../shared/api/contract.ts";
import { type Endpoint, ErrorBodySchema } from "../../shared/api/endpoint.ts";

/** A response's status and parsed JSON body (or null when there is none). */
export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A person using the HTTP API through the Worker's default export, with their
 * session cookie: what a browser tab does, minus the browser.
 */
export class ApiClient {
  private constructor(
    readonly cookie: string,
    readonly user: { id: string; name: string; color: string },
  ) {}

  /**
   * Signs in as a guest named `name`, from an address of their own (as
   * Cloudflare reports it in CF-Connecting-IP): sign-ins are limited per
   * address, and the suite signs in far more people than one address may.
   */
  static async signIn(name: string, address = randomAddress()): Promise<ApiClient> {
    const response = await exports.default.fetch("http://quire.test/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": address },
      body: JSON.stringify({ name }),
    });
    if (response.status !== 201)
      throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    const cookie = setCookie.split(";")[0]!;
    const { user } = (await response.json()) as {
      user: { id: string; name: string; color: string };
    };
    return new ApiClient(cookie, user);
  }

  /** The same person with another session's cookie (a second device). */
  withCookie(cookie: string): ApiClient {
    return new ApiClient(cookie, this.user);
  }

  /** A person signed in some other way (the test made the cookie itself). */
  static of(cookie: string, user: { id: string; name: string; color: string }): ApiClient {
    return new ApiClient(cookie, user);
  }

  /** Sends a request; `body` is sent as JSON unless it is already a string. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    return call<T>(method, path, body, this.cookie);
  }
}

/** A request with an optional cookie; use it bare for a signed-out caller. */
export async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
  extraHeaders: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (cookie) headers.Cookie = cookie;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await exports.default.fetch(`http://quire.test${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  checkAgainstContract(method, path, response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

const endpoints = Object.values(contract).map((endpoint: Endpoint) => ({
  endpoint,
  pattern: new URLPattern({ pathname: endpoint.path }),
}));

/**
 * Every answer the suite gets must be what shared/api/contract.ts says the
 * app may expect: a JSON endpoint's body passes its response schema, a 204
 * has no body, and every error is `{ error: { code, message } }`. So each
 * test of the API also tests the contract the app validates against.
 */
function checkAgainstContract(method: string, path: string, status: number, body: unknown): void {
  const pathname = new URL(path, "http://quire.test").pathname;
  const match = endpoints.find(
    ({ endpoint, pattern }) => endpoint.method === method && pattern.test({ pathname }),
  );
  if (status >= 400) {
    if (body !== null) v.parse(ErrorBodySchema, body);
    return;
  }
  if (!match || status >= 300) return;
  const { endpoint } = match;
  if (endpoint.kind === "json") {
    const result = v.safeParse(endpoint.response, body);
    if (!result.success) {
      throw new Error(
        `${method} ${pathname} answered outside the contract: ${JSON.stringify(v.flatten(result.issues))}`,
      );
    }
    if (status !== endpoint.status) {
      throw new Error(
        `${method} ${pathname} answered ${status}; the contract says ${endpoint.status}`,
      );
    }
  }
  if (endpoint.kind === "empty" && (status !== 204 || body !== null)) {
    throw new Error(`${method} ${pathname} answered ${status} with a body; the contract says 204`);
  }
}

/** A random documentation-range IPv6 address (2001:db8::/32). */
export function randomAddress(): string {
  const part = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${part()}:${part()}::${part()}`;
}

/** A workspace, a project and one file in it, made by `person` through the API. */
export async function fileOf(person: ApiClient, path = "a.md") {
  const ws = (await person.call("POST", "/api/workspaces", { name: "Home" })).body.id;
  const project = (await person.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).body
    .id;
  const file = (
    await person.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, { path })
  ).body;
  return { ws, project, file };
}
