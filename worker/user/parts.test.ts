import { describe, expect, it } from "vitest";
import { Inbox, INBOX_SIZE } from "./inbox.ts";
import { OpenDocuments } from "./open-documents.ts";
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
