import { expect, test } from "@playwright/test";
import {
  BASE_URL,
  createDocument,
  editorOf,
  newPerson,
  pressAndHold,
  waitUntilReady,
} from "./fixtures.ts";

test("the inbox opens from its button and closes on Escape and on a click outside, giving focus back", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await ada.goto("/");
  const inboxButton = ada.getByRole("button", { name: "Inbox" });
  const inbox = ada.getByRole("dialog", { name: "Inbox" });

  await inboxButton.click();
  await expect(inbox).toBeVisible();
  await expect(inbox.getByRole("list", { name: "Inbox" })).toContainText("Nothing yet.");
  await ada.keyboard.press("Escape");
  await expect(inbox).toHaveCount(0);
  await expect(inboxButton).toBeFocused();

  await inboxButton.press("Enter");
  await expect(inbox).toBeVisible();
  await ada.getByRole("heading", { name: "Your workspaces" }).click();
  await expect(inbox).toHaveCount(0);
  await ada.context().close();
});

test("the colour picker is one Tab stop, moved with the arrow keys, each colour named in words", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await page.goto("/");
  const name = page.getByLabel("What should we call you?");
  await expect(name).toBeFocused();
  await name.fill("Kit");

  await page.keyboard.press("Tab");
  const red = page.getByRole("radio", { name: "Red" });
  await expect(red).toBeFocused();
  await expect(red).toBeChecked();
  await pressAndHold(page, "ArrowRight");
  await pressAndHold(page, "ArrowRight");
  await expect(page.getByRole("radio", { name: "Amber" })).toBeFocused();
  await expect(page.getByRole("radio", { name: "Amber" })).toBeChecked();
  await pressAndHold(page, "ArrowLeft");
  await expect(page.getByRole("radio", { name: "Orange" })).toBeChecked();
  // One more Tab leaves the group: the next stop is Continue, not the next colour.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  await page.keyboard.press("Enter");

  // Signed in: focus lands on the next thing to do, naming a first workspace.
  await expect(page.getByRole("textbox", { name: "New workspace" })).toBeFocused();
  const session = await (await page.request.get("/api/session")).json();
  expect(session.user).toMatchObject({ name: "Kit", color: "#f76b15" });
  await context.close();
});

test("the skip link is the first Tab stop and puts the caret in the editor", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada);
  await ada.goto(doc.url);
  await waitUntilReady(ada);
  // A fresh load of a file's page starts in its editor; Tab from the top of the page.
  await ada.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ada.keyboard.press("Tab");
  const skip = ada.getByRole("link", { name: "Skip to editor" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await ada.keyboard.press("Enter");
  await expect(editorOf(ada)).toBeFocused();
  await ada.keyboard.type("Straight in.");
  await expect(editorOf(ada)).toContainText("Straight in.");
  await ada.context().close();
});

test("Ctrl+S says the file is saved instead of opening the browser's Save dialog", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada);
  await editorOf(ada).click();
  await ada.keyboard.type("Keep me.");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  // The browser's Save page would be a download; the app answers instead.
  let downloads = 0;
  ada.on("download", () => downloads++);
  await ada.keyboard.press("Control+s");
  await expect(ada.getByText("Every change is stored as you type.")).toBeVisible();
  expect(downloads).toBe(0);
  // The caret stays where it was.
  await expect(editorOf(ada)).toBeFocused();
  await ada.context().close();
});

test("menus and dialogs close on Escape and on a click outside; focus goes back sensibly", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await ada.goto("/");
  const account = ada.getByRole("button", { name: "Account: Ada" });
  await account.click();
  await expect(ada.getByRole("menu", { name: "Account" })).toBeVisible();
  await ada.keyboard.press("Escape");
  await expect(ada.getByRole("menu", { name: "Account" })).toHaveCount(0);
  await expect(account).toBeFocused();
  await account.click();
  await ada.mouse.click(20, 400);
  await expect(ada.getByRole("menu", { name: "Account" })).toHaveCount(0);

  // ? lists the shortcuts; Escape closes the list and focus returns to where it was.
  await ada.getByRole("heading", { name: "Your workspaces" }).focus();
  await ada.keyboard.press("?");
  const shortcuts = ada.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(shortcuts.getByText("Go to the file tree; again, back to the editor")).toBeVisible();
  await ada.keyboard.press("Escape");
  await expect(shortcuts).toHaveCount(0);

  // The name dialog, opened from the account menu, gives focus back to the account button.
  await account.click();
  await ada.getByRole("menuitem", { name: "Name and colour…" }).click();
  const profile = ada.getByRole("dialog", { name: "Your name and colour" });
  await expect(profile.getByRole("textbox", { name: "Your name" })).toBeVisible();
  await ada.mouse.click(5, 5);
  await expect(profile).toHaveCount(0);
  await expect(account).toBeFocused();

  // Creating a workspace lands on its first step: New project.
  await ada.getByRole("textbox", { name: "New workspace" }).fill("Handbook");
  await ada.keyboard.press("Enter");
  await expect(ada.getByRole("button", { name: "New project" })).toBeFocused();
  await ada.context().close();
});
