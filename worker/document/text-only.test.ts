import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { nonTextProblem } from "./text-only.ts";

/** A server document with some text, and a client that has synced it. */
function synced(text = "hello") {
  const server = new Y.Doc();
  server.getText("codemirror").insert(0, text);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What `change` does to `client`, as one update, decoded as the sync room decodes it. */
function updateOf(client: Y.Doc, change: () => void) {
  const before = Y.encodeStateVector(client);
  change();
  const update = Y.encodeStateAsUpdate(client, before);
  return Object.assign(Y.decodeUpdate(update), { update });
}

describe("nonTextProblem", () => {
  it("lets strings into the text, anywhere, and deletions", () => {
    const { server, client } = synced();
    const text = client.getText("codemirror");
    for (const change of [
      () => text.insert(0, "a"),
      () => text.insert(3, "b"),
      () => text.delete(1, 2),
    ]) {
      const update = updateOf(client, change);
      expect(nonTextProblem(server, update)).toBeUndefined();
      Y.applyUpdate(server, update.update);
    }
  });

  it("refuses an embed, a nested type or formatting in the text, at the start, middle or end", () => {
    const cases: [string, (text: Y.Text) => void][] = [
      ["an embed at the start", (text) => text.insertEmbed(0, { image: "x" })],
      ["an embed in the middle", (text) => text.insertEmbed(2, { image: "x" })],
      ["an embed at the end", (text) => text.insertEmbed(text.length, { image: "x" })],
      ["a nested type", (text) => text.insertEmbed(1, new Y.Map())],
      ["formatting", (text) => text.format(0, 2, { bold: true })],
      ["formatted text", (text) => text.insert(1, "b", { bold: true })],
    ];
    for (const [what, change] of cases) {
      const { server, client } = synced();
      const update = updateOf(client, () => change(client.getText("codemirror")));
      expect(nonTextProblem(server, update), what).toMatch(
        /^the document's text holds only characters/,
      );
    }
  });

  it("refuses an embed beside text typed in the same update", () => {
    const { server, client } = synced("");
    const update = updateOf(client, () =>
      client.transact(() => {
        const text = client.getText("codemirror");
        text.insert(0, "abc");
        text.insertEmbed(2, { image: "x" });
      }),
    );
    expect(nonTextProblem(server, update)).toMatch(/an embed/);
  });

  it("allows other root types, which tools and stock clients use", () => {
    const { server, client } = synced();
    const update = updateOf(client, () => {
      client.getMap("meta").set("title", { nested: [1, 2] });
      client.getArray("list").insert(0, [new Y.Map()]);
      client.getXmlFragment("prosemirror").insert(0, [new Y.XmlElement("p")]);
    });
    expect(nonTextProblem(server, update)).toBeUndefined();
  });

  it("refuses a non-string whose place waits on a change the server has not seen", () => {
    const { server, client } = synced("");
    const text = client.getText("codemirror");
    updateOf(client, () => text.insert(0, "abc")); // never sent
    const update = updateOf(client, () => text.insertEmbed(2, { image: "x" }));
    expect(nonTextProblem(server, update)).toMatch(/cannot check it yet/);
  });
});
