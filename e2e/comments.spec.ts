import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

/** Selects `length` characters from `offset` in the editor, with the keyboard alone. */
async function selectWithKeys(page: Page, offset: number, length: number) {
  await editorOf(page).focus();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 0; i < offset; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < length; i++) await page.keyboard.press("Shift+ArrowRight");
}

function panelOf(page: Page) {
  return page.getByRole("complementary", { name: "Comments" });
}

test("three people: a comment on a word, a reply that mentions the commenter, her inbox opens the thread, and resolve hides it for everyone", async ({
  browser,
}) => {
  test.slow();
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "notes.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("The quick brown fox jumps.");
  const eddie = await newPerson(browser, "Eddie");
  const cora = await newPerson(browser, "Cora");
  await shareWith(olive, eddie, doc, "editor");
  await shareWith(olive, cora, doc, "commenter");
  await openDocument(eddie, doc);
  await expect.poll(() => documentTextOf(eddie)).toBe("The quick brown fox jumps.");

  // The editor selects "brown" and comments with Ctrl+Alt+M, keyboard only.
  await selectWithKeys(eddie, 10, 5);
  await eddie.keyboard.press("ControlOrMeta+Alt+M");
  const eddiePanel = panelOf(eddie);
  await expect(eddiePanel.getByRole("region", { name: "New comment" })).toContainText("brown");
  await eddie.keyboard.insertText("Is brown the right colour?");
  await eddie.keyboard.press("ControlOrMeta+Enter");
  const eddieThread = eddiePanel.getByRole("listitem", { name: "Thread on “brown”" });
  await expect(eddieThread.getByTestId("comment")).toContainText("Is brown the right colour?");
  await expect(eddie.locator(".cm-comment")).toHaveText("brown");

  // The owner sees it live, and replies mentioning the commenter.
  await olive.locator(".file-toolbar").getByRole("button", { name: "Comments (1)" }).click();
  const oliveThread = panelOf(olive).getByRole("listitem", { name: "Thread on “brown”" });
  await expect(oliveThread).toContainText("Is brown the right colour?");
  const reply = oliveThread.getByRole("combobox", { name: "Reply to the thread on “brown”" });
  await reply.click();
  await olive.keyboard.insertText("Fine by me. @Co");
  await expect(olive.getByRole("option", { name: "Cora" })).toBeVisible();
  await olive.keyboard.press("Enter");
  await olive.keyboard.insertText("what do you think?");
  await expect(reply).toHaveValue("Fine by me. @Cora what do you think?");
  await oliveThread.getByRole("button", { name: "Reply" }).click();
  await expect(eddieThread.getByTestId("comment")).toHaveCount(2);

  // The commenter's inbox has the mention; it opens the file at the thread.
  await cora.goto("/");
  // Her inbox also has the news of the share: opening the inbox reads that;
  // the mention stays unread until it is opened.
  const inboxButton = cora.getByRole("button", { name: "Inbox (2 new)" });
  await expect(inboxButton).toBeVisible();
  await inboxButton.click();
  await expect(cora.getByRole("button", { name: "Inbox (1 new)" })).toBeVisible();
  await cora.getByRole("link", { name: /Olive mentioned you in notes.md/ }).click();
  await waitUntilReady(cora);
  const coraThread = panelOf(cora).getByRole("listitem", { name: "Thread on “brown”" });
  await expect(coraThread).toHaveAttribute("data-active", "true");
  await expect(cora.getByRole("button", { name: "Inbox", exact: true })).toBeVisible();

  // She may comment but not type in the text.
  await expect(cora.locator(".file-toolbar .role-tag")).toHaveText("Read-only");
  await editorOf(cora).click();
  await cora.keyboard.insertText("Cora was here ");
  await coraThread.getByRole("combobox", { name: /Reply/ }).fill("Brown is right.");
  await coraThread.getByRole("button", { name: "Reply" }).click();
  await expect(oliveThread.getByTestId("comment")).toHaveCount(3);
  expect(await documentTextOf(olive)).toBe("The quick brown fox jumps.");

  // Text typed before the word keeps the thread on it, for everyone.
  await editorOf(olive).focus();
  await olive.keyboard.press("ControlOrMeta+Home");
  await olive.keyboard.insertText("Very ");
  await expect.poll(() => documentTextOf(eddie)).toBe("Very The quick brown fox jumps.");
  await expect(eddie.locator(".cm-comment")).toHaveText("brown");
  await expect(cora.locator(".cm-comment")).toHaveText("brown");

  // Resolving hides it from the open list for everyone.
  await eddieThread.getByRole("button", { name: "Resolve" }).click();
  for (const page of [olive, eddie, cora]) {
    await expect(panelOf(page).getByRole("button", { name: "Open (0)" })).toBeVisible();
    await expect(panelOf(page).getByTestId("thread")).toHaveCount(0);
    await expect(page.locator(".cm-comment")).toHaveCount(0);
  }
  await panelOf(olive).getByRole("button", { name: "Resolved (1)" }).click();
  await expect(panelOf(olive).getByTestId("thread")).toContainText("Resolved by Eddie");

  // axe on the panel, light and dark.
  for (const scheme of ["light", "dark"] as const) {
    await olive.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page: olive }).include(".comments").analyze();
    const serious = results.violations.filter((v) =>
      ["serious", "critical"].includes(v.impact ?? ""),
    );
    expect(serious, `axe on the comments panel (${scheme})`).toEqual([]);
  }
});

test("a comment made offline is shown as waiting and posted on reconnect, once", async ({
  browser,
}) => {
  const olive = await newPerson(browser, "Olive");
  await createDocument(olive, "notes.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("Offline words here.");
  await expect(olive.getByTestId("save-status")).toHaveText("Saved");

  await olive.context().setOffline(true);
  await selectWithKeys(olive, 8, 5);
  await olive.keyboard.press("ControlOrMeta+Alt+M");
  await olive.keyboard.insertText("Written on a train.");
  await olive.keyboard.press("ControlOrMeta+Enter");
  const panel = panelOf(olive);
  await expect(panel).toContainText("Waiting to be sent…");

  await olive.context().setOffline(false);
  await expect(panel.getByRole("listitem", { name: "Thread on “words”" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(panel).not.toContainText("Waiting to be sent…");
  await olive.reload();
  await waitUntilReady(olive);
  await olive.locator(".file-toolbar").getByRole("button", { name: "Comments (1)" }).click();
  await expect(panelOf(olive).getByTestId("thread")).toHaveCount(1);
});
