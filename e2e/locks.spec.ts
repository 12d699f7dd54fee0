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
