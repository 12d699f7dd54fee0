import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  BASE_URL,
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  openShareDialog,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

/**
 * axe-core on every page people see, in light and dark: no serious or
 * critical violation (WCAG 2.2 A and AA, and axe's best practices). A
 * failure lists each rule with the elements it found.
 */
async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
    }));
  expect(serious, `axe on ${where}`).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test(`axe, ${scheme}: sign-in, home, workspace and trash`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByLabel("What should we call you?")).toBeVisible();
    await expectNoSeriousViolations(page, "the sign-in page");

    await page.getByLabel("What should we call you?").fill("Ada");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();
    await expectNoSeriousViolations(page, "the empty home page");

    const doc = await createDocument(page, "notes.md", { open: false });
    const base = `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}`;
    const gone = await apiCall<{ id: string }>(page, "POST", `${base}/files`, { path: "old.md" });
    await apiCall(page, "DELETE", `${base}/files/${gone.id}`);
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Team" })).toBeVisible();
    await expectNoSeriousViolations(page, "the home page with a workspace");

    await page.goto(`/w/${doc.workspaceId}`);
    await expect(page.getByRole("tree", { name: "Files" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Trash" }).getByText("old.md")).toBeVisible();
    await expectNoSeriousViolations(page, "the workspace, with the trash");

    await page.getByRole("button", { name: "Delete old.md forever" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectNoSeriousViolations(page, "the Delete forever confirmation");
    await context.close();
  });

  test(`axe, ${scheme}: the editor with another person in it, the share dialog and the history panel`, async ({
    browser,
  }) => {
    const owner = await newPerson(browser, "Olive");
    const doc = await createDocument(owner, "plan.md", { open: false });
    const guest = await newPerson(browser, "Grace");
    await shareWith(owner, guest, doc);
    await openDocument(guest, doc);
    await editorOf(guest).click();
    await guest.keyboard.type("Grace was here.");

    const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: scheme });
    await context.addCookies(await owner.context().cookies());
    const page = await context.newPage();
    await page.goto(doc.url);
    await waitUntilReady(page);
    await expect(page.locator(".cm-ySelectionInfo", { hasText: "Grace" })).toBeVisible();
    await expectNoSeriousViolations(page, "the editor");

    await openShareDialog(page);
    await expectNoSeriousViolations(page, "the share dialog");
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "History" }).click();
    const history = page.getByRole("complementary", { name: "Version history" });
    await history.getByRole("textbox", { name: "Version name" }).fill("First");
    await history.getByRole("button", { name: "Save version" }).click();
    await history.getByRole("button", { name: /First/ }).click();
    await expect(history.getByTestId("version-preview")).toBeVisible();
    await expectNoSeriousViolations(page, "the history panel");

    await page.getByRole("button", { name: "Account: Olive" }).click();
    await expectNoSeriousViolations(page, "the account menu");
    await context.close();
    await guest.context().close();
    await owner.context().close();
  });

  test(`axe, ${scheme}: the Markdown preview in Split with the outline, the finders, and Preview at phone width`, async ({
    browser,
  }) => {
    const owner = await newPerson(browser, "Olive");
    const doc = await createDocument(owner, "read.md", { open: false });
    const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: scheme });
    await context.addCookies(await owner.context().cookies());
    const page = await context.newPage();
    await page.goto(doc.url);
    await waitUntilReady(page);
    await editorOf(page).click();
    await page.keyboard.insertText(
      "# Title\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n```js\nconst x = 1;\n```\n\n$a^2$ and [a link](#title).\n",
    );
    await page.getByRole("button", { name: "Split", exact: true }).click();
    await page.getByRole("button", { name: "Outline", exact: true }).click();
    const preview = page.getByTestId("markdown-preview");
    await expect(preview.getByRole("table")).toBeVisible();
    await expectNoSeriousViolations(page, "the preview in Split with the outline");
    for (const [keys, name] of [
      ["Control+K", "Command palette"],
      ["Control+P", "Open a file"],
      ["Control+Shift+F", "Search the workspace"],
    ] as const) {
      await page.keyboard.press(keys);
      await expect(page.getByRole("dialog", { name })).toBeVisible();
      await expectNoSeriousViolations(page, name);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name })).toBeHidden();
    }
    // On a phone, Preview alone (Split stacks the two halves there, and axe does not count
    // the editor's contenteditable as keyboard access to its scroller).
    await page.setViewportSize({ width: 390, height: 800 });
    await page.keyboard.press("Control+Shift+V");
    await expect(editorOf(page)).toBeHidden();
    await expect(preview.getByRole("table")).toBeVisible();
    await expectNoSeriousViolations(page, "the preview at phone width");
    await context.close();
    await owner.context().close();
  });

  test(`axe, ${scheme}: an invitation to a newcomer and a link anyone can open`, async ({
    browser,
  }) => {
    const owner = await newPerson(browser, "Olive");
    const doc = await createDocument(owner, "public.md", { open: false });
    const invites = `/api/workspaces/${doc.workspaceId}/invites`;
    const invite = await apiCall<{ url: string }>(owner, "POST", invites, { role: "editor" });
    const view = await apiCall<{ url: string }>(owner, "POST", invites, {
      role: "viewer",
      anyone: true,
      fileId: doc.fileId,
    });

    // A stranger's browser: no session.
    const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(new URL(invite.url).pathname);
    await expect(page.getByRole("button", { name: "Join Team" })).toBeVisible();
    await expectNoSeriousViolations(page, "an invitation, for someone not signed in");

    await page.goto(new URL(view.url).pathname);
    await expect(page.getByTestId("file-path")).toHaveText("public.md");
    await expect(page.getByText("Read-only")).toBeVisible();
    await expectNoSeriousViolations(page, "a file seen through a link anyone can open");
    await context.close();
    await owner.context().close();
  });
}
