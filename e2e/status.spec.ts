import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
  storedUpdateCount,
  waitUntilReady,
} from "./fixtures.ts";

/** Waits until the service worker has kept this page for offline use (see offline.spec.ts). */
async function keptForOffline(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () =>
        Boolean(
          navigator.serviceWorker.controller &&
          (await caches.match(location.href)) &&
          (await caches.match("/api/session")),
        ),
      ),
    )
    .toBe(true);
}

test("a viewer and a locked-out editor read Read-only, never a Saving… that does not end", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  // Three people and two reloads: slow on a busy machine.
  test.setTimeout(120_000);
  const vic = await newPerson(browser, "Vic");
  const eve = await newPerson(browser, "Eve");
  const doc = await createDocument(ada, "terms.md");
  await shareWith(ada, vic, doc, "viewer");
  await shareWith(ada, eve, doc, "editor");
  await editorOf(ada).click();
  await ada.keyboard.type("Terms.");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");

  await openDocument(vic, doc);
  // Reloaded, the viewer's page fills the file from this browser's copy first.
  await vic.reload();
  await waitUntilReady(vic);
  await expect.poll(() => documentTextOf(vic)).toBe("Terms.");
  await expect(vic.getByText("Read-only")).toBeVisible();
  await vic.waitForTimeout(1000);
  await expect(vic.getByTestId("save-status")).toHaveCount(0);
  await expect(vic.getByText(/Saving|not yet saved|unsaved/)).toHaveCount(0);

  await apiCall(
    ada,
    "POST",
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${doc.fileId}/lock`,
    {},
  );
  await openDocument(eve, doc);
  await eve.reload();
  await waitUntilReady(eve);
  await expect(eve.getByTestId("lock-banner")).toContainText("Locked by Ada until");
  await expect(eve.getByText("Read-only")).toBeVisible();
  await eve.waitForTimeout(1000);
  await expect(eve.getByTestId("save-status")).toHaveCount(0);
  await eve.screenshot({ path: testInfo.outputPath("locked-out-editor.png") });
  for (const page of [ada, vic, eve]) await page.context().close();
});

test("an offline reload shows no phantom unsaved change, and remembers real ones with the last save", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "notes.md");
  await editorOf(ada).click();
  await ada.keyboard.type("Kept.");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  await keptForOffline(ada);

  await ada.context().setOffline(true);
  await ada.reload();
  await expect(statusOf(ada)).toHaveText("Offline");
  await expect.poll(() => documentTextOf(ada)).toBe("Kept.");
  // Filling the editor from the browser's copy is not a change of Ada's.
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");

  await editorOf(ada).click();
  await ada.keyboard.press("Control+End");
  await ada.keyboard.type(" And more, typed offline.");
  const status = ada.getByTestId("save-status");
  await expect(status).toHaveText(
    /^Offline — unsaved changes, last saved (just now|\d+ seconds? ago)$/,
  );
  await expect.poll(() => storedUpdateCount(ada, doc.fileId)).toBeGreaterThan(20);
  await ada.reload();
  await expect(statusOf(ada)).toHaveText("Offline");
  await expect.poll(() => documentTextOf(ada)).toBe("Kept. And more, typed offline.");
  // The reloaded page still knows those changes are not on the server.
  await expect(status).toHaveText(/^Offline — unsaved changes, last saved /);
  await ada.screenshot({ path: testInfo.outputPath("offline-unsaved.png") });

  await ada.context().setOffline(false);
  await expect(statusOf(ada)).toHaveText("Connected");
  await expect(status).toHaveText("Saved");
  const bea = await newPerson(browser, "Bea");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);
  await expect.poll(() => documentTextOf(bea)).toBe("Kept. And more, typed offline.");
  await ada.context().close();
  await bea.context().close();
});

test("an offline reload after creating files in the app shows them", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada, "first.md");
  await shareWith(ada, bea, doc);
  await keptForOffline(ada);

  // Made in the app, after the page loaded: only the live tree socket told the page.
  await ada.getByRole("button", { name: /^New file/ }).click();
  const name = ada.getByRole("textbox", { name: /^New file/ });
  await name.fill("made-later.md");
  await name.press("Enter");
  await expect(ada.getByTestId("file-path")).toHaveText("made-later.md");
  await waitUntilReady(ada);
  await ada.keyboard.type("Written in a file made in the app.");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  const fileId = new URL(ada.url()).pathname.split("/").at(-1)!;
  await expect.poll(() => storedUpdateCount(ada, fileId)).toBeGreaterThan(0);
  // Bea makes one too, which Ada's page hears of live.
  await apiCall(bea, "POST", `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files`, {
    path: "from-bea.md",
  });
  await expect(ada.getByRole("link", { name: "from-bea.md" })).toBeVisible();

  await ada.context().setOffline(true);
  await ada.reload();
  await expect(statusOf(ada)).toHaveText("Offline");
  await expect(ada.getByTestId("file-path")).toHaveText("made-later.md");
  await expect.poll(() => documentTextOf(ada)).toBe("Written in a file made in the app.");
  for (const file of ["first.md", "made-later.md", "from-bea.md"])
    await expect(ada.getByRole("link", { name: file })).toBeVisible();
  await expect(ada.getByText("No projects yet")).toHaveCount(0);
  await expect(ada.getByText("not here any more")).toHaveCount(0);
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  await ada.screenshot({ path: testInfo.outputPath("offline-reload-new-files.png") });
  await ada.context().close();
  await bea.context().close();
});

test("a file id that never existed says there is no such file; a trashed one says the trash", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "kept.md");
  await ada.goto(`/w/${doc.workspaceId}/p/${doc.projectId}/f/AAAAAAAAAAAAAAAAAAAAAA`);
  await expect(ada.getByText("There is no such file in this workspace.")).toBeVisible();
  await expect(ada.getByText(/to the trash|not here any more/)).toHaveCount(0);

  await openDocument(ada, doc);
  await apiCall(
    ada,
    "DELETE",
    `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files/${doc.fileId}`,
  );
  await expect(ada.getByText("Ada moved kept.md to the trash.")).toBeVisible();
  await ada.context().close();
});
