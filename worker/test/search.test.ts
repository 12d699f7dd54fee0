import { afterEach, describe, expect, it } from "vitest";
import { SEARCH_LIMITS } from "../../shared/api/search.ts";
import { ApiClient, call, fileOf } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Issue 17 item 3: `GET /api/workspaces/:ws/search?q=`. Text typed over a
 * real socket reaches the project's index from the document's alarm and is
 * found; trash is not; only members may search; bad queries are 400s.
 */

const open: SyncClient[] = [];
afterEach(async () => {
  const closing = open.splice(0).filter((client) => !client.closed);
  for (const client of closing) client.close();
  await Promise.all(closing.map((client) => client.untilClosed()));
  await new Promise((resolve) => setTimeout(resolve, 100));
});

async function type(person: ApiClient, syncUrl: string, text: string) {
  const writer = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(writer);
  await writer.untilSynced();
  writer.text.insert(writer.text.length, text);
}

/** Asks until `found` says yes (the index is fed a second after edits), and how long it took. */
async function searchUntil(
  person: ApiClient,
  ws: string,
  q: string,
  found: (paths: string[]) => boolean,
) {
  const started = Date.now();
  for (;;) {
    const answer = await person.call(
      "GET",
      `/api/workspaces/${ws}/search?q=${encodeURIComponent(q)}`,
    );
    expect(answer.status).toBe(200);
    const paths = answer.body.results.map((result: { path: string }) => result.path);
    if (found(paths)) return { answer: answer.body, ms: Date.now() - started };
    if (Date.now() - started > 10_000) throw new Error(`"${q}" gave ${JSON.stringify(paths)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("workspace search", () => {
  it("finds words typed over a socket a moment later, with the line, and never a trashed file", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project, file } = await fileOf(ada, "docs/plan.md");
    await type(ada, file.syncUrl, "# Plan\n\nLaunch the zeppelin on Friday.\n");
    const { answer, ms } = await searchUntil(ada, ws, "zeppelin", (paths) => paths.length > 0);
    console.log(`search: typed words findable after ${ms} ms (feed delay 1000 ms)`);
    expect(answer.results).toEqual([
      expect.objectContaining({
        fileId: file.id,
        projectId: project,
        path: "docs/plan.md",
        matches: [expect.objectContaining({ line: 3, from: 11, to: 19 })],
      }),
    ]);

    const base = `/api/workspaces/${ws}/projects/${project}`;
    expect((await ada.call("DELETE", `${base}/files/${file.id}`)).status).toBe(204);
    await searchUntil(ada, ws, "zeppelin", (paths) => paths.length === 0);
    expect((await ada.call("POST", `${base}/files/${file.id}/restore`)).status).toBe(200);
    await searchUntil(ada, ws, "zeppelin", (paths) => paths.length === 1);
  });

  it("follows a version restore: words the restore took out are no longer found", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project, file } = await fileOf(ada, "notes.md");
    const fileUrl = `/api/workspaces/${ws}/projects/${project}/files/${file.id}`;
    await type(ada, file.syncUrl, "The zeppelin leaves at noon.\n");
    await searchUntil(ada, ws, "zeppelin", (paths) => paths.length === 1);
    const saved = await ada.call("POST", `${fileUrl}/versions`, { name: "Before the walrus" });
    expect(saved.status).toBe(201);
    await type(ada, file.syncUrl, "A walrus came aboard.\n");
    await searchUntil(ada, ws, "walrus", (paths) => paths.length === 1);

    // No socket types after this: only the restore can bring the index up to date.
    for (const client of open.splice(0)) client.close();
    const restored = await ada.call("POST", `${fileUrl}/versions/${saved.body.id}/restore`);
    expect(restored.status).toBe(200);
    await searchUntil(ada, ws, "walrus", (paths) => paths.length === 0);
    await searchUntil(ada, ws, "zeppelin", (paths) => paths.length === 1);
  });

  it("answers members only, viewers included, and only about their own workspace", async () => {
    const ada = await ApiClient.signIn("Ada");
    const vera = await ApiClient.signIn("Vera");
    const mallory = await ApiClient.signIn("Mallory");
    const { ws, file } = await fileOf(ada, "secret.md");
    const other = await fileOf(mallory, "mine.md");
    await type(ada, file.syncUrl, "the quokka plan");
    await type(mallory, other.file.syncUrl, "the quokka decoy");
    const link = await ada.call("POST", `/api/workspaces/${ws}/invites`, { role: "viewer" });
    expect((await vera.call("POST", `/api/invites/${link.body.token}/accept`)).status).toBe(200);

    const seen = await searchUntil(vera, ws, "quokka", (paths) => paths.length > 0);
    expect(seen.answer.results.map((result: { path: string }) => result.path)).toEqual([
      "secret.md",
    ]);
    const stranger = await mallory.call("GET", `/api/workspaces/${ws}/search?q=quokka`);
    expect(stranger.status).toBe(403);
    expect((await call("GET", `/api/workspaces/${ws}/search?q=quokka`)).status).toBe(401);
  });

  it("refuses a missing, overlong or unreadable query with 400 and a message, never 500", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, file } = await fileOf(ada);
    await type(ada, file.syncUrl, "some words");
    await searchUntil(ada, ws, "words", (paths) => paths.length > 0);
    const search = (q?: string) =>
      ada.call(
        "GET",
        `/api/workspaces/${ws}/search${q === undefined ? "" : `?q=${encodeURIComponent(q)}`}`,
      );
    for (const [q, words] of [
      [undefined, "Say what to search for"],
      ["   ", "Say what to search for"],
      ["x".repeat(SEARCH_LIMITS.queryChars + 1), `at most ${SEARCH_LIMITS.queryChars} characters`],
      ["AND", "could not be read"],
      ["(unclosed", "could not be read"],
      ["nosuchcolumn:word", "could not be read"],
    ] as const) {
      const answer = await search(q);
      expect(answer.status, String(q)).toBe(400);
      expect(answer.body.error.message).toContain(words);
    }
  });
});
