import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  type DocRef,
} from "./fixtures.ts";

/** Makes another file in the document's project and returns its page's address. */
async function addFile(page: Page, doc: DocRef, path: string): Promise<DocRef> {
  const file = await apiCall<{ id: string; syncUrl: string }>(
    page,
    "POST",
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files`,
    { path },
  );
  return { ...doc, fileId: file.id, url: `/w/${doc.workspaceId}/p/${doc.projectId}/f/${file.id}` };
}

function searchBox(page: Page) {
  return page.getByRole("dialog", { name: "Search the workspace" }).getByRole("combobox");
}

test.slow();

test("Ctrl+Shift+F finds a word a second person typed a moment earlier in another file, opens it at the line with the word selected, and never finds a trashed file", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const grace = await newPerson(browser, "Grace");
  const doc = await createDocument(ada, "a.md");
  const other = await addFile(ada, doc, "notes/b.md");
  await shareWith(ada, grace, doc);
  await openDocument(grace, other);
  await editorOf(grace).click();
  await grace.keyboard.insertText("First line\nSecond line\nThe wombat plan starts here.\n");
  const typedAt = Date.now();

  await editorOf(ada).click();
  await ada.keyboard.press("Control+Shift+F");
  await searchBox(ada).fill("wombat");
  const result = ada.getByRole("option", { name: /The wombat plan/ });
  await expect(result).toBeVisible();
  console.log(`search: a word typed by another person was found after ${Date.now() - typedAt} ms`);
  await expect(ada.getByRole("group", { name: "notes/b.md" })).toBeVisible();
  await expect(result).toContainText("3");
  await expect(result.locator("mark")).toHaveText("wombat");
  await ada.keyboard.press("Enter");

  await expect(ada.getByTestId("file-path")).toHaveText("notes/b.md");
  await expect(ada.getByTestId("file-status")).toContainText("Line 3");
  await expect.poll(() => ada.evaluate(() => document.getSelection()?.toString())).toBe("wombat");

  // In the trash: no longer found.
  await apiCall(
    ada,
    "DELETE",
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${other.fileId}`,
  );
  await ada.goto(doc.url);
  await expect(editorOf(ada)).toBeVisible();
  await ada.keyboard.press("Control+Shift+F");
  await searchBox(ada).fill("wombat");
  await expect(ada.getByText("Nothing found.")).toBeVisible();
});

test("a viewer finds what their workspace holds and nothing of another workspace", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const vera = await newPerson(browser, "Vera");
  const mallory = await newPerson(browser, "Mallory");
  await createDocument(ada, "shared.md");
  await editorOf(ada).click();
  await ada.keyboard.insertText("the narwhal memo");
  const doc = await createDocument(mallory, "private.md");
  await editorOf(mallory).click();
  await mallory.keyboard.insertText("the narwhal secret");
  const adas = await apiCall<{ workspaces: { id: string }[] }>(ada, "GET", "/api/workspaces");
  const workspaceId = adas.workspaces[0]!.id;
  const invite = await apiCall<{ token: string }>(
    ada,
    "POST",
    `/api/workspaces/${workspaceId}/invites`,
    {
      role: "viewer",
    },
  );
  await apiCall(vera, "POST", `/api/invites/${invite.token}/accept`);
  await vera.goto(`/w/${workspaceId}`);
  await expect(vera.getByRole("tree")).toBeVisible();
  await vera.keyboard.press("Control+Shift+F");
  await searchBox(vera).fill("narwhal");
  await expect(vera.getByRole("option", { name: /narwhal memo/ })).toBeVisible();
  await expect(vera.getByRole("option", { name: /narwhal secret/ })).toHaveCount(0);
  expect(doc.workspaceId).not.toBe(workspaceId);
});

test("Ctrl+P opens a file by a fuzzy name, recent files first", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "README.md");
  await addFile(ada, doc, "docs/guides/installation.md");
  await addFile(ada, doc, "docs/changelog.md");
  await editorOf(ada).click();
  await ada.keyboard.press("Control+P");
  const finder = ada.getByRole("dialog", { name: "Open a file" });
  // The open file is the most recent.
  await expect(finder.getByRole("option").first()).toHaveText("README.md");
  await ada.keyboard.type("instl");
  await expect(finder.getByRole("option").first()).toHaveText("docs/guides/installation.md");
  await ada.keyboard.press("Enter");
  await expect(ada.getByTestId("file-path")).toHaveText("docs/guides/installation.md");
});

test("Ctrl+K runs Toggle dark mode, and Ctrl+Shift+P opens the same palette", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada, "notes.md");
  await editorOf(ada).click();
  await ada.keyboard.press("Control+K");
  const palette = ada.getByRole("dialog", { name: "Command palette" });
  await expect(palette.getByRole("option", { name: /History/ })).toBeVisible();
  await ada.keyboard.type("dark mode");
  await expect(palette.getByRole("option").first()).toContainText("Toggle dark mode");
  await ada.keyboard.press("Enter");
  await expect(ada.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(palette).toBeHidden();

  await ada.keyboard.press("Control+Shift+P");
  await expect(palette).toBeVisible();
  await ada.keyboard.type("preview");
  await expect(palette.getByRole("option", { name: /Preview/ }).first()).toContainText(
    "Ctrl+Shift+V",
  );
  await ada.keyboard.press("Escape");
  await expect(palette).toBeHidden();
});
