import { expect, test } from "@playwright/test";
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
  // In order: a socket that works and then fails with 4500, a retry that
  // fails slowly (so the notice is up long enough to read), then the real server.
  let phase: "fail" | "slow" | "normal" = "fail";
  await page.routeWebSocket(/\/sync\//, (socket) => {
    if (phase === "fail") {
      const server = socket.connectToServer();
      // React's StrictMode opens and at once closes a first socket in dev; only
      // a socket still open after a while counts as "the" connection.
      let closedByPage = false;
      socket.onClose(() => {
        closedByPage = true;
        void server.close();
      });
      setTimeout(() => {
        if (closedByPage || phase !== "fail") return;
        phase = "slow";
        void socket.close({ code: 4500, reason: "storage unavailable" });
        void server.close();
      }, 1_500);
    } else if (phase === "slow") {
      phase = "normal";
      setTimeout(() => void socket.close({ code: 1011, reason: "" }), 2_000);
    } else {
      socket.connectToServer();
    }
  });
  await createDocument(page);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The server hit an error (storage unavailable)");
  await expect(statusOf(page)).toHaveText("Reconnecting…");
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(alert).toHaveCount(0);
  await expect(editorOf(page)).toBeVisible();
});
