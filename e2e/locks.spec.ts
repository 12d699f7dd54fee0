import { expect, test } from "@playwright/test";
import {
  apiCall,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
} from "./fixtures.ts";

test("a lock makes the file read-only for everyone else, with a banner, until it is released", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada, "contract.md");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  await ada.getByRole("button", { name: "Lock for 5 min" }).click();
  await expect(bea.getByTestId("lock-banner")).toContainText("Locked by Ada until");
  await expect(bea.getByText("Read-only")).toBeVisible();
  await bea.screenshot({ path: testInfo.outputPath("locked.png") });

  // Bea's keys do nothing; Ada, who holds the lock, still writes.
  await editorOf(bea).click();
  await bea.keyboard.type("sneaky");
  await editorOf(ada).click();
  await ada.keyboard.type("Terms.");
  await expect.poll(() => documentTextOf(bea)).toBe("Terms.");
  expect(await documentTextOf(ada)).toBe("Terms.");

  await ada.getByRole("button", { name: "Release lock" }).click();
  await expect(bea.getByTestId("lock-banner")).toHaveCount(0);
  await editorOf(bea).click();
  await bea.keyboard.press("Control+End");
  await bea.keyboard.type(" Agreed.");
  await expect.poll(() => documentTextOf(ada)).toBe("Terms. Agreed.");
  await ada.context().close();
  await bea.context().close();
});

test("when the lease runs out the banner goes and everyone can type again", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada, "draft.md");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  // A short lease through the API (the button takes 5 minutes); the
  // document's alarm ends it, with nobody releasing it.
  const base = `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${doc.fileId}`;
  await apiCall(ada, "POST", `${base}/lock`, { leaseSeconds: 3 });
  await expect(bea.getByTestId("lock-banner")).toContainText("Locked by Ada until");
  await expect(bea.getByText("Read-only")).toBeVisible();

  await expect(bea.getByTestId("lock-banner")).toHaveCount(0, { timeout: 15_000 });
  await editorOf(bea).click();
  await bea.keyboard.type("After the lease.");
  await expect.poll(() => documentTextOf(ada)).toBe("After the lease.");
  await ada.context().close();
  await bea.context().close();
});

test("the holder sees their own lock, the tree marks the file for everyone, and an owner breaks it from the banner", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada, "contract.md");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  await bea.getByRole("button", { name: "Lock for 5 min" }).click();
  // The holder is told the lock is theirs (and keeps typing); the others read.
  await expect(bea.getByTestId("lock-banner")).toContainText("Locked by you until");
  await expect(bea.getByText("Read-only")).toHaveCount(0);
  await expect(
    bea.getByTestId("lock-banner").getByRole("button", { name: "Release lock" }),
  ).toBeVisible();
  await expect(ada.getByTestId("lock-banner")).toContainText("Locked by Bea until");
  await expect(ada.getByText("Read-only")).toBeVisible();

  // The tree marks the file, for the owner and for the holder.
  for (const page of [ada, bea]) {
    const row = page.getByRole("treeitem", { name: "contract.md" });
    await expect(row.getByTestId("tree-lock")).toBeVisible();
    await expect(row).toHaveAccessibleDescription(/^Locked by Bea until /);
  }
  await bea.screenshot({ path: testInfo.outputPath("locked-by-you.png") });
  await ada.screenshot({ path: testInfo.outputPath("owner-break-lock.png") });

  // Ada owns the workspace: Break lock is in the banner, and frees the file for everyone.
  await ada.getByTestId("lock-banner").getByRole("button", { name: "Break lock" }).click();
  await expect(ada.getByTestId("lock-banner")).toHaveCount(0);
  await expect(bea.getByTestId("lock-banner")).toHaveCount(0);
  for (const page of [ada, bea]) {
    const row = page.getByRole("treeitem", { name: "contract.md" });
    await expect(row.getByTestId("tree-lock")).toHaveCount(0);
  }
  await editorOf(ada).click();
  await ada.keyboard.type("Owner's turn.");
  await expect.poll(() => documentTextOf(bea)).toBe("Owner's turn.");
  await ada.context().close();
  await bea.context().close();
});

test("a lock ends a minute after its holder closed the file, without anyone breaking it", async ({
  browser,
}) => {
  // The document waits a real minute (HOLDER_AWAY_MS) before it drops the lock.
  test.setTimeout(150_000);
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada, "draft.md");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  // Bea locks for an hour, then her laptop closes.
  const base = `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${doc.fileId}`;
  await apiCall(bea, "POST", `${base}/lock`, { leaseSeconds: 3600 });
  await expect(ada.getByTestId("lock-banner")).toContainText("Locked by Bea until");
  await bea.context().close();
  const closedAt = Date.now();

  await expect(ada.getByTestId("lock-banner")).toHaveCount(0, { timeout: 100_000 });
  expect(Date.now() - closedAt).toBeGreaterThan(55_000);
  const row = ada.getByRole("treeitem", { name: "draft.md" });
  await expect(row.getByTestId("tree-lock")).toHaveCount(0);
  await editorOf(ada).click();
  await ada.keyboard.type("Back to work.");
  await expect.poll(() => documentTextOf(ada)).toBe("Back to work.");
  await ada.context().close();
});
