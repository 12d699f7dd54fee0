import { expect, test } from "@playwright/test";
import { BASE_URL, newPerson } from "./fixtures.ts";

test("a fresh browser is asked for a name, and lands on its empty workspace list", async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByLabel("What should we call you?")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sign-in.png") });
  await page.getByLabel("What should we call you?").fill("Rosalind");
  await page.getByRole("radio", { name: "Green" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();
  await expect(page.getByText("No workspaces yet")).toBeVisible();
  await page.getByRole("button", { name: "Account: Rosalind" }).click();
  await page.getByRole("menuitem", { name: "Name and colour…" }).click();
  const profile = page.getByRole("dialog", { name: "Your name and colour" });
  await expect(profile.getByRole("textbox", { name: "Your name" })).toHaveValue("Rosalind");
  await expect(profile.getByRole("radio", { name: "Green" })).toBeChecked();
  await context.close();
});

test("a malformed workspace link says so and leads home", async ({ browser }, testInfo) => {
  const page = await newPerson(browser, "Ada");
  await page.goto("/w/not-a-real-id");
  await expect(
    page.getByRole("heading", { name: "This link is not a valid Quire address" }),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("invalid-link.png") });
  await page.getByRole("link", { name: "Go to your workspaces" }).click();
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();
  await page.context().close();
});

test("an unknown path shows a not-found page", async ({ browser }) => {
  const page = await newPerson(browser, "Ada");
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.context().close();
});
