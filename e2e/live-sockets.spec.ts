import { expect, test, type WebSocketRoute } from "@playwright/test";
import { createDocument, newPerson } from "./fixtures.ts";

// The workspace's live tree socket, faked at the close only (as in
// close-codes.spec.ts): the refusals the server sends are hard to cause on
// purpose from a browser, and what is checked is what the person sees.

test("the live tree comes back by itself after a 4429, with what changed meanwhile", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/api\/workspaces\/[^/]+\/live$/, (socket) => {
    const server = socket.connectToServer();
    open.add(socket);
    socket.onClose(() => {
      open.delete(socket);
      void server.close();
    });
  });
  const doc = await createDocument(page, "notes.md", { open: false });
  await page.goto(`/w/${doc.workspaceId}`);
  await expect(page.getByRole("link", { name: "notes.md" })).toBeVisible();
  await expect.poll(() => open.size).toBe(1);
  for (const socket of open) await socket.close({ code: 4429, reason: "too many" });
  // A change while the socket is down reaches the page once it is back. It
  // is sent from the page: Chromium retries a request whose reused idle
  // connection the dev server has just closed (Node's 5 s keep-alive), which
  // Playwright's request context does not (ECONNRESET under load).
  const created = await page.evaluate(
    async (path) =>
      (
        await fetch(path, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ path: "later.md" }),
        })
      ).status,
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files`,
  );
  expect(created).toBe(201);
  await expect(page.getByRole("link", { name: "later.md" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect.poll(() => open.size).toBe(1);
});

test("a refused live tree stops and shows the server's words", async ({ browser }, testInfo) => {
  const page = await newPerson(browser, "Ada");
  let connections = 0;
  await page.routeWebSocket(/\/api\/workspaces\/[^/]+\/live$/, (socket) => {
    connections++;
    socket.connectToServer();
    setTimeout(
      () => void socket.close({ code: 4403, reason: "You were removed from this workspace." }),
      500,
    );
  });
  const doc = await createDocument(page, "notes.md", { open: false });
  await page.goto(`/w/${doc.workspaceId}`);
  await expect(page.getByRole("alert")).toHaveText("You were removed from this workspace.");
  await expect(page.getByRole("link", { name: "Go to your workspaces" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("refused.png") });
  await page.waitForTimeout(1_500);
  expect(connections).toBe(1);
});
