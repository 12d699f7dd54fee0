import { expect, type Page, test } from "@playwright/test";
import {
  apiCall,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

const row = (page: Page, name: string) => page.getByRole("treeitem", { name, exact: true });

/** A row's ⋯ menu; a project's is "Actions for project Site". */
async function rowMenu(page: Page, name: string, kind: "file" | "project" = "file") {
  const label = `Actions for ${kind === "project" ? `project ${name}` : name}`;
  await row(page, name).getByRole("button", { name: label, exact: true }).first().click();
  return page.getByRole("menu", { name: label });
}

test("an editor deletes a file; everyone with it open is told who did it, and offered Restore if they may", async ({
  browser,
}) => {
  // Three people signed in and syncing: on a busy two-core machine this takes longer than one test's minute.
  test.slow();
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "notes.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("Keep me.");
  const eddie = await newPerson(browser, "Eddie");
  const vera = await newPerson(browser, "Vera");
  await shareWith(olive, eddie, doc, "editor");
  await shareWith(olive, vera, doc, "viewer");
  await openDocument(eddie, doc);
  await openDocument(vera, doc);

  // A file goes at once, with Undo for whoever deleted it.
  await (await rowMenu(eddie, "notes.md")).getByRole("menuitem", { name: "Delete" }).click();
  await expect(eddie.getByText("notes.md moved to the trash.")).toBeVisible();
  await expect(eddie.getByRole("button", { name: "Undo" })).toBeVisible();

  await expect(olive.getByText("Eddie moved notes.md to the trash.")).toBeVisible();
  await expect(vera.getByText("Eddie moved notes.md to the trash.")).toBeVisible();
  // A viewer may not bring it back; an owner may.
  await expect(vera.getByRole("main").getByRole("button", { name: /^Restore/ })).toHaveCount(0);
  await olive.getByRole("main").getByRole("button", { name: "Restore notes.md" }).click();
  await waitUntilReady(olive);
  await expect.poll(() => documentTextOf(olive)).toBe("Keep me.");
  await waitUntilReady(vera);
  await expect.poll(() => documentTextOf(vera)).toBe("Keep me.");
  for (const page of [olive, eddie, vera]) await page.context().close();
});

test("only owners delete projects and the workspace, and each asks first, naming what goes", async ({
  browser,
}) => {
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "docs/a.md");
  await apiCall(
    olive,
    "POST",
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files`,
    {
      path: "docs/b.md",
    },
  );
  const eddie = await newPerson(browser, "Eddie");
  await shareWith(olive, eddie, doc, "editor");
  await openDocument(eddie, doc);

  // An editor may delete a folder (after a confirmation) but not the project or the workspace.
  const projectMenu = await rowMenu(eddie, "Site", "project");
  await expect(projectMenu.getByRole("menuitem", { name: "Delete" })).toHaveCount(0);
  await eddie.keyboard.press("Escape");
  await eddie.getByRole("button", { name: "Workspace actions" }).click();
  const workspaceMenu = eddie.getByRole("menu", { name: "Workspace actions" });
  await expect(workspaceMenu.getByRole("menuitem")).toHaveText(["Share…", "Leave workspace…"]);
  await eddie.keyboard.press("Escape");

  // The owner: the project asks first and says what it takes.
  await openDocument(olive, doc);
  await (await rowMenu(olive, "Site", "project")).getByRole("menuitem", { name: "Delete" }).click();
  const confirmProject = olive.getByRole("alertdialog", { name: "Delete project Site?" });
  await expect(confirmProject).toContainText("Site and the 2 files in it go to the trash");
  await confirmProject.getByRole("button", { name: "Cancel" }).click();
  await expect(row(olive, "Site")).toBeVisible();

  await olive.getByRole("button", { name: "Workspace actions" }).click();
  await olive.getByRole("menuitem", { name: "Delete workspace…" }).click();
  const confirm = olive.getByRole("alertdialog", { name: "Delete Team?" });
  await expect(confirm).toContainText("Team, its 1 project and 2 files go to the trash");
  await confirm.getByRole("button", { name: "Move to the trash" }).click();
  await expect(olive).toHaveURL(/\/$/);
  await expect(olive.getByText("Team moved to the trash.")).toBeVisible();
  // Eddie, in one of its files, is told who did it.
  await expect(eddie.getByRole("alert")).toContainText(
    "Olive moved the workspace Team to the trash.",
  );
  await olive.context().close();
  await eddie.context().close();
});
