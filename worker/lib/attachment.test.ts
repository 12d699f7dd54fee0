import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { socketAttachment } from "./attachment.ts";

const Tab = socketAttachment(1, { sessionHash: v.string(), visible: v.boolean() });

/** A real socket of a real pair: attachments are stored by the runtime, not by this test. */
function socket(): WebSocket {
  const { 1: server } = new WebSocketPair();
  server.accept();
  return server;
}

describe("socketAttachment", () => {
  it("reads back what it wrote, with its version", () => {
    const ws = socket();
    Tab.write(ws, { sessionHash: "abc", visible: true });
    expect(ws.deserializeAttachment()).toEqual({ sessionHash: "abc", visible: true, version: 1 });
    expect(Tab.read(ws)).toEqual({ sessionHash: "abc", visible: true });
  });

  it("reads nothing from a socket without one, of another version, or of another shape", () => {
    const ws = socket();
    expect(Tab.read(ws)).toBeUndefined();
    ws.serializeAttachment({ sessionHash: "abc", visible: true });
    expect(Tab.read(ws)).toBeUndefined();
    ws.serializeAttachment({ sessionHash: "abc", visible: true, version: 2 });
    expect(Tab.read(ws)).toBeUndefined();
    ws.serializeAttachment({ sessionHash: 7, visible: true, version: 1 });
    expect(Tab.read(ws)).toBeUndefined();
  });
});
