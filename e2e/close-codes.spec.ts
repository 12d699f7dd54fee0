import { expect, type Page, test, type WebSocketRoute } from "@playwright/test";
import { createDocument, editorOf, newPerson, statusOf } from "./fixtures.ts";

// The Worker only sends these codes for conditions that are hard to cause from
// a browser (access rules, 8 MiB frames), so the socket is faked here: the
// test checks what the person is told, not why the server refused.

test("a socket refused with 4403 explains itself and stops retrying", async ({
  browser,
}, testInfo) => {
  const page = await newPerson(browser, "Ada");
  await page.routeWebSocket(/\/sync\//, (socket) => {
    socket.close({ code: 4403, reason: "forbidden" });
  });
  const doc = await createDocument(page, "notes.md", { open: false });
  await page.goto(doc.url);
  await expect(page.getByRole("alert")).toHaveText("You do not have access to this document.");
  await expect(statusOf(page)).toHaveText("Offline");
  await expect(page.getByText("The file could not be opened.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("forbidden.png") });
});

/**
 * Routes the page's document sockets: to the real server until the test
 * fails the open one with `close(code)`, then one retry that fails slowly
 * (so what the header says meanwhile is up long enough to read), then the
 * real server again. The test, not a timer, decides when the socket fails,
 * so a slow machine cannot make it fail the wrong socket (React's StrictMode
 * opens and at once closes a first socket in dev).
 */
async function failOpenSocketOnDemand(page: Page) {
  let phase: "connected" | "slow" | "normal" = "connected";
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/sync\//, (socket) => {
    if (phase === "connected") {
      const server = socket.connectToServer();
      open.add(socket);
      socket.onClose(() => {
        open.delete(socket);
        void server.close();
      });
    } else if (phase === "slow") {
      phase = "normal";
      setTimeout(() => void socket.close({ code: 1011, reason: "" }), 2_000);
    } else {
      socket.connectToServer();
    }
  });
  return {
    openCount: () => open.size,
    async close(code: number, reason: string) {
      phase = "slow";
      for (const socket of open) await socket.close({ code, reason });
    },
  };
}

test("a server error while editing shows a notice that clears once reconnected", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  const sockets = await failOpenSocketOnDemand(page);
  await createDocument(page);
  await expect(statusOf(page)).toHaveText("Connected");
  expect(sockets.openCount()).toBe(1);
  await sockets.close(4500, "storage unavailable");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The server hit an error (storage unavailable)");
  await expect(statusOf(page)).toHaveText("Reconnecting…");
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(alert).toHaveCount(0);
  await expect(editorOf(page)).toBeVisible();
});

test("a socket closed with 4429 says to slow down, keeps retrying and comes back by itself", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  const sockets = await failOpenSocketOnDemand(page);
  await createDocument(page);
  await expect(statusOf(page)).toHaveText("Connected");
  // Every label the header shows from here on, however briefly.
  await statusOf(page).evaluate((status) => {
    const seen: string[] = [];
    (window as unknown as { seenLabels: string[] }).seenLabels = seen;
    new MutationObserver(() => seen.push(status.textContent ?? "")).observe(status, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await sockets.close(4429, "too many");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Slow down for a moment; Quire reconnects by itself.");
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(alert).toHaveCount(0);
  // 4429 is the one refusal that is retried: never "Offline" on the way.
  const seen = await page.evaluate(
    () => (window as unknown as { seenLabels: string[] }).seenLabels,
  );
  expect(seen).toContain("Reconnecting…");
  expect(seen).not.toContain("Offline");
});
