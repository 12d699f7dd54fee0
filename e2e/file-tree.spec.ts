import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  editorOf,
  newPerson,
  pressAndHold,
  statusOf,
  waitUntilReady,
} from "./fixtures.ts";

/** A workspace with project Site (docs/intro.md, docs/guides/, readme.md) and project Blog. */
async function setUp(page: Page) {
  const ws = await apiCall<{ id: string }>(page, "POST", "/api/workspaces", { name: "Team" });
  const site = await apiCall<{ id: string }>(page, "POST", `/api/workspaces/${ws.id}/projects`, {
    name: "Site",
  });
  await apiCall(page, "POST", `/api/workspaces/${ws.id}/projects`, { name: "Blog" });
  const files = `/api/workspaces/${ws.id}/projects/${site.id}/files`;
  const intro = await apiCall<{ id: string }>(page, "POST", files, { path: "docs/intro.md" });
  await apiCall(page, "POST", files, { path: "readme.md" });
  await apiCall(page, "POST", `/api/workspaces/${ws.id}/projects/${site.id}/folders`, {
    path: "docs/guides",
  });
  await page.goto(`/w/${ws.id}`);
  return { ws: ws.id, site: site.id, intro: intro.id };
}

const row = (page: Page, name: string) => page.getByRole("treeitem", { name, exact: true });

test("the tree is one Tab stop driven by the arrow keys; Enter opens a file with the caret in it", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await setUp(ada);
  const tree = ada.getByRole("tree", { name: "Files" });
  await expect(tree).toBeVisible();

  // Arriving in a workspace with no file open, focus is on the tree's first row.
  await expect(row(ada, "Blog")).toBeFocused();
  await ada.keyboard.press("ArrowDown");
  await expect(row(ada, "Site")).toBeFocused();
  await ada.keyboard.press("ArrowDown");
  await expect(row(ada, "docs")).toBeFocused();
  await expect(row(ada, "docs")).toHaveAttribute("aria-expanded", "true");

  // Left closes a folder, right opens it again and then steps into it.
  await ada.keyboard.press("ArrowLeft");
  await expect(row(ada, "docs")).toHaveAttribute("aria-expanded", "false");
  await expect(row(ada, "intro.md")).toHaveCount(0);
  await ada.keyboard.press("ArrowRight");
  await expect(row(ada, "intro.md")).toBeVisible();
  await ada.keyboard.press("ArrowRight");
  await expect(row(ada, "guides")).toBeFocused();
  await ada.keyboard.press("ArrowDown");
  await expect(row(ada, "intro.md")).toBeFocused();
  // Only the focused row is in the Tab order.
  expect(await tree.locator('[role="treeitem"][tabindex="0"]').count()).toBe(1);

  await ada.keyboard.press("Enter");
  await expect(statusOf(ada)).toHaveText("Connected");
  await expect(ada.getByTestId("file-path")).toHaveText("docs/intro.md");
  await expect(editorOf(ada)).toBeFocused();
  await ada.keyboard.type("Typed without touching the mouse.");
  await expect(editorOf(ada)).toContainText("Typed without touching the mouse.");

  // Ctrl+Shift+E from the editor: back to the tree, on the open file; again: back to the editor.
  await ada.keyboard.press("Control+Shift+E");
  await expect(row(ada, "intro.md")).toBeFocused();
  await expect(row(ada, "intro.md")).toHaveAttribute("aria-selected", "true");
  await ada.keyboard.press("Control+Shift+E");
  await expect(editorOf(ada)).toBeFocused();
  // Escape in the tree also returns to the editor.
  await ada.keyboard.press("Control+Shift+E");
  await expect(row(ada, "intro.md")).toBeFocused();
  await ada.keyboard.press("Escape");
  await expect(editorOf(ada)).toBeFocused();
  await ada.context().close();
});

test("F2 renames in place; a refused name stays in the field with the reason beside it", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await setUp(ada);
  await row(ada, "readme.md").click();
  await ada.keyboard.press("F2");
  const field = ada.getByRole("textbox", { name: "Rename readme.md" });
  await expect(field).toBeFocused();
  // The name without its extension is selected, ready to type over.
  await ada.keyboard.type("notes/");
  await ada.keyboard.press("Enter");
  await expect(field).toHaveValue("notes/.md");
  await expect(ada.getByRole("alert")).toHaveText("The name must not contain '/'.");
  await expect(field).toHaveAttribute("aria-invalid", "true");

  // The server's refusal (the name of the folder beside it) shows the same way and keeps the text too.
  await field.fill("docs");
  await field.press("Enter");
  await expect(ada.getByRole("alert")).toContainText(/docs/);
  await expect(field).toHaveValue("docs");

  await field.fill("README.md");
  await field.press("Enter");
  await expect(row(ada, "README.md")).toBeFocused();
  await expect(row(ada, "readme.md")).toHaveCount(0);
  await ada.context().close();
});

test("Move to… is the keyboard's way to move: Shift+F10 opens the row's menu", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await setUp(ada);
  await row(ada, "readme.md").click();
  await ada.keyboard.press("Shift+F10");
  const menu = ada.getByRole("menu", { name: "Actions for readme.md" });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem")).toHaveText([
    "RenameF2",
    "Move to…",
    "Copy link",
    "Download",
    "DeleteDel",
  ]);
  await ada.keyboard.press("ArrowDown");
  await ada.keyboard.press("Enter");

  const dialog = ada.getByRole("dialog", { name: "Move readme.md to…" });
  await expect(dialog).toBeVisible();
  // Where it is now is listed but cannot be picked, with the reason; the other project can.
  await expect(dialog.getByRole("radio", { name: "Site", exact: true })).toBeDisabled();
  await expect(dialog.getByText("readme.md is already in Site.")).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "Blog" })).toBeEnabled();
  // One Tab stop on the first place it can go, moved with the arrows (past the one it cannot).
  await expect(dialog.getByRole("radio", { name: "Blog" })).toBeFocused();
  await pressAndHold(ada, "ArrowDown");
  await expect(dialog.getByRole("radio", { name: "Site / docs", exact: true })).toBeChecked();
  await pressAndHold(ada, "ArrowDown");
  await expect(dialog.getByRole("radio", { name: "Site / docs / guides" })).toBeChecked();
  await dialog.getByRole("button", { name: "Move here" }).click();

  await expect(dialog).toHaveCount(0);
  await expect(ada.getByText("Moved readme.md to Site / docs / guides.")).toBeVisible();
  const moved = ada.getByRole("treeitem", { name: "guides" }).getByRole("treeitem", {
    name: "readme.md",
  });
  await expect(moved).toBeFocused();
  await ada.context().close();
});

test("drag a file onto a folder, and a folder onto its project, to move them", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const { ws, site } = await setUp(ada);
  await row(ada, "readme.md").dragTo(row(ada, "guides").locator(".tree-row").first());
  const guides = row(ada, "guides");
  await expect(guides.getByRole("treeitem", { name: "readme.md" })).toBeVisible();

  await guides.locator(".tree-row").first().dragTo(row(ada, "Site").locator(".tree-row").first());
  await expect(ada.getByText("Moved guides to Site.")).toBeVisible();
  const tree = await apiCall<{ files: { path: string }[] }>(
    ada,
    "GET",
    `/api/workspaces/${ws}/projects/${site}`,
  );
  expect(tree.files.map((file) => file.path).sort()).toEqual(["docs/intro.md", "guides/readme.md"]);

  // A drop where the item cannot go (into itself) does nothing.
  await row(ada, "docs").locator(".tree-row").first().dragTo(row(ada, "intro.md"));
  await expect(row(ada, "docs")).toBeVisible();
  await ada.context().close();
});

test("every row has a ⋯ menu and a context menu; long names end in an ellipsis and show in full on hover", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const { ws, site } = await setUp(ada);
  const long = "a-file-name-that-is-much-too-long-for-any-sidebar-to-show-whole.md";
  await apiCall(ada, "POST", `/api/workspaces/${ws}/projects/${site}/files`, { path: long });
  const name = row(ada, long).locator(".tree-row__name");
  await expect(name).toHaveAttribute("title", long);
  const cut = await name.evaluate((element) => element.scrollWidth > element.clientWidth);
  expect(cut).toBe(true);
  await expect(name).toHaveCSS("text-overflow", "ellipsis");

  await row(ada, "docs").locator(".tree-row").first().click({ button: "right" });
  const context = ada.getByRole("menu", { name: "Actions for docs" });
  await expect(context.getByRole("menuitem")).toHaveText([
    "New file",
    "New folder",
    "RenameF2",
    "Move to…",
    "DeleteDel",
  ]);
  await ada.keyboard.press("Escape");
  await expect(context).toHaveCount(0);

  // New folder from a folder's menu makes it there.
  await row(ada, "docs").getByRole("button", { name: "Actions for docs", exact: true }).click();
  await ada.getByRole("menuitem", { name: "New folder" }).click();
  const field = ada.getByRole("textbox", { name: "New folder in Site / docs" });
  await expect(field).toBeFocused();
  await field.fill("drafts");
  await field.press("Enter");
  await expect(row(ada, "docs").getByRole("treeitem", { name: "drafts" })).toBeFocused();
  await ada.context().close();
});

test("a file moved to another project keeps its text and address; a page that has it open follows it", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const { ws, site, intro } = await setUp(ada);
  await ada.goto(`/w/${ws}/p/${site}/f/${intro}`);
  await waitUntilReady(ada);
  await editorOf(ada).click();
  await ada.keyboard.type("Written in Site.");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");

  await row(ada, "intro.md")
    .locator(".tree-row")
    .first()
    .dragTo(row(ada, "Blog").locator(".tree-row").first());
  await expect(ada.getByText("Moved intro.md to Blog.")).toBeVisible();
  await expect(row(ada, "Blog").getByRole("treeitem", { name: "intro.md" })).toBeVisible();
  // The page follows the file to its address in Blog, with the same text.
  await expect(ada).toHaveURL(new RegExp(`/w/${ws}/p/(?!${site})[^/]+/f/${intro}$`));
  await waitUntilReady(ada);
  await expect(editorOf(ada)).toContainText("Written in Site.");

  // And back, with Move to…, into a folder of Site.
  await row(ada, "intro.md").click();
  await ada.keyboard.press("Shift+F10");
  await ada.getByRole("menuitem", { name: "Move to…" }).click();
  const dialog = ada.getByRole("dialog", { name: "Move intro.md to…" });
  await dialog.getByRole("radio", { name: "Site / docs / guides" }).click();
  await dialog.getByRole("button", { name: "Move here" }).click();
  await expect(row(ada, "guides").getByRole("treeitem", { name: "intro.md" })).toBeFocused();
  await expect(ada).toHaveURL(new RegExp(`/w/${ws}/p/${site}/f/${intro}$`));
  await expect(editorOf(ada)).toContainText("Written in Site.");
  await ada.context().close();
});
