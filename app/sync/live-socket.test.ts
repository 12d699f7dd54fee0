/// <reference types="node" />
// This test runs in Node (the vitest "app" project), against a real WebSocket server on loopback.
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { contract } from "../../shared/api/contract.ts";
import type { WorkspaceEvent } from "../../shared/api/tree.ts";
import { type LiveSocket, openLiveSocket } from "./live-socket.ts";

let server: WebSocketServer;
let connections: ServerSocket[];
let location: { protocol: string; host: string };
let live: LiveSocket<typeof contract.workspaceLive> | undefined;

beforeEach(async () => {
  connections = [];
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket) => connections.push(socket));
  await new Promise((resolve) => server.once("listening", resolve));
  location = { protocol: "http:", host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterEach(async () => {
  live?.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Waits until `check` holds, polling; fails after two seconds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("timed out");
}

function open(record: {
  events: WorkspaceEvent[];
  opens: boolean[];
  refusals: string[];
  retries: number[];
}) {
  live = openLiveSocket(
    contract.workspaceLive,
    { ws: "W" },
    {
      onEvent: (event) => record.events.push(event),
      onOpen: (reconnected) => record.opens.push(reconnected),
      onRefused: (message, code) => record.refusals.push(`${code} ${message}`),
    },
    {
      location,
      delayFor: (retry) => {
        record.retries.push(retry);
        return 0;
      },
    },
  );
}

function record() {
  return { events: [], opens: [], refusals: [], retries: [] } as {
    events: WorkspaceEvent[];
    opens: boolean[];
    refusals: string[];
    retries: number[];
  };
}

describe("openLiveSocket", () => {
  it("connects to the endpoint's path and passes on only events the contract allows", async () => {
    const seen = record();
    open(seen);
    await until(() => connections.length === 1);
    const [socket] = connections;
    socket!.send(JSON.stringify({ type: "role", role: "editor" }));
    socket!.send(JSON.stringify({ type: "role", role: "admin" }));
    socket!.send("not json");
    socket!.send(JSON.stringify({ type: "deleted" }));
    await until(() => seen.events.length === 2);
    expect(seen.events).toEqual([{ type: "role", role: "editor" }, { type: "deleted" }]);
    expect(seen.opens).toEqual([false]);
  });

  it("retries a dropped socket and a 4429, each wait longer, and says it reconnected", async () => {
    const seen = record();
    open(seen);
    await until(() => connections.length === 1);
    connections[0]!.close(1011, "server error");
    await until(() => connections.length === 2);
    connections[1]!.close(4429, "too many");
    await until(() => connections.length === 3 && seen.opens.length === 3);
    expect(seen.retries).toEqual([0, 1]);
    expect(seen.opens).toEqual([false, true, true]);
    expect(seen.refusals).toEqual([]);
  });

  it("stops at any other 44xx refusal and says why in the server's words", async () => {
    const seen = record();
    open(seen);
    await until(() => connections.length === 1);
    connections[0]!.close(4403, "You were removed from this workspace.");
    await until(() => seen.refusals.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.refusals).toEqual(["4403 You were removed from this workspace."]);
    expect(connections).toHaveLength(1);
  });

  it("sends JSON messages while open, and closing it stops the retries", async () => {
    const received: string[] = [];
    server.on("connection", (socket) =>
      socket.on("message", (data) => received.push(String(data))),
    );
    let opened = false;
    const own = openLiveSocket(
      contract.meLive,
      {},
      { onEvent: () => {}, onOpen: () => (opened = true) },
      { location, delayFor: () => 0 },
    );
    try {
      await until(() => opened);
      own.send({ type: "visibility", visible: false });
      await until(() => received.length === 1);
      expect(JSON.parse(received[0]!)).toEqual({ type: "visibility", visible: false });
    } finally {
      own.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connections).toHaveLength(1);
  });
});
