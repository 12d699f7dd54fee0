import { expect, test } from "@playwright/test";
import { BASE_URL, documentTextOf, editorOf, newPerson, statusOf } from "./fixtures.ts";

test("create a workspace, project, folder and file in the UI; a second browser sees each appear live", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  await ada.goto("/");
  await ada.getByRole("textbox", { name: "New workspace" }).fill("Handbook");
  await ada.getByRole("button", { name: "Create workspace" }).click();
  await expect(ada).toHaveURL(/\/w\/[A-Za-z0-9_-]{22}$/);
  await expect(ada.getByRole("heading", { name: "Handbook" })).toBeVisible();

  // The same person in a second browser, with the workspace open: no reloads from here on.
  const second = await browser.newContext({ baseURL: BASE_URL });
  await second.addCookies(await ada.context().cookies());
  const watcher = await second.newPage();
  await watcher.goto(ada.url());
  await expect(watcher.getByText("No projects yet")).toBeVisible();

  await ada.getByRole("button", { name: "New project" }).click();
  await ada.getByRole("textbox", { name: "New project" }).fill("Guides");
  await ada.getByRole("textbox", { name: "New project" }).press("Enter");
  await expect(watcher.getByRole("treeitem", { name: "Guides" })).toBeVisible();

  // The new project has the tree's focus, so New folder goes into it.
  await ada.getByRole("button", { name: "New folder in Guides" }).click();
  await ada.getByRole("textbox", { name: "New folder in Guides" }).fill("onboarding");
  await ada.getByRole("textbox", { name: "New folder in Guides" }).press("Enter");
  await expect(watcher.getByRole("treeitem", { name: "onboarding" })).toBeVisible();

  await ada.getByRole("button", { name: "New file in Guides / onboarding" }).click();
  await ada.getByRole("textbox", { name: "New file in Guides / onboarding" }).fill("welcome.md");
  await ada.getByRole("textbox", { name: "New file in Guides / onboarding" }).press("Enter");
  await expect(watcher.getByRole("link", { name: "welcome.md" })).toBeVisible();
  await expect(ada).toHaveURL(/\/f\/[A-Za-z0-9_-]{22}$/);
  await expect(statusOf(ada)).toHaveText("Connected");
  await expect(ada.getByTestId("file-path")).toHaveText("onboarding/welcome.md");

  // The caret is already in the new file.
  await expect(editorOf(ada)).toBeFocused();
  await ada.keyboard.type("# Welcome aboard");
  await watcher.getByRole("link", { name: "welcome.md" }).click();
  await expect(editorOf(watcher)).toContainText("# Welcome aboard");
  // The tree shows who has the file open.
  await expect(ada.getByLabel("People in onboarding/welcome.md").getByTitle("Ada")).toHaveCount(1);
  await ada.screenshot({ path: testInfo.outputPath("workspace.png") });
  await second.close();
  await ada.context().close();
});

test("a renamed file keeps its content and its old URL; delete to the trash and restore", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const workspace = await (
    await ada.request.post("/api/workspaces", { data: { name: "Notes" } })
  ).json();
  const project = await (
    await ada.request.post(`/api/workspaces/${workspace.id}/projects`, { data: { name: "Main" } })
  ).json();
  const file = await (
    await ada.request.post(`/api/workspaces/${workspace.id}/projects/${project.id}/files`, {
      data: { path: "draft.md" },
    })
  ).json();
  const url = `/w/${workspace.id}/p/${project.id}/f/${file.id}`;
  await ada.goto(url);
  await expect(statusOf(ada)).toHaveText("Connected");
  await editorOf(ada).click();
  await ada.keyboard.type("Keep this text.");

  await ada.getByRole("button", { name: "Actions for draft.md" }).click();
  await ada.getByRole("menuitem", { name: "Rename" }).click();
  const field = ada.getByRole("textbox", { name: "Rename draft.md" });
  await field.fill("final.md");
  await field.press("Enter");
  await expect(ada.getByTestId("file-path")).toHaveText("final.md");
  await expect(ada.getByRole("link", { name: "final.md" })).toBeVisible();

  await ada.goto(url);
  await expect(statusOf(ada)).toHaveText("Connected");
  await expect.poll(() => documentTextOf(ada)).toBe("Keep this text.");

  await ada.getByRole("button", { name: "Actions for final.md" }).click();
  await ada.getByRole("menuitem", { name: "Delete" }).click();
  await expect(ada.getByText("Ada moved final.md to the trash.")).toBeVisible();
  const trash = ada.getByRole("region", { name: "Trash" });
  await expect(trash.getByText("final.md")).toBeVisible();
  await ada.screenshot({ path: testInfo.outputPath("trash.png") });
  // Deleting forever asks first; Cancel (where focus starts) keeps it.
  await trash.getByRole("button", { name: "Delete final.md forever" }).click();
  const confirm = ada.getByRole("alertdialog", { name: "Delete final.md forever?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await ada.keyboard.press("Enter");
  await expect(confirm).toHaveCount(0);
  await expect(trash.getByText("final.md")).toBeVisible();
  await trash.getByRole("button", { name: "Restore final.md" }).click();
  await expect(trash.getByText("The trash is empty.")).toBeVisible();
  await expect(statusOf(ada)).toHaveText("Connected");
  await expect.poll(() => documentTextOf(ada)).toBe("Keep this text.");
  await ada.context().close();
});

test("a workspace created with an EU data location says where its data is, and that locally it is not applied", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await ada.goto("/");
  await ada.getByRole("textbox", { name: "New workspace" }).fill("Brussels");
  await ada.getByRole("combobox", { name: "Data location" }).selectOption("eu");
  await ada.getByRole("button", { name: "Create workspace" }).click();
  await expect(ada).toHaveURL(/\/w\/eu-[A-Za-z0-9_-]{22}$/);
  await expect(ada.getByText("Data location: European Union")).toBeVisible();
  await expect(ada.getByRole("note")).toContainText("the data is stored in the default location");

  await ada.goto("/");
  const listed = ada.getByRole("listitem").filter({ hasText: "Brussels" });
  await expect(listed.getByTitle("Data location")).toHaveText("European Union");
  await ada.context().close();
});
