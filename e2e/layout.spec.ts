import { expect, test, type Page } from "@playwright/test";
import { BASE_URL, createDocument, editorOf, newPerson, waitUntilReady } from "./fixtures.ts";

/** The three widths the app is laid out for; phones and tablets are touch screens. */
const SIZES = [
  { name: "phone", width: 390, height: 844, touch: true },
  { name: "tablet", width: 768, height: 1024, touch: true },
  { name: "desktop", width: 1440, height: 900, touch: false },
] as const;

/** How far the page's content reaches past the window's right edge, in px (0: nothing scrolls sideways). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const size of SIZES) {
  for (const scheme of ["light", "dark"] as const) {
    test(`${size.name} ${size.width}×${size.height}, ${scheme}: the editor's width, nothing sideways, every toolbar action reachable`, async ({
      browser,
    }, testInfo) => {
      const owner = await newPerson(browser, "Olive");
      const context = await browser.newContext({
        baseURL: BASE_URL,
        viewport: { width: size.width, height: size.height },
        hasTouch: size.touch,
        colorScheme: scheme,
      });
      await context.addCookies(await owner.context().cookies());
      const page = await context.newPage();
      const doc = await createDocument(
        owner,
        "docs/a-rather-long-file-name-for-a-small-screen.md",
        {
          open: false,
        },
      );
      await page.goto(doc.url);
      await waitUntilReady(page);
      await editorOf(page).click();
      await page.keyboard.type("A line long enough to wrap at phone width without breaking words.");
      expect(await sidewaysOverflow(page)).toBe(0);

      const editor = await page.locator(".editor").boundingBox();
      const pane = await page.locator(".file-pane").boundingBox();
      if (size.name === "phone") {
        // The whole width: no sidebar beside it.
        expect(editor?.width).toBe(size.width);
      } else {
        // Beside the sidebar, the editor fills the pane (up to its reading width on a wide screen).
        expect(editor?.width).toBeCloseTo(Math.min(pane?.width ?? 0, 832), 0);
        expect(pane?.width).toBeGreaterThan(size.width - 560);
      }
      await page.screenshot({ path: testInfo.outputPath(`${size.name}-${scheme}.png`) });

      // The toolbar's actions: buttons where there is room, the ⋯ menu where there is not.
      const labels = ["Lock for 5 min", "Comments", "History", "Download", "Share"];
      if (size.name === "desktop") {
        for (const label of labels) {
          await expect(
            page
              .getByRole(label === "Download" ? "link" : "button", { name: label, exact: true })
              .last(),
          ).toBeVisible();
        }
      } else {
        await page.getByRole("button", { name: "File actions" }).click();
        const menu = page.getByRole("menu", { name: "File actions" });
        // A Markdown file: the view modes other than the current one (Edit), and the outline.
        await expect(menu.getByRole("menuitem")).toHaveText([
          "Split",
          "Preview",
          "Outline",
          "Lock for 5 min",
          "Comments",
          "History",
          "Download",
          "Share…",
        ]);
        await page.screenshot({ path: testInfo.outputPath(`${size.name}-${scheme}-menu.png`) });
        await menu.getByRole("menuitem", { name: "History" }).click();
        await expect(page.getByRole("complementary", { name: "Version history" })).toBeVisible();
        expect(await sidewaysOverflow(page)).toBe(0);
        await page.getByRole("button", { name: "Close history" }).click();
        // The comments, like the history, cover the text at this width instead of squeezing it.
        await page.getByRole("button", { name: "File actions" }).click();
        await menu.getByRole("menuitem", { name: "Comments" }).click();
        await expect(page.getByRole("complementary", { name: "Comments" })).toBeVisible();
        expect(await sidewaysOverflow(page)).toBe(0);
        await page.screenshot({ path: testInfo.outputPath(`${size.name}-${scheme}-comments.png`) });
        await page.getByRole("button", { name: "Close comments" }).click();
      }
      // Status and people stay in sight at every width.
      await expect(page.getByTestId("save-status")).toBeVisible();
      await expect(page.getByTestId("presence")).toBeVisible();

      if (size.name === "phone") {
        // The sidebar is a drawer from the Files button.
        await expect(page.getByRole("tree", { name: "Files" })).toHaveCount(0);
        await page.getByRole("button", { name: "Files" }).click();
        const drawer = page.getByRole("dialog", { name: "Files" });
        await expect(drawer.getByRole("tree", { name: "Files" })).toBeVisible();
        // At the left edge once it has slid in.
        await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
        expect(await sidewaysOverflow(page)).toBe(0);
        await page.screenshot({ path: testInfo.outputPath(`${size.name}-${scheme}-drawer.png`) });
        await page.keyboard.press("Escape");
        await expect(drawer).toHaveCount(0);
      }

      // Touch targets are at least 44 px on touch screens.
      if (size.touch) {
        const small = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>("button, a[href], [role='radio']"))
            .filter((element) => element.checkVisibility() && !element.closest(".cm-editor"))
            // A tree row is tapped as a whole: its link is not the target, the row is.
            .map((element) => ({
              element,
              box: (element.closest(".tree-row") ?? element).getBoundingClientRect(),
            }))
            .filter(({ box }) => box.width < 44 || box.height < 44)
            .map(({ element }) => element.getAttribute("aria-label") ?? element.textContent),
        );
        expect(small).toEqual([]);
      }
      await context.close();
      await owner.context().close();
    });
  }
}

test("tablet and desktop: the sidebar resizes by dragging or with the arrow keys, collapses, and remembers both", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await ada.setViewportSize({ width: 1440, height: 900 });
  const doc = await createDocument(ada);
  const sidebar = ada.getByRole("complementary", { name: "Workspace" });
  const handle = ada.getByRole("separator", { name: "Resize the sidebar" });
  const start = (await sidebar.boundingBox())?.width ?? 0;
  expect(start).toBe(280);

  const box = await handle.boundingBox();
  if (!box) throw new Error("no resize handle");
  await ada.mouse.move(box.x + box.width / 2, box.y + 100);
  await ada.mouse.down();
  await ada.mouse.move(box.x + 100, box.y + 100, { steps: 5 });
  await ada.mouse.up();
  await expect.poll(async () => (await sidebar.boundingBox())?.width).toBeCloseTo(376, -1);

  await handle.focus();
  await ada.keyboard.press("ArrowLeft");
  await ada.keyboard.press("ArrowLeft");
  const afterKeys = Number(await handle.getAttribute("aria-valuenow"));
  await expect.poll(async () => (await sidebar.boundingBox())?.width).toBe(afterKeys);

  await ada.getByRole("button", { name: "Hide the sidebar" }).click();
  await expect(sidebar).toHaveCount(0);
  // The editor keeps its reading width, centred in the whole window.
  const editor = await ada.locator(".editor").boundingBox();
  expect(editor?.width).toBe(832);
  expect(editor?.x).toBe((1440 - 832) / 2);

  // Reloaded: still collapsed; shown again: the width it had.
  await ada.goto(doc.url);
  await waitUntilReady(ada);
  await expect(sidebar).toHaveCount(0);
  await ada.getByRole("button", { name: "Show the sidebar" }).click();
  await expect.poll(async () => (await sidebar.boundingBox())?.width).toBe(afterKeys);
  await ada.context().close();
});
