import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";
import { matchingLines, searchTerms } from "./search-index.ts";

/** A fresh project object, bound to a workspace, with files made through its own methods. */
async function project() {
  const projectId = newId();
  const stub = env.PROJECTS.get(env.PROJECTS.idFromName(projectId));
  await stub.init(projectId, newId());
  const file = async (path: string) => {
    const made = await stub.createFile(path);
    if (!made.ok) throw new Error(made.failure.message);
    return made.value.id;
  };
  const found = async (query: string) => {
    const answer = await stub.search(query);
    if (!answer.ok) throw new Error(answer.failure.message);
    return answer.value.map((hit) => hit.path);
  };
  return { stub, file, found };
}

describe("the project's search index", () => {
  it("finds inserted text, follows updates, ignores older reports, ranks and shows lines", async () => {
    const { stub, file, found } = await project();
    const plan = await file("plan.md");
    const notes = await file("notes.md");
    expect(
      await stub.indexText(plan, 1, "# Plan\n\nShip the rocket.\nThen the rocket again."),
    ).toBe(true);
    expect(
      await stub.indexText(
        notes,
        1,
        "A long note about many other things, where a rocket comes up once among the gardens, the weather and the cooking.",
      ),
    ).toBe(true);
    // More mentions rank first.
    expect(await found("rocket")).toEqual(["plan.md", "notes.md"]);
    const answer = await stub.search('"rocket"');
    expect(answer.ok && answer.value[0]?.matches).toEqual([
      {
        line: 3,
        from: 9,
        to: 15,
        excerpt: "Ship the rocket.",
        excerptOffset: 0,
        ranges: [[9, 15]],
      },
      {
        line: 4,
        from: 9,
        to: 15,
        excerpt: "Then the rocket again.",
        excerptOffset: 0,
        ranges: [[9, 15]],
      },
    ]);

    expect(await stub.indexText(plan, 3, "Now about boats.")).toBe(true);
    // A late, older report changes nothing.
    expect(await stub.indexText(plan, 2, "rocket rocket rocket")).toBe(false);
    expect(await found("rocket")).toEqual(["notes.md"]);
    expect(await found("boats")).toEqual(["plan.md"]);
    // Prefixes and diacritics.
    expect(await found("boa*")).toEqual(["plan.md"]);
    await stub.indexText(notes, 2, "Un café crème.");
    expect(await found("cafe")).toEqual(["notes.md"]);
  });

  it("never stores text for a file the project does not have", async () => {
    const { stub, found } = await project();
    expect(await stub.indexText(newId(), 1, "orphan words")).toBe(false);
    expect(await found("orphan")).toEqual([]);
  });

  it("skips trashed files, finds them again once restored, and forgets a purged file's text", async () => {
    const { stub, file, found } = await project();
    const secret = await file("secret.md");
    await file("other.md");
    await stub.indexText(secret, 1, "the launch codes");
    expect(await found("launch")).toEqual(["secret.md"]);

    const trashed = await stub.trashFile(secret);
    expect(trashed.ok).toBe(true);
    expect(await found("launch")).toEqual([]);
    const restored = await stub.restore(secret);
    expect(restored.ok).toBe(true);
    expect(await found("launch")).toEqual(["secret.md"]);

    await stub.trashFile(secret);
    expect((await stub.purge(secret)).ok).toBe(true);
    expect(await found("launch")).toEqual([]);
    // Gone from the index itself, not only hidden.
    expect(await stub.searchStats()).toMatchObject({ files: 0 });
    // A report that arrives after the purge does not bring it back.
    expect(await stub.indexText(secret, 2, "the launch codes")).toBe(false);
  });

  it("answers a query FTS5 cannot parse with a 400 that says so", async () => {
    const { stub, file } = await project();
    await stub.indexText(await file("a.md"), 1, "some words to search");
    for (const query of ["AND", "a OR", "(x", "bogus:word", "x NEAR("]) {
      const answer = await stub.search(query);
      expect(answer, query).toMatchObject({ ok: false, failure: { status: 400 } });
      expect(!answer.ok && answer.failure.message).toContain("could not be read");
    }
  });
});

describe("matchingLines", () => {
  it("marks whole words, prefixes and folded letters at their place in the line", () => {
    const lines = matchingLines("x\nRésumé and resume, résumés\nnone", searchTerms("resume"));
    expect(lines).toEqual([
      {
        line: 2,
        from: 0,
        to: 6,
        excerpt: "Résumé and resume, résumés",
        excerptOffset: 0,
        ranges: [
          [0, 6],
          [11, 17],
        ],
      },
    ]);
    expect(matchingLines("résumés", searchTerms("resum*"))[0]?.ranges).toEqual([[0, 7]]);
  });
});
