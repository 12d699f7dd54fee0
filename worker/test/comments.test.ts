import { abortAllDurableObjects } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_COMMENT_LENGTH, type ThreadEvent } from "../../shared/api/comments.ts";
import { anchorFor } from "../../shared/protocol/comment-anchor.ts";
import { parseServerFrame } from "../../shared/protocol/server-frames.ts";
import { ApiClient } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

const open: SyncClient[] = [];
afterEach(async () => {
  const closing = open.splice(0).filter((client) => !client.closed);
  for (const client of closing) client.close();
  await Promise.all(closing.map((client) => client.untilClosed()));
  await new Promise((resolve) => setTimeout(resolve, 100));
});

/** An owner, an editor, a commenter and a viewer of one file with "Hello brave world" in it. */
async function scene() {
  const owner = await ApiClient.signIn("Olive");
  const ws = (await owner.call("POST", "/api/workspaces", { name: "Team" })).body.id;
  const project = (await owner.call("POST", `/api/workspaces/${ws}/projects`, { name: "Paper" }))
    .body.id;
  const file = (
    await owner.call("POST", `/api/workspaces/${ws}/projects/${project}/files`, {
      path: "essay.md",
    })
  ).body;
  const join = async (name: string, role: string) => {
    const person = await ApiClient.signIn(name);
    const link = await owner.call("POST", `/api/workspaces/${ws}/invites`, { role });
    expect(link.status).toBe(201);
    expect((await person.call("POST", `/api/invites/${link.body.token}/accept`)).status).toBe(200);
    return person;
  };
  const editor = await join("Eddie", "editor");
  const commenter = await join("Cora", "commenter");
  const viewer = await join("Vera", "viewer");
  const base = `/api/workspaces/${ws}/projects/${project}`;
  const fileUrl = `${base}/files/${file.id}`;
  const olive = await openFile(file.syncUrl, owner);
  olive.text.insert(0, "Hello brave world");
  const eddie = await openFile(file.syncUrl, editor);
  await eddie.untilText("Hello brave world");
  return { owner, editor, commenter, viewer, ws, project, base, file, fileUrl, olive, eddie };
}

async function openFile(syncUrl: string, person: ApiClient) {
  const client = await SyncClient.connectThroughWorker(new URL(syncUrl).pathname, person.cookie);
  open.push(client);
  await client.untilSynced();
  return client;
}

/** The thread events a socket has been sent (tag 104). */
function threadEvents(client: SyncClient): ThreadEvent[] {
  return client.received.flatMap((bytes) => {
    const parsed = parseServerFrame(bytes);
    return parsed.ok && parsed.frame.type === "comments" ? [parsed.frame.event] : [];
  });
}

let counter = 0;
/** A fresh id the way the app makes one (22 base64url characters). */
function clientId(): string {
  counter++;
  return `${crypto.randomUUID().replaceAll("-", "").slice(0, 18)}${String(counter).padStart(4, "0")}`;
}

function newThread(client: SyncClient, word: string, body: string, mentions: string[] = []) {
  const from = client.text.toString().indexOf(word);
  return {
    id: clientId(),
    commentId: clientId(),
    anchor: anchorFor(client.text, from, from + word.length),
    body,
    mentions,
  };
}

describe("comments (issue 19)", () => {
  it("anchors a thread to a word, tells everyone on the file, and keeps it through edits and a restart", async () => {
    const s = await scene();
    const made = await s.editor.call("POST", `${s.fileUrl}/threads`, {
      ...newThread(s.eddie, "brave", "Is this the right word?"),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      quote: "brave",
      resolved: null,
      comments: [
        { author: { id: s.editor.user.id, name: "Eddie" }, body: "Is this the right word?" },
      ],
    });
    await s.olive.until(() => threadEvents(s.olive).length === 1, "the thread event");
    expect(threadEvents(s.olive)[0]).toEqual({ type: "thread", thread: made.body });

    // Olive types before the word: the thread stays on it.
    s.olive.text.insert(0, "Oh. ");
    await s.eddie.untilText("Oh. Hello brave world");
    const { threads } = (await s.viewer.call("GET", `${s.fileUrl}/threads`)).body;
    expect(threads).toHaveLength(1);

    await abortAllDurableObjects();
    const after = (await s.commenter.call("GET", `${s.fileUrl}/threads`)).body.threads;
    expect(after).toEqual([made.body]);
  });

  it("lets a commenter comment, reply and resolve but never change the text", async () => {
    const s = await scene();
    const cora = await openFile(s.file.syncUrl, s.commenter);
    const made = await s.commenter.call("POST", `${s.fileUrl}/threads`, {
      ...newThread(cora, "world", "Which world?"),
    });
    expect(made.status).toBe(201);
    const reply = await s.owner.call("POST", `${s.fileUrl}/threads/${made.body.id}/comments`, {
      id: clientId(),
      body: "This one.",
    });
    expect(reply.status).toBe(201);
    expect(reply.body.comments.map((c: { body: string }) => c.body)).toEqual([
      "Which world?",
      "This one.",
    ]);
    const resolved = await s.commenter.call("PATCH", `${s.fileUrl}/threads/${made.body.id}`, {
      resolved: true,
    });
    expect(resolved.body.resolved).toMatchObject({ by: { id: s.commenter.user.id, name: "Cora" } });
    const reopened = await s.editor.call("PATCH", `${s.fileUrl}/threads/${made.body.id}`, {
      resolved: false,
    });
    expect(reopened.body.resolved).toBeNull();

    // The commenter's own edit of the text is refused (y-protocols permission
    // denied, as for a viewer) and never stored.
    cora.text.insert(0, "Cora was here. ");
    await cora.until(
      () =>
        cora.received.some((bytes) => {
          const parsed = parseServerFrame(bytes);
          return parsed.ok && parsed.frame.type === "permission-denied";
        }),
      "the refusal",
    );
    expect(s.eddie.text.toString()).toBe("Hello brave world");
    const fresh = await openFile(s.file.syncUrl, s.owner);
    expect(fresh.text.toString()).toBe("Hello brave world");
  });

  it("notifies the people a comment mentions, with a link to the thread, and marks notices read", async () => {
    const s = await scene();
    const made = await s.owner.call("POST", `${s.fileUrl}/threads`, {
      ...newThread(s.olive, "brave", "@Cora can you look?", [s.commenter.user.id]),
    });
    expect(made.status).toBe(201);
    const inbox = (await s.commenter.call("GET", "/api/me/inbox")).body.inbox;
    expect(inbox[0]).toMatchObject({
      text: "Olive mentioned you in essay.md: “@Cora can you look?”",
      workspaceId: s.ws,
      link: `/w/${s.ws}/p/${s.project}/f/${s.file.id}?thread=${made.body.id}`,
      read: false,
    });
    const read = await s.commenter.call("POST", "/api/me/inbox/read", {});
    expect(read.status).toBe(200);
    expect(read.body.inbox.every((item: { read: boolean }) => item.read)).toBe(true);
    // A reply reaches who wrote in the thread before (Olive), not the replier.
    await s.commenter.call("POST", `${s.fileUrl}/threads/${made.body.id}/comments`, {
      id: clientId(),
      body: "On it.",
    });
    const oliveInbox = (await s.owner.call("GET", "/api/me/inbox")).body.inbox;
    expect(oliveInbox[0]).toMatchObject({
      text: "Cora replied in essay.md: “On it.”",
      link: `/w/${s.ws}/p/${s.project}/f/${s.file.id}?thread=${made.body.id}`,
      read: false,
    });
    const coraInbox = (await s.commenter.call("GET", "/api/me/inbox")).body.inbox;
    expect(coraInbox.some((item: { text: string }) => item.text.includes("replied"))).toBe(false);
    // The author is never notified of their own mention.
    const own = (await s.owner.call("GET", "/api/me/inbox")).body.inbox;
    expect(own.some((item: { text: string }) => item.text.includes("mentioned you"))).toBe(false);
  });

  it("stores a thread sent twice (made offline, resent on reconnect) once", async () => {
    const s = await scene();
    const thread = newThread(s.eddie, "brave", "Once only");
    const first = await s.editor.call("POST", `${s.fileUrl}/threads`, thread);
    const again = await s.editor.call("POST", `${s.fileUrl}/threads`, thread);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reply = { id: clientId(), body: "Reply once" };
    await s.editor.call("POST", `${s.fileUrl}/threads/${first.body.id}/comments`, reply);
    await s.editor.call("POST", `${s.fileUrl}/threads/${first.body.id}/comments`, reply);
    const { threads } = (await s.editor.call("GET", `${s.fileUrl}/threads`)).body;
    expect(threads).toHaveLength(1);
    expect(threads[0].comments).toHaveLength(2);
    // Someone else cannot take a thread's id.
    const stolen = await s.owner.call("POST", `${s.fileUrl}/threads`, thread);
    expect(stolen.status).toBe(409);
  });

  it("refuses every bad comment with a clear message and changes nothing", async () => {
    const s = await scene();
    const good = await s.editor.call("POST", `${s.fileUrl}/threads`, {
      ...newThread(s.eddie, "brave", "Mine"),
    });
    const threadUrl = `${s.fileUrl}/threads/${good.body.id}`;
    const commentUrl = `${threadUrl}/comments/${good.body.comments[0].id}`;
    const before = (await s.owner.call("GET", `${s.fileUrl}/threads`)).body;

    // A range that is no longer in the text.
    const gone = newThread(s.eddie, "world", "Too late");
    s.olive.text.delete(s.olive.text.toString().indexOf("world"), 5);
    await s.eddie.untilText("Hello brave ");
    const refused = {
      goneRange: await s.editor.call("POST", `${s.fileUrl}/threads`, gone),
      byViewer: await s.viewer.call(
        "POST",
        `${s.fileUrl}/threads`,
        newThread(s.eddie, "Hello", "Hi"),
      ),
      tooLong: await s.editor.call(
        "POST",
        `${s.fileUrl}/threads`,
        newThread(s.eddie, "Hello", "x".repeat(MAX_COMMENT_LENGTH + 1)),
      ),
      empty: await s.editor.call("POST", `${s.fileUrl}/threads`, newThread(s.eddie, "Hello", "  ")),
      stranger: await s.editor.call(
        "POST",
        `${s.fileUrl}/threads`,
        newThread(s.eddie, "Hello", "Hey", [(await ApiClient.signIn("Zed")).user.id]),
      ),
      othersEdit: await s.owner.call("PATCH", commentUrl, { body: "Olive's words" }),
      othersDelete: await s.commenter.call("DELETE", commentUrl),
      viewerReply: await s.viewer.call("POST", `${threadUrl}/comments`, {
        id: clientId(),
        body: "x",
      }),
      viewerResolve: await s.viewer.call("PATCH", threadUrl, { resolved: true }),
      unknownThread: await s.editor.call("PATCH", `${s.fileUrl}/threads/${clientId()}`, {
        resolved: true,
      }),
    };
    const statuses = Object.fromEntries(
      Object.entries(refused).map(([name, answer]) => [name, answer.status]),
    );
    expect(statuses).toEqual({
      goneRange: 409,
      byViewer: 403,
      tooLong: 400,
      empty: 400,
      stranger: 400,
      othersEdit: 403,
      othersDelete: 403,
      viewerReply: 403,
      viewerResolve: 403,
      unknownThread: 404,
    });
    expect(refused.goneRange.body.error.message).toBe(
      "The text this comment is on is no longer in the file. Select the text again to comment.",
    );
    expect(refused.byViewer.body.error.message).toBe("Viewers cannot comment on this file.");
    expect(refused.tooLong.body.error.message).toContain("at most 10000 characters");
    expect(refused.empty.body.error.message).toContain("must not be empty");
    expect(refused.stranger.body.error.message).toContain("only mention members");
    expect(refused.othersEdit.body.error.message).toBe("Only its author can edit a comment.");
    expect((await s.owner.call("GET", `${s.fileUrl}/threads`)).body).toEqual(before);

    // A file in the trash takes no comments.
    expect((await s.owner.call("DELETE", s.fileUrl)).status).toBe(204);
    const trashed = await s.editor.call(
      "POST",
      `${s.fileUrl}/threads`,
      newThread(s.eddie, "Hello", "x"),
    );
    expect(trashed.status).toBe(404);
  });

  it("lets an author edit and delete their own comment, and an owner delete anyone's", async () => {
    const s = await scene();
    const made = (
      await s.editor.call("POST", `${s.fileUrl}/threads`, {
        ...newThread(s.eddie, "brave", "Frist"),
      })
    ).body;
    const threadUrl = `${s.fileUrl}/threads/${made.id}`;
    const edited = await s.editor.call("PATCH", `${threadUrl}/comments/${made.comments[0].id}`, {
      body: "First",
    });
    expect(edited.status).toBe(200);
    expect(edited.body.comments[0]).toMatchObject({ body: "First", editedAt: expect.any(Number) });
    const reply = (
      await s.commenter.call("POST", `${threadUrl}/comments`, { id: clientId(), body: "Spam" })
    ).body;
    const spam = reply.comments[1].id;
    expect((await s.owner.call("DELETE", `${threadUrl}/comments/${spam}`)).status).toBe(204);
    expect(
      (await s.editor.call("DELETE", `${threadUrl}/comments/${made.comments[0].id}`)).status,
    ).toBe(204);
    // Its last comment gone, the thread is gone for everyone.
    expect((await s.owner.call("GET", `${s.fileUrl}/threads`)).body.threads).toEqual([]);
    await s.olive.until(
      () => threadEvents(s.olive).some((event) => event.type === "thread-removed"),
      "the removal",
    );
  });

  it("refuses a commenter's write to the tree, like a viewer's", async () => {
    const s = await scene();
    const made = await s.commenter.call("POST", `${s.base}/files`, { path: "mine.md" });
    expect(made.status).toBe(403);
    expect(made.body.error.message).toBe("Viewers and commenters cannot change this workspace.");
  });
});
