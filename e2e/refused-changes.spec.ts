import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
} from "./fixtures.ts";

/**
 * Issue 15.5, the app's side: Bea types while offline, and meanwhile Ada
 * locks the file (or makes her a viewer). Back online, the server refuses
 * Bea's changes. Bea is told so above the editor, "Copy my text" puts the
 * text she had on the clipboard, and her editor goes back to what everyone
 * sees; the notice stays until she dismisses it.
 */

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, targets: violation.nodes.map((n) => n.target) }));
  expect(serious).toEqual([]);
}

async function beaTypesOffline(bea: Page, words: string) {
  await bea.context().setOffline(true);
  await expect(statusOf(bea)).toHaveText("Offline");
  await editorOf(bea).click();
  await bea.keyboard.press("Control+End");
  await bea.keyboard.type(words);
}

test("changes refused for a lock are announced, can be copied, and the editor ends as everyone's", async ({
  browser,
}, testInfo) => {
  // Two people, offline and back, a reload: past 60 s on a busy shared machine.
  test.slow();
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  await bea.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);
  await editorOf(ada).click();
  await ada.keyboard.type("Shared start.");
  await expect.poll(() => documentTextOf(bea)).toBe("Shared start.");

  await beaTypesOffline(bea, " Bea's draft");
  const base = `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${doc.fileId}`;
  await apiCall(ada, "POST", `${base}/lock`, { leaseSeconds: 300 });
  await bea.context().setOffline(false);

  const banner = bea.getByTestId("refused-banner");
  await expect(banner).toContainText(
    "Your last changes were not accepted: the file is locked by Ada.",
  );
  // Back to the server's state, which is Ada's.
  await expect.poll(() => documentTextOf(bea)).toBe("Shared start.");
  expect(await documentTextOf(ada)).toBe("Shared start.");
  await expect(statusOf(bea)).toHaveText("Connected");
  await bea.screenshot({ path: testInfo.outputPath("refused-light.png") });
  await expectNoSeriousViolations(bea);

  // By keyboard: the copy button, then Dismiss, next in the tab order.
  await banner.getByRole("button", { name: "Copy my text" }).focus();
  await bea.keyboard.press("Enter");
  await expect(bea.getByText("Your text is on the clipboard.")).toBeVisible();
  expect(await bea.evaluate(() => navigator.clipboard.readText())).toBe(
    "Shared start. Bea's draft",
  );
  await bea.keyboard.press("Tab");
  await expect(banner.getByRole("button", { name: "Dismiss" })).toBeFocused();
  await bea.keyboard.press("Enter");
  await expect(banner).toHaveCount(0);

  // A reload does not bring the refused text back from the browser's copy.
  await bea.reload();
  await expect(statusOf(bea)).toHaveText("Connected");
  await expect.poll(() => documentTextOf(bea)).toBe("Shared start.");
  await expect(bea.getByTestId("refused-banner")).toHaveCount(0);
  await ada.context().close();
  await bea.context().close();
});

test("changes refused because the owner made her a viewer say so, at phone width and in dark mode", async ({
  browser,
}, testInfo) => {
  // Two people, offline and back, a reload: past 60 s on a busy shared machine.
  test.slow();
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  await bea.setViewportSize({ width: 390, height: 844 });
  await bea.emulateMedia({ colorScheme: "dark" });
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  const { user } = await apiCall<{ user: { id: string } }>(bea, "GET", "/api/session");
  await openDocument(bea, doc);
  await editorOf(ada).click();
  await ada.keyboard.type("Agreed terms.");
  await expect.poll(() => documentTextOf(bea)).toBe("Agreed terms.");

  await beaTypesOffline(bea, " My objection");
  await apiCall(ada, "PATCH", `/api/workspaces/${doc.workspaceId}/members/${user.id}`, {
    role: "viewer",
  });
  await bea.context().setOffline(false);

  const banner = bea.getByTestId("refused-banner");
  await expect(banner).toContainText(
    "Your last changes were not accepted: you are now a viewer in this workspace.",
  );
  await expect.poll(() => documentTextOf(bea)).toBe("Agreed terms.");
  await expect(banner.getByRole("button", { name: "Copy my text" })).toBeVisible();
  await expect(banner.getByRole("button", { name: "Dismiss" })).toBeVisible();
  // Nothing wider than the phone's screen.
  expect(await bea.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await bea.screenshot({ path: testInfo.outputPath("refused-phone-dark.png") });
  await expectNoSeriousViolations(bea);
  await ada.context().close();
  await bea.context().close();
});
