import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode } from "../../shared/errors.ts";
import { type AwarenessEntry, parseAwarenessUpdate } from "../../shared/protocol/frames.ts";
import { MessageTag, SyncStep } from "../../shared/protocol/messages.ts";
import { parseServerFrame, type ServerFrame } from "../../shared/protocol/server-frames.ts";
import { type RoomSocket, settle, withEngine } from "../test/room-sockets.ts";

/** A sync update frame, as a client sends one. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.sync);
  encoding.writeVarUint(encoder, SyncStep.update);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update that inserts `text` from a fresh client. */
function insertion(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("codemirror").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** An awareness frame for one client id and state. */
function awarenessFrame(clientId: number, state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  clearInterval(awareness._checkInterval);
  awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.awareness);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]),
  );
  return encoding.toUint8Array(encoder);
}

/** Every frame a socket received, parsed by the shared codec (each must parse). */
function frames(socket: RoomSocket): ServerFrame[] {
  return socket.received.map((bytes) => {
    const parsed = parseServerFrame(bytes);
    if (!parsed.ok) throw new Error(`unparseable server frame: ${parsed.reason}`);
    return parsed.frame;
  });
}

const types = (socket: RoomSocket) => frames(socket).map((frame) => frame.type);

/** The entries of an awareness frame. */
function entries(frame: ServerFrame): AwarenessEntry[] {
  if (frame.type !== "awareness") throw new Error(`expected awareness, got ${frame.type}`);
  const parsed = parseAwarenessUpdate(frame.update);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

describe("SyncRoom", () => {
  it("greets with its state vector, stores an update before relaying it, and acknowledges it", () =>
    withEngine(async ({ room, open, storage }) => {
      const alice = open({ userId: "alice", acks: true });
      const bob = open({ userId: "bob" });
      await settle();
      expect(types(alice)).toEqual(["sync-step1"]);

      alice.send(updateFrame(insertion("hello")));
      await settle();
      expect(room.doc.getText("codemirror").toString()).toBe("hello");
      expect(storage.stats(room.doc).logUpdates).toBe(1);
      expect(types(bob)).toEqual(["sync-step1", "sync-update"]);
      // The author is not sent its own update back, but hears that it is stored.
      expect(types(alice)).toEqual(["sync-step1", "saved"]);
    }));

  it("answers a viewer's edit with permission denied and stores nothing", () =>
    withEngine(async ({ room, open, storage }) => {
      const viewer = open({ userId: "vic", role: "viewer" });
      const editor = open({ userId: "eve" });
      viewer.send(updateFrame(insertion("no")));
      await settle();
      expect(frames(viewer).at(-1)).toEqual({
        type: "permission-denied",
        reason: "viewers cannot edit this document",
      });
      expect(types(editor)).toEqual(["sync-step1"]);
      expect(room.doc.getText("codemirror").length).toBe(0);
      expect(storage.stats(room.doc).logUpdates).toBe(0);
    }));

  it("closes a socket that sends text, garbage or a broken update, alone", () =>
    withEngine(async ({ open, room }) => {
      const text = open();
      const garbage = open();
      const broken = open();
      const bystander = open();
      text.send("hello");
      garbage.send(new Uint8Array([9, 9]));
      broken.send(updateFrame(new Uint8Array([1, 2, 3])));
      await settle();
      expect(text.closed?.code).toBe(CloseCode.badMessage);
      expect(garbage.closed).toEqual({
        code: CloseCode.badMessage,
        reason: "unknown message tag 9",
      });
      expect(broken.closed).toEqual({
        code: CloseCode.badMessage,
        reason: "the Yjs update could not be decoded",
      });
      expect(bystander.closed).toBeUndefined();
      bystander.send(updateFrame(insertion("fine")));
      await settle();
      expect(room.doc.getText("codemirror").toString()).toBe("fine");
    }));

  it("refuses an update past the quota with 4413 and stores nothing", () =>
    withEngine(
      async ({ open, room, storage }) => {
        const writer = open();
        writer.send(updateFrame(insertion("x".repeat(2048))));
        await settle();
        expect(writer.closed?.code).toBe(CloseCode.tooLarge);
        expect(writer.closed?.reason).toMatch(/at its 0 MB limit; the change was not saved/);
        expect(room.doc.getText("codemirror").length).toBe(0);
        expect(storage.stats(room.doc).logBytes).toBe(0);
      },
      { quotaBytes: 1024 },
    ));

  it("stamps cursors with the session's identity and keeps each client id with its socket", () =>
    withEngine(async ({ open }) => {
      const ada = open({ userId: "ada", user: { id: "ada", name: "Ada", color: "#ff0000" } });
      const mallory = open({ userId: "mal", user: { id: "mal", name: "Mal", color: "#00ff00" } });
      ada.send(awarenessFrame(7, { user: { name: "I am the admin" }, cursor: null }));
      await settle();
      expect(ada.state.clientIds).toEqual([7]);
      // Mallory tries to move Ada's cursor: dropped, not relayed.
      mallory.send(awarenessFrame(7, { user: { name: "Ada" }, cursor: null }));
      await settle();
      const seen = frames(mallory).filter((frame) => frame.type === "awareness");
      expect(seen).toHaveLength(1);
      expect(entries(seen[0]!)).toEqual([
        {
          clientId: 7,
          clock: 1,
          state: { user: { id: "ada", name: "Ada", color: "#ff0000" }, cursor: null },
        },
      ]);
      expect(mallory.state.clientIds).toEqual([]);
    }));

  it("removes a closing socket's cursor for everyone else", () =>
    withEngine(async ({ open, room }) => {
      const ada = open({ userId: "ada" });
      const bob = open({ userId: "bob" });
      ada.send(awarenessFrame(11, { cursor: null }));
      await settle();
      room.leave(ada.server);
      await settle();
      const last = frames(bob).at(-1);
      // The same clock with no state: y-protocols removes a state it holds at that clock.
      expect(entries(last!)).toEqual([{ clientId: 11, clock: 1, state: null }]);
      expect(types(ada)).not.toContain("saved");
    }));

  it("follows a role change at once and closes a removed member's sockets with 4403", () =>
    withEngine(async ({ open, room }) => {
      const ada = open({ userId: "ada" });
      const bob = open({ userId: "bob" });
      room.setMemberRole("ada", "viewer");
      room.setMemberRole("bob", null);
      await settle();
      expect(frames(ada).at(-1)).toEqual({ type: "role", role: "viewer" });
      expect(ada.state.role).toBe("viewer");
      expect(bob.closed).toEqual({
        code: CloseCode.forbidden,
        reason: "You were removed from this workspace.",
      });
    }));

  it("makes a server change stored, applied and sent to everyone", () =>
    withEngine(async ({ open, room, storage }) => {
      const ada = open({ userId: "ada" });
      room.change({ id: "system", name: "Restore" }, (doc) =>
        doc.getText("codemirror").insert(0, "restored"),
      );
      await settle();
      expect(frames(ada).at(-1)?.type).toBe("sync-update");
      expect(storage.stats(room.doc).logUpdates).toBe(1);
      const reloaded = storage.loadDocument();
      expect(reloaded.getText("codemirror").toString()).toBe("restored");
    }));
});
