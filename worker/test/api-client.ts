import { exports } from "cloudflare:workers";

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
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await exports.default.fetch(`http://quire.test${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    headers: response.headers,
  };
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
