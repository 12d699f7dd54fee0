import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  BASE_URL,
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

/** The computed background colour of an element, as "rgb(r, g, b)". */
function background(locator: Locator): Promise<string> {
  return locator.evaluate((element) => getComputedStyle(element).backgroundColor);
}

/** The editor's surface (CodeMirror's root, which paints the text's background). */
const editorSurface = (page: Page) => page.locator(".cm-editor");

const LIGHT_SURFACE = "rgb(255, 255, 255)";
const DARK_SURFACE = "rgb(27, 30, 34)";

test("a browser that prefers dark gets the dark theme, the editor included; a browser that prefers light, the light one", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada);
  for (const [scheme, surface] of [
    ["dark", DARK_SURFACE],
    ["light", LIGHT_SURFACE],
  ] as const) {
    const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: scheme });
    await context.addCookies(await ada.context().cookies());
    const page = await context.newPage();
    await openDocument(page, doc);
    await expect.poll(() => background(editorSurface(page))).toBe(surface);
    const text = await editorOf(page).evaluate((element) => getComputedStyle(element).color);
    expect(text).toBe(scheme === "dark" ? "rgb(231, 233, 236)" : "rgb(31, 35, 40)");
    await context.close();
  }
  await ada.context().close();
});

test("System / Light / Dark in the account menu overrides the system's choice and is remembered in this browser", async ({
  browser,
}) => {
  const owner = await newPerson(browser, "Ada");
  const doc = await createDocument(owner, "notes.md", { open: false });
  const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: "dark" });
  await context.addCookies(await owner.context().cookies());
  const page = await context.newPage();
  await openDocument(page, doc);
  await expect.poll(() => background(editorSurface(page))).toBe(DARK_SURFACE);

  const choose = async (theme: "System" | "Light" | "Dark") => {
    await page.getByRole("button", { name: "Account: Ada" }).click();
    await page.getByRole("menuitemradio", { name: theme }).click();
  };
  await choose("Light");
  await expect.poll(() => background(editorSurface(page))).toBe(LIGHT_SURFACE);
  await page.reload();
  await waitUntilReady(page);
  await expect.poll(() => background(editorSurface(page))).toBe(LIGHT_SURFACE);
  await page.getByRole("button", { name: "Account: Ada" }).click();
  await expect(page.getByRole("menuitemradio", { name: "Light" })).toBeChecked();
  await page.keyboard.press("Escape");

  await choose("System");
  await expect.poll(() => background(editorSurface(page))).toBe(DARK_SURFACE);
  await choose("Dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => background(editorSurface(page))).toBe(DARK_SURFACE);
  await context.close();
  await owner.context().close();
});

test("in the dark, another person's cursor label and the history preview stay readable", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada);
  const context = await browser.newContext({ baseURL: BASE_URL, colorScheme: "dark" });
  const page = await context.newPage();
  await page.request.post("/api/session", { data: { name: "Grace", color: "#ca8a04" } });
  await shareWith(ada, page, doc);
  await openDocument(page, doc);
  await editorOf(page).click();
  await page.keyboard.type("Grace writes.");

  await openDocument(ada, doc);
  await ada.emulateMedia({ colorScheme: "dark" });
  const label = ada.locator(".cm-ySelectionInfo", { hasText: "Grace" });
  await expect(label).toBeVisible();
  // White text on the person's colour under a 30% shade: at least 4.5:1.
  const ratio = await label.evaluate((element) => {
    const style = getComputedStyle(element);
    const [r, g, b] = (style.backgroundColor.match(/\d+/g) ?? []).map(Number);
    if (!style.backgroundImage.includes("gradient") || r === undefined) return 0;
    const channel = (value: number) => {
      const c = (value * 0.7) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = 0.2126 * channel(r) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
    return style.color === "rgb(255, 255, 255)" ? 1.05 / (luminance + 0.05) : 0;
  });
  expect(ratio).toBeGreaterThanOrEqual(4.5);

  await ada.getByRole("button", { name: "History" }).click();
  const history = ada.getByRole("complementary", { name: "Version history" });
  await history.getByRole("textbox", { name: "Version name" }).fill("Draft");
  await history.getByRole("button", { name: "Save version" }).click();
  await history.getByRole("button", { name: /Draft/ }).click();
  const preview = history.getByTestId("version-preview");
  await expect(preview).toHaveText("Grace writes.");
  expect(await background(preview)).toBe("rgb(18, 20, 23)");
  expect(await preview.evaluate((element) => getComputedStyle(element).color)).toBe(
    "rgb(231, 233, 236)",
  );
  await context.close();
  await ada.context().close();
});
