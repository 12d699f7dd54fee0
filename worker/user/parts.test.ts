import { describe, expect, it } from "vitest";
import { Inbox, INBOX_SIZE } from "./inbox.ts";
import { OpenDocuments } from "./open-documents.ts";
import { OpenSockets } from "./open-sockets.ts";
import { Tabs } from "./tabs.ts";
import { withUserState } from "./test-storage.ts";

describe("Tabs", () => {
  it("is online while a tab is visible, away while all are hidden, offline without tabs", async () => {
    const answers = await withUserState((state) => {
      const tabs = new Tabs(state);
      const statuses = [tabs.status()];
      tabs.accept("session-a");
      tabs.accept("session-b");
      const [first, second] = state.getWebSockets();
      statuses.push(tabs.status());
      tabs.setVisible(first!, false);
      statuses.push(tabs.status());
      tabs.setVisible(second!, false);
      statuses.push(tabs.status());
      return statuses;
    });
    expect(answers).toEqual(["offline", "online", "online", "away"]);
  });

  it("closes a tab whose attachment it cannot read (an older deploy's), so it reconnects", async () => {
    const answers = await withUserState(async (state) => {
      const tabs = new Tabs(state);
      const client = tabs.accept("session-a").webSocket!;
      client.accept();
      const closed = new Promise<{ code: number }>((resolve) =>
        client.addEventListener("close", (event) => resolve({ code: event.code })),
      );
      const [socket] = state.getWebSockets();
      // What the first version wrote: no version, and so not this version's shape.
      socket!.serializeAttachment({ sessionHash: "session-a", visible: true });
      return { status: tabs.status(), close: await closed };
    });
    expect(answers).toEqual({ status: "offline", close: { code: 1012 } });
  });

  it("closes only the tabs of the session that signed out, with 4401", async () => {
    const answers = await withUserState(async (state) => {
      const tabs = new Tabs(state);
      const closes: string[] = [];
      for (const session of ["out", "stays"]) {
        const client = tabs.accept(session).webSocket!;
        client.accept();
        client.addEventListener("close", (event) => closes.push(`${session}:${event.code}`));
      }
      tabs.closeSession("out");
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { closes, status: tabs.status() };
    });
    expect(answers).toEqual({ closes: ["out:4401"], status: "online" });
  });
});

describe("Inbox", () => {
  it("keeps the newest notifications, newest first", async () => {
    const answers = await withUserState((state) => {
      const inbox = new Inbox(state.storage);
      for (let i = 0; i < INBOX_SIZE + 5; i++) inbox.add({ text: `n${i}`, workspaceId: "w" });
      return inbox.list().map((item) => item.text);
    });
    expect(answers).toHaveLength(INBOX_SIZE);
    expect(answers[0]).toBe(`n${INBOX_SIZE + 4}`);
    expect(answers.at(-1)).toBe("n5");
  });
});

describe("OpenDocuments", () => {
  it("counts each session's sockets per file, and forgets a session at once", async () => {
    const answers = await withUserState((state) => {
      const open = new OpenDocuments(state.storage);
      const report = (sessionHash: string, fileId: string) => ({
        sessionHash,
        workspaceId: "w",
        fileId,
      });
      open.opened(report("a", "f1"));
      open.opened(report("a", "f1"));
      open.opened(report("b", "f2"));
      open.closed(report("a", "f1"));
      const afterOneClose = open.files().map((file) => file.fileId);
      open.forgetSession("a");
      return { afterOneClose, afterSignOut: open.files().map((file) => file.fileId) };
    });
    expect(answers).toEqual({ afterOneClose: ["f1", "f2"], afterSignOut: ["f2"] });
  });
});

describe("OpenSockets", () => {
  it("past the cap gives up the oldest by when it was accepted, counts a repeated report once, and frees closed slots", async () => {
    const answers = await withUserState((state) => {
      const open = new OpenSockets(state.storage, 3);
      const report = (socketId: string, openedAt: number, sessionHash = "a") => ({
        sessionHash,
        workspaceId: "w",
        fileId: `file-of-${socketId}`,
        socketId,
        openedAt,
      });
      const underCap = [
        open.opened(report("s2", 200)),
        // Reported after s2 but accepted before it (documents report in any order).
        open.opened(report("s1", 100)),
        open.opened(report("s3", 300, "b")),
        open.opened(report("s3", 300, "b")),
      ];
      const overCap = [open.opened(report("s4", 400)), open.overCap()];
      open.closed(report("s2", 200));
      const afterClose = open.opened(report("s5", 500));
      open.forgetSession("b");
      // A socket from before socket ids is not counted.
      const legacy = open.opened({ sessionHash: "a", workspaceId: "w", fileId: "f" });
      return { underCap, overCap, afterClose, legacy, count: open.count() };
    });
    expect(answers).toEqual({
      underCap: [false, false, false, false],
      overCap: [true, [{ socketId: "s1", fileId: "file-of-s1" }]],
      afterClose: false,
      legacy: false,
      count: 2,
    });
  });

  it("forgets the sockets a document no longer has, but not one reported after the census", async () => {
    const left = await withUserState((state) => {
      const open = new OpenSockets(state.storage, 2);
      const report = (socketId: string, fileId: string) => ({
        sessionHash: "a",
        workspaceId: "w",
        fileId,
        socketId,
        openedAt: 1,
      });
      open.opened(report("gone", "f"));
      open.opened(report("live", "f"));
      const { mark, files } = open.census();
      open.opened(report("newer", "f"));
      open.forgetAllBut("f", mark, ["live"]);
      return { asked: [...files], left: open.census().files.get("f") };
    });
    expect(left).toEqual({ asked: [["f", ["gone", "live"]]], left: ["live", "newer"] });
  });
});
