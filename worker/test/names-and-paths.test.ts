import { describe, expect, it } from "vitest";
import { ApiClient, fileOf } from "./api-client.ts";

/**
 * Issue 15.11 (invisible and look-alike characters in names) and 15.7
 * (paths that could escape a zip's folder, or meet another in one folder on
 * a case-insensitive disk): refused where the name is given, with 400 or 409
 * and a sentence, and nothing created.
 */

const invisible = [
  ["a zero-width space", "Ada\u200bLovelace"],
  ["a right-to-left mark", "Ada\u200f"],
  ["a Hangul filler", "\u3164"],
  ["a fullwidth solidus", "a\uff0fb"],
  ["a word joiner", "Ada\u2060"],
  ["a byte order mark", "Ada\ufeffLovelace"],
] as const;

describe("names", () => {
  it.each(invisible)("refuses %s in a person's name", async (_, name) => {
    const ada = await ApiClient.signIn("Ada");
    const changed = await ada.call("PATCH", "/api/session", { name });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/^name: must not contain invisible or look-alike/);
  });

  it.each(invisible)("refuses %s in project and file names", async (_, name) => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project } = await fileOf(ada);
    const projects = `/api/workspaces/${ws}/projects`;
    const named = await ada.call("POST", projects, { name });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toMatch(/must not contain invisible or look-alike/);
    const file = await ada.call("POST", `${projects}/${project}/files`, { path: `${name}.md` });
    expect(file.status).toBe(400);
    const tree = (await ada.call("GET", `${projects}/${project}`)).body;
    expect(tree.files.map((entry: { path: string }) => entry.path)).toEqual(["a.md"]);
  });

  it("still takes names in any script, with emoji (joiners inside an emoji too)", async () => {
    const ada = await ApiClient.signIn("Ada");
    for (const name of ["Zoë", "李小龍", "نور", "👩‍💻 Ada", "한글"]) {
      expect((await ada.call("PATCH", "/api/session", { name })).status, name).toBe(200);
    }
  });
});

describe("paths", () => {
  it.each([
    ["a backslash", "docs\\..\\..\\evil.md", /must not contain '\\'/],
    ["a drive letter", "C:/Windows/evil.md", /must not start with a drive letter/],
    ["a drive letter inside", "docs/c:evil.md", /must not start with a drive letter/],
  ])("refuses %s in a file path with 400", async (_, path, message) => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project } = await fileOf(ada);
    const base = `/api/workspaces/${ws}/projects/${project}`;
    const refused = await ada.call("POST", `${base}/files`, { path });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
  });

  it("refuses a path that differs from another only in case, as a file, a folder or a move", async () => {
    const ada = await ApiClient.signIn("Ada");
    const { ws, project, file } = await fileOf(ada, "Docs/Readme.md");
    const base = `/api/workspaces/${ws}/projects/${project}`;
    const sameFile = await ada.call("POST", `${base}/files`, { path: "docs/README.md" });
    expect(sameFile.status).toBe(409);
    expect(sameFile.body.error.message).toMatch(/"docs" differs only in case from "Docs"/);
    expect((await ada.call("POST", `${base}/files`, { path: "Docs/README.md" })).status).toBe(409);
    expect((await ada.call("POST", `${base}/folders`, { path: "DOCS" })).status).toBe(409);
    const other = (await ada.call("POST", `${base}/files`, { path: "other.md" })).body;
    const moved = await ada.call("PATCH", `${base}/files/${other.id}`, { path: "docs/x.md" });
    expect(moved.status).toBe(409);
    // The same folder, exactly, is fine; and a file may change only its own case.
    expect((await ada.call("POST", `${base}/files`, { path: "Docs/Other.md" })).status).toBe(201);
    const recased = await ada.call("PATCH", `${base}/files/${file.id}`, { path: "Docs/README.md" });
    expect(recased.status).toBe(200);
    const tree = (await ada.call("GET", base)).body;
    expect(tree.files.map((entry: { path: string }) => entry.path).sort()).toEqual([
      "Docs/Other.md",
      "Docs/README.md",
      "other.md",
    ]);
  });
});
