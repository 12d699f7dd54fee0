import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { presenceOf } from "./use-presence.ts";

/** An awareness that has heard these other clients' states, as the server stamped them. */
function awarenessWith(others: Record<number, Record<string, unknown>>) {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  clearInterval(awareness._checkInterval);
  awareness.setLocalState({ user: { name: "Ada", color: "#111111" } });
  for (const [clientId, state] of Object.entries(others)) {
    const remote = new awarenessProtocol.Awareness(new Y.Doc());
    clearInterval(remote._checkInterval);
    remote.clientID = Number(clientId);
    // A client's first state has clock 0, which a peer ignores; real clients
    // set an empty state first too.
    remote.setLocalState({});
    remote.setLocalState(state);
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessProtocol.encodeAwarenessUpdate(remote, [Number(clientId)]),
      "test",
    );
  }
  return awareness;
}

describe("presenceOf", () => {
  it("counts people, not tabs, with this person first", () => {
    const awareness = awarenessWith({
      1: { user: { id: "grace", name: "Grace", color: "#222222" } },
      2: { user: { id: "grace", name: "Grace", color: "#222222" } },
      3: { user: { id: "ada", name: "Ada", color: "#111111" } },
    });
    const { participants, visitors } = presenceOf(awareness, "ada");
    expect(participants.map((p) => [p.name, p.isSelf, p.tabs])).toEqual([
      ["Ada", true, 2],
      ["Grace", false, 2],
    ]);
    expect(visitors).toBe(0);
  });

  it("counts visitors by a link apart and never lists them", () => {
    const awareness = awarenessWith({
      5: { user: { id: "visitor:abc", name: "Visitor", color: "#868e96" } },
      6: { user: { id: "visitor:abc", name: "Visitor", color: "#868e96" } },
    });
    const { participants, visitors } = presenceOf(awareness, "ada");
    expect(participants.map((p) => p.name)).toEqual(["Ada"]);
    expect(visitors).toBe(2);
  });
});
