import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ApiClient, fileOf } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/** Issue 15.6: the document's text holds only strings; other root types stay allowed. */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function pair() {
  const ada = await ApiClient.signIn("Ada");
  const { file } = await fileOf(ada);
  const path = new URL(file.syncUrl).pathname;
  const writer = await SyncClient.connectThroughWorker(path, ada.cookie);
  const reader = await SyncClient.connectThroughWorker(path, ada.cookie);
  open.push(writer, reader);
  await Promise.all([writer.untilSynced(), reader.untilSynced()]);
  return { writer, reader, path, ada };
}

describe("embeds in the document's text", () => {
  it("closes a socket that inserts an embed with 4400, and nobody gets it", async () => {
    const { writer, reader, path, ada } = await pair();
    writer.text.insert(0, "hello");
    await reader.untilText("hello");
    writer.text.insertEmbed(2, { image: "x" });
    expect(await writer.untilClosed()).toEqual({
      code: 4400,
      reason: "the document's text holds only characters; this update puts an embed into it",
    });
    // Later edits by anyone land where they should: the text still has 5 characters.
    reader.text.insert(5, "!");
    const late = await SyncClient.connectThroughWorker(path, ada.cookie);
    open.push(late);
    await late.untilText("hello!");
    expect(late.text.toDelta()).toEqual([{ insert: "hello!" }]);
  });

  it("keeps taking other root types (tools use their own)", async () => {
    const { writer, reader } = await pair();
    writer.doc.getMap("meta").set("title", "Notes");
    writer.doc.getArray("list").insert(0, [new Y.Map()]);
    writer.text.insert(0, "ok");
    await reader.untilText("ok");
    await reader.until(() => reader.doc.getMap("meta").get("title") === "Notes", "the map");
    expect(writer.closed).toBeUndefined();
  });
});
