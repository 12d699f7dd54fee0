import { exports } from "cloudflare:workers";
import { strFromU8, Unzip, UnzipInflate } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, fileOf } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/** Issue 15.7: the project zip holds exactly the project's files, whatever they are called. */

const open: SyncClient[] = [];
afterEach(async () => {
  // Wait for the closes to be handled (the document reports presence when a
  // socket leaves), so no call is still running when the test file ends:
  // one in flight fails the run with "Closing rpc while resolve was pending".
  const closing = open.splice(0).filter((client) => !client.closed);
  for (const client of closing) client.close();
  await Promise.all(closing.map((client) => client.untilClosed()));
  await new Promise((resolve) => setTimeout(resolve, 100));
});

async function write(person: ApiClient, syncUrl: string, text: string) {
  const writer = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  const reader = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(writer, reader);
  await writer.untilSynced();
  await reader.untilSynced();
  writer.text.insert(0, text);
  await reader.untilText(text);
}

/**
 * The names and texts in a zip, in order. `unzipSync` would build them into
 * a plain object (where `__proto__` is not a key), so this streams them.
 */
function entriesOf(zip: Uint8Array): [string, string][] {
  const entries: [string, string][] = [];
  const unzip = new Unzip((file) => {
    let text = "";
    file.ondata = (error, data, final) => {
      if (error) throw error;
      text += strFromU8(data);
      if (final) entries.push([file.name, text]);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(zip, true);
  return entries;
}

describe("the project zip", () => {
  it("keeps a file named __proto__ (and constructor) as a file, and adds nothing else", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project, file } = await fileOf(ada, "__proto__");
    const base = `/api/workspaces/${ws}/projects/${project}`;
    const other = (await ada.call("POST", `${base}/files`, { path: "constructor" })).body;
    await write(ada, file.syncUrl, "x".repeat(300));
    await write(ada, other.syncUrl, "built");
    const zip = await exports.default.fetch(`http://quire.test${base}/export`, {
      headers: { Cookie: ada.cookie },
    });
    expect(zip.status).toBe(200);
    const entries = entriesOf(new Uint8Array(await zip.arrayBuffer()));
    expect(entries.map(([name]) => name).sort()).toEqual(["__proto__", "constructor"]);
    const lengths = new Map(entries.map(([name, text]) => [name, text.length]));
    expect(lengths).toEqual(
      new Map([
        ["__proto__", 300],
        ["constructor", 5],
      ]),
    );
  });
});
