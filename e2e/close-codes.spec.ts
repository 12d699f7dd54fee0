import { expect, test, type WebSocketRoute } from "@playwright/test";
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

test("a server error while editing shows a notice that clears once reconnected", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  // In order: the real server until the test fails the open socket with 4500,
  // then a retry that fails slowly (so the notice is up long enough to read),
  // then the real server again. The test, not a timer, decides when the
  // socket fails, so a slow machine cannot make it fail the wrong socket
  // (React's StrictMode opens and at once closes a first socket in dev).
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
  await createDocument(page);
  await expect(statusOf(page)).toHaveText("Connected");
  expect(open.size).toBe(1);
  phase = "slow";
  for (const socket of open) await socket.close({ code: 4500, reason: "storage unavailable" });
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The server hit an error (storage unavailable)");
  await expect(statusOf(page)).toHaveText("Reconnecting…");
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(alert).toHaveCount(0);
  await expect(editorOf(page)).toBeVisible();
});
