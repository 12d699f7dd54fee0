import { expect, test } from "@playwright/test";
import { BASE_URL, newPerson } from "./fixtures.ts";

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
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Amber" })).toBeFocused();
  await expect(page.getByRole("radio", { name: "Amber" })).toBeChecked();
  await page.keyboard.press("ArrowLeft");
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
