import { beforeEach, describe, expect, it } from "vitest";
import { MAX_PATH_DEPTH } from "../../shared/api/tree.ts";
import { ApiClient } from "./api-client.ts";

/**
 * Issue 15.9: what a folder's move, a folder's restore and a rename racing a
 * delete may leave behind. Every path stays within `MAX_PATH_DEPTH` levels
 * (243 levels were made by moving a folder into its own copy), no path holds
 * a file and a folder at once, and a race answers 404 or 409, never 500.
 */

let ada: ApiClient;
beforeEach(async () => {
  ada = await ApiClient.signIn("Ada");
});

async function project(name = "Site") {
  const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id as string;
  const p = (await ada.call("POST", `/api/workspaces/${ws}/projects`, { name })).body.id as string;
  return { ws, p, base: `/api/workspaces/${ws}/projects/${p}` };
}

/** `levels` folder names, "l1/l2/…". */
function deep(levels: number, prefix = "l"): string {
  return Array.from({ length: levels }, (_, index) => `${prefix}${index + 1}`).join("/");
}

function depthOf(path: string): number {
  return path.split("/").length;
}

describe("folder moves and the path limit", () => {
  it("refuses a move within the project that would put a file past 16 levels, and moves nothing", async () => {
    const { base } = await project();
    // "a" holds a file 4 levels below it: a/b/c/d/e.md.
    expect((await ada.call("POST", `${base}/files`, { path: "a/b/c/d/e.md" })).status).toBe(201);
    const target = deep(MAX_PATH_DEPTH - 3);
    const refused = await ada.call("PATCH", `${base}/folders/a`, { path: target });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(`${MAX_PATH_DEPTH} levels`);
    const tree = await ada.call("GET", base);
    expect(tree.body.files.map((file: { path: string }) => file.path)).toEqual(["a/b/c/d/e.md"]);

    // One level less fits exactly.
    const fits = await ada.call("PATCH", `${base}/folders/a`, { path: deep(MAX_PATH_DEPTH - 4) });
    expect(fits.status).toBe(200);
  });

  it("refuses a move of a deep explicit folder past 16 levels", async () => {
    const { base } = await project();
    expect((await ada.call("POST", `${base}/folders`, { path: "a/b/c" })).status).toBe(201);
    const refused = await ada.call("PATCH", `${base}/folders/a`, {
      path: deep(MAX_PATH_DEPTH - 1),
    });
    expect(refused.status).toBe(400);
    const tree = await ada.call("GET", base);
    expect(tree.body.folders.map((folder: { path: string }) => folder.path)).toEqual(["a/b/c"]);
  });

  it("cannot build deeper and deeper by moving a folder into another again and again", async () => {
    const { base } = await project();
    expect((await ada.call("POST", `${base}/files`, { path: "x/f.md" })).status).toBe(201);
    let at = "x";
    for (let round = 0; round < 20; round++) {
      const next = `w${round}/${at}`;
      if (depthOf(next) + 1 > MAX_PATH_DEPTH) break;
      expect((await ada.call("PATCH", `${base}/folders/${at}`, { path: next })).status).toBe(200);
      at = next;
    }
    const tree = await ada.call("GET", base);
    for (const file of tree.body.files as { path: string }[]) {
      expect(depthOf(file.path)).toBeLessThanOrEqual(MAX_PATH_DEPTH);
    }
    // The next wrap would be 17 levels for the file.
    const refused = await ada.call("PATCH", `${base}/folders/${at}`, { path: `more/${at}` });
    expect(refused.status).toBe(400);
  });

  it("refuses a move to another project that would put a file past 16 levels", async () => {
    const { ws, base } = await project();
    const other = (await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "Blog" })).body
      .id as string;
    expect((await ada.call("POST", `${base}/files`, { path: "a/b/c/d/e.md" })).status).toBe(201);
    const refused = await ada.call("POST", `${base}/moves`, {
      folder: "a",
      project: other,
      path: deep(MAX_PATH_DEPTH - 3),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(`${MAX_PATH_DEPTH} levels`);
    const there = await ada.call("GET", `/api/workspaces/${ws}/projects/${other}`);
    expect(there.body.files).toEqual([]);
    expect(there.body.folders).toEqual([]);
    const here = await ada.call("GET", base);
    expect(here.body.files.map((file: { path: string }) => file.path)).toEqual(["a/b/c/d/e.md"]);
  });
});

describe("restoring a folder", () => {
  it("refuses where a file now has the path of one of its folders, and restores nothing", async () => {
    const { ws, base } = await project();
    expect((await ada.call("POST", `${base}/folders`, { path: "a/b" })).status).toBe(201);
    expect((await ada.call("POST", `${base}/files`, { path: "a/keep.md" })).status).toBe(201);
    expect((await ada.call("DELETE", `${base}/folders/a`)).status).toBe(204);
    // "a/b" was an (empty) explicit folder; a file takes its path.
    expect((await ada.call("POST", `${base}/files`, { path: "a/b" })).status).toBe(201);
    const trash = (await ada.call("GET", `/api/workspaces/${ws}/trash`)).body.trash as {
      id: string;
      label: string;
    }[];
    const entry = trash.find((candidate) => candidate.label === "a")!;
    const refused = await ada.call("POST", `/api/workspaces/${ws}/trash/${entry.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"a/b"');
    const tree = await ada.call("GET", base);
    expect(tree.body.files.map((file: { path: string }) => file.path)).toEqual(["a/b"]);
    expect(tree.body.folders).toEqual([]);
  });
});

describe("a rename racing a delete", () => {
  it("answers the rename 200 or 404, never 500, and leaves the file in the trash", async () => {
    const { base } = await project();
    for (let round = 0; round < 5; round++) {
      const file = (await ada.call("POST", `${base}/files`, { path: `f${round}.md` })).body;
      const [renamed, deleted] = await Promise.all([
        ada.call("PATCH", `${base}/files/${file.id}`, { path: `g${round}.md` }),
        ada.call("DELETE", `${base}/files/${file.id}`),
      ]);
      expect([200, 404]).toContain(renamed.status);
      expect([204, 404]).toContain(deleted.status);
      const tree = await ada.call("GET", base);
      expect(tree.body.files).toEqual([]);
    }
  });

  it("answers a project's rename, restore and delete racing each other without 500", async () => {
    const { ws, p, base } = await project();
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        ada.call("PATCH", base, { name: `Site ${round}` }),
        ada.call("DELETE", base),
        ada.call("POST", `${base}/restore`),
      ]);
      for (const answer of answers) expect(answer.status).toBeLessThan(500);
      await ada.call("POST", `/api/workspaces/${ws}/projects/${p}/restore`);
    }
  });
});
