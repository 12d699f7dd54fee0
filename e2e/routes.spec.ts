import { expect, test } from "@playwright/test";

test("the home page's New document button opens an empty, connected document", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New document" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(page.getByRole("textbox", { name: "Document text" })).toBeVisible();
});

test("a malformed document link says so and leads home", async ({ page }, testInfo) => {
  await page.goto("/d/not-a-real-id");
  await expect(
    page.getByRole("heading", { name: "This link is not a valid document address" }),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("invalid-link.png") });
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: "New document" })).toBeVisible();
});

test("an unknown path shows a not-found page", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a shared link pasted on the home page opens that document", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New document" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  const link = page.url();
  await page.goto("/");
  await page.getByLabel("Or open a shared link").fill(link);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(link);
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
});
