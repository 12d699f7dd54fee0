/// <reference types="node" />
// This test runs in Node (the vitest "app" project) and serves real HTTP on loopback.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, ApiError, parseEvent, socketUrl } from "./api.ts";
import { contract } from "../../shared/api/contract.ts";

/**
 * The client against a real HTTP server on loopback, which answers what
 * each test tells it to. The one stand-in: the app calls `fetch` with paths
 * relative to its page, which Node cannot resolve without one, so `fetch`
 * gets this server as its base URL.
 */

let server: Server;
let answer: (request: IncomingMessage, body: string) => { status: number; body?: string };
const seen: { method: string; url: string; type?: string; body: string }[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        url: request.url ?? "",
        type: request.headers["content-type"],
        body,
      });
      const { status, body: text } = answer(request, body);
      response.writeHead(status, { "Content-Type": "application/json" }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  globalThis.fetch = (input, init) => realFetch(new URL(String(input), base), init);
});

afterAll(() => {
  globalThis.fetch = realFetch;
  server.close();
});

const workspace = {
  id: "W",
  name: "Team",
  role: "owner",
  jurisdiction: null,
  createdAt: 1,
  updatedAt: 2,
  version: 3,
  projects: [],
  trash: [],
  presence: {},
};

describe("api", () => {
  it("builds the URL from the contract, sends the body as JSON, and answers the checked value", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ ...workspace, secret: "dropped" }) });
    seen.length = 0;
    const renamed = await api.renameWorkspace({ params: { ws: "a/b" }, body: { name: "Team" } });
    expect(renamed).toEqual(workspace);
    expect(seen).toEqual([
      {
        method: "PATCH",
        url: "/api/workspaces/a%2Fb",
        type: "application/json",
        body: '{"name":"Team"}',
      },
    ]);
  });

  it("refuses an answer outside the contract with words for the person", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ ...workspace, version: "3" }) });
    const error = await api.workspace({ params: { ws: "W" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: "bad_response" });
    expect((error as ApiError).message).toMatch(/Reload the page/);
  });

  it("answers nothing for a 204 and sends no body when the endpoint takes none", async () => {
    answer = () => ({ status: 204 });
    seen.length = 0;
    await expect(api.trashWorkspace({ params: { ws: "W" } })).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({ method: "DELETE", type: undefined, body: "" });
  });

  it("turns the server's error body into an ApiError with its words", async () => {
    answer = () => ({
      status: 409,
      body: JSON.stringify({ error: { code: "conflict", message: 'a file named "a" exists.' } }),
    });
    const error = await api
      .createFile({ params: { ws: "W", project: "P" }, body: { path: "a" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 409,
      code: "conflict",
      message: 'a file named "a" exists.',
    });
  });

  it("says what status came back when the error is not Quire's", async () => {
    answer = () => ({ status: 502, body: "<html>Bad gateway</html>" });
    await expect(api.listWorkspaces()).rejects.toMatchObject({
      status: 502,
      message: "The server answered 502. Try again.",
    });
  });

  it("reports a network failure as status 0", async () => {
    const working = globalThis.fetch;
    globalThis.fetch = () => realFetch("http://127.0.0.1:1/");
    try {
      await expect(api.listWorkspaces()).rejects.toMatchObject({ status: 0, code: "network" });
    } finally {
      globalThis.fetch = working;
    }
  });
});

describe("socket events", () => {
  it("are checked with the endpoint's event schema", () => {
    expect(parseEvent(contract.workspaceLive, '{"type":"role","role":"viewer"}')).toEqual({
      ok: true,
      value: { type: "role", role: "viewer" },
    });
    expect(parseEvent(contract.workspaceLive, '{"type":"role","role":"admin"}').ok).toBe(false);
    expect(parseEvent(contract.meLive, "not json").ok).toBe(false);
    expect(parseEvent(contract.meLive, new ArrayBuffer(1)).ok).toBe(false);
  });

  it("have their URL on the page's host, with the page's scheme", () => {
    const page = { protocol: "https:", host: "quire.example" };
    expect(socketUrl(contract.workspaceLive, { ws: "W" }, page)).toBe(
      "wss://quire.example/api/workspaces/W/live",
    );
  });
});
