import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { missingDependencies } from "./dependencies.ts";

/** Each change `client` makes, as its own update. */
function recorder(client: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  client.on("update", (update: Uint8Array) => updates.push(update));
  return updates;
}

const missing = (server: Y.Doc, update: Uint8Array) =>
  missingDependencies(server, Y.decodeUpdate(update));

describe("missingDependencies", () => {
  it("is false for updates that continue what the document has, in order", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const updates = recorder(client);
    const text = client.getText("codemirror");
    text.insert(0, "abc");
    text.insert(1, "x");
    text.delete(0, 2);
    client.getMap("meta").set("k", new Y.Map());
    for (const update of updates) {
      expect(missing(server, update)).toBe(false);
      Y.applyUpdate(server, update);
    }
    expect(server.store.pendingStructs).toBeNull();
  });

  it("is true for an insert beside, a deletion of, or a change after what the server never got", () => {
    const cases: [string, (text: Y.Text) => void][] = [
      ["typed after it", (text) => text.insert(3, "d")],
      ["typed inside it", (text) => text.insert(1, "d")],
      ["deleted it", (text) => text.delete(0, 1)],
      ["a new root type, later clocks", (text) => text.doc!.getMap("meta").set("k", 1)],
    ];
    for (const [what, change] of cases) {
      const server = new Y.Doc();
      const client = new Y.Doc();
      const updates = recorder(client);
      client.getText("codemirror").insert(0, "abc"); // refused: never reaches the server
      change(client.getText("codemirror"));
      expect(missing(server, updates[1]!), what).toBe(true);
      // The check agrees with Yjs, which keeps the update aside.
      Y.applyUpdate(server, updates[1]!);
      expect(server.store.pendingStructs ?? server.store.pendingDs, what).not.toBeNull();
    }
  });

  it("is false for a change beside someone else's text the server has", () => {
    const server = new Y.Doc();
    server.getText("codemirror").insert(0, "hello");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const updates = recorder(client);
    client.getText("codemirror").insert(2, "--");
    client.getText("codemirror").delete(0, 1);
    expect(updates.map((update) => missing(server, update))).toEqual([false, false]);
  });
});
