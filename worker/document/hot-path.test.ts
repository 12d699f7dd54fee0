import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { MessageTag, SyncStep } from "../../shared/protocol/messages.ts";
import { settle, withEngine } from "../test/room-sockets.ts";

/**
 * Issue 14.4: per update, the room does the relay's work and no more. These
 * tests count what an update or a cursor frame asks of the runtime (SQL
 * statements, alarm calls, attachment writes) once the room is warm; the
 * counts are facts about the code, not timings.
 */

/** A sync update frame, as a client sends one. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.sync);
  encoding.writeVarUint(encoder, SyncStep.update);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame of `awareness`'s own state, as y-websocket sends one. */
function awarenessFrame(awareness: awarenessProtocol.Awareness): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.awareness);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.doc.clientID]),
  );
  return encoding.toUint8Array(encoder);
}

/** Counts calls of `object[name]` (an own property or its prototype's) until `restore`. */
function countCalls<T extends object>(object: T, name: keyof T & string) {
  const owner = Object.hasOwn(object, name) ? object : Object.getPrototypeOf(object);
  const original = owner[name] as (...args: unknown[]) => unknown;
  const calls: unknown[][] = [];
  owner[name] = function (this: unknown, ...args: unknown[]) {
    calls.push(args);
    return original.apply(this, args);
  };
  return { calls, restore: () => (owner[name] = original) };
}

describe("the hot path (issue 14.4)", () => {
  it("stores an update with one SQL statement, its log row: no stats, scheduler or author reads, no alarm", () =>
    withEngine(async ({ room, open, state }) => {
      const alice = open({ userId: "alice", acks: true });
      const bob = open({ userId: "bob" });
      const writer = new Y.Doc();
      const text = writer.getText("codemirror");
      const type = (chars: string) => {
        const before = Y.encodeStateVector(writer);
        text.insert(text.length, chars);
        alice.send(updateFrame(Y.encodeStateAsUpdate(writer, before)));
      };
      // Warm: the first update reads the sizes, notes the author, schedules a version.
      type("warm ");
      await settle();

      const statements = countCalls(state.storage.sql, "exec");
      const getAlarm = countCalls(state.storage, "getAlarm");
      const setAlarm = countCalls(state.storage, "setAlarm");
      try {
        for (let index = 0; index < 20; index++) type(`${index} `);
        await settle(100);
      } finally {
        statements.restore();
        getAlarm.restore();
        setAlarm.restore();
      }
      const sql = statements.calls.map((args) => String(args[0]).trim().split(/\s+/)[0]);
      expect(sql).toEqual(Array(20).fill("INSERT"));
      expect(getAlarm.calls.length + setAlarm.calls.length).toBe(0);
      // And it was the relay's work all the same: stored, relayed, acknowledged.
      expect(room.doc.getText("codemirror").toString()).toBe(text.toString());
      expect(bob.tagged(MessageTag.sync).length).toBe(1 + 21);
      expect(alice.tagged(102).length).toBe(21);
    }));

  /** A collapsed cursor before item `clock` of client 1, as y-codemirror.next sends it (issue 15.1 checks its shape). */
  const at = (clock: number) => {
    const position = { type: null, tname: null, item: { client: 1, clock }, assoc: 0 };
    return { anchor: position, head: position };
  };

  it("leaves a socket's attachment as it is when a cursor frame changes nothing but its clock", () =>
    withEngine(async ({ open }) => {
      const alice = open({ userId: "alice", user: { id: "alice", name: "Ada", color: "#123" } });
      const bob = open({ userId: "bob" });
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      clearInterval(awareness._checkInterval);
      awareness.setLocalState({ cursor: at(1) });
      alice.send(awarenessFrame(awareness));
      await settle();
      expect(alice.state.awareness).toBeDefined();

      const writes = countCalls(alice.server, "serializeAttachment");
      try {
        // y-protocols renews an unchanged state every 15 s with the next clock.
        for (let index = 0; index < 3; index++) {
          awareness.setLocalState({ cursor: at(1) });
          alice.send(awarenessFrame(awareness));
        }
        await settle();
        expect(writes.calls.length).toBe(0);

        // A cursor that moves is written, so it comes back after hibernation.
        awareness.setLocalState({ cursor: at(2) });
        alice.send(awarenessFrame(awareness));
        await settle();
        expect(writes.calls.length).toBe(1);
      } finally {
        writes.restore();
      }
      // Every frame was relayed all the same (the renewals keep the sender alive on others).
      expect(bob.tagged(MessageTag.awareness).length).toBe(5);
    }));
});
