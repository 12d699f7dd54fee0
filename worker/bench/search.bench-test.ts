import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";

/**
 * Issue 17's search goal, measured inside workerd on the real FTS5 index:
 * 1,000 files and 10 MB of text in one project (the worst case: one index
 * holds it all), then 200 searches of words of varied frequency; it prints
 * p50 / p95 / max and the index's size. `npm run bench:search` runs it
 * (it is no part of `npm run test:unit`); numbers go to BENCHMARKS.md.
 */

const FILES = 1_000;
const BYTES_PER_FILE = 10_000;
const WORDS = Array.from({ length: 5_000 }, (_, n) => `w${n.toString(36)}x`);

/** A file of English-like text: words drawn with a Zipf-ish skew, lines of about 60 characters. */
function fileText(seed: number): string {
  let text = "";
  let line = "";
  let state = seed * 7919 + 1;
  while (text.length < BYTES_PER_FILE) {
    state = (state * 48271) % 2147483647;
    const word = WORDS[Math.floor(WORDS.length * (state / 2147483647) ** 3)]!;
    line += `${word} `;
    if (line.length > 60) {
      text += `${line.trim()}\n`;
      line = "";
    }
  }
  return text;
}

it("searches 1,000 files and 10 MB of text", { timeout: 600_000 }, async () => {
  const projectId = newId();
  const project = env.PROJECTS.get(env.PROJECTS.idFromName(projectId));
  await project.init(projectId, newId());
  const started = Date.now();
  let bytes = 0;
  for (let n = 0; n < FILES; n += 1) {
    const made = await project.createFile(`docs/${Math.floor(n / 50)}/file-${n}.md`);
    if (!made.ok) throw new Error(made.failure.message);
    const text = fileText(n);
    bytes += text.length;
    await project.indexText(made.value.id, 1, text);
  }
  const indexMs = Date.now() - started;
  const queries = Array.from({ length: 200 }, (_, n) => {
    const word = WORDS[(n * 37) % WORDS.length]!;
    return n % 4 === 0 ? `"${word.slice(0, 3)}"*` : `"${word}"`;
  });
  const times: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const t = performance.now();
    const answer = await project.search(query);
    times.push(performance.now() - t);
    if (answer.ok) hits += answer.value.length;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!;
  const stats = await project.searchStats();
  const report = {
    files: stats.files,
    textMB: +(bytes / 1e6).toFixed(1),
    indexBytesMB: +(stats.bytes / 1e6).toFixed(1),
    indexingMs: indexMs,
    searches: times.length,
    meanFilesFound: +(hits / times.length).toFixed(1),
    p50Ms: +at(0.5).toFixed(1),
    p95Ms: +at(0.95).toFixed(1),
    maxMs: +times.at(-1)!.toFixed(1),
  };
  console.log(`search bench: ${JSON.stringify(report)}`);
  expect(stats.files).toBe(FILES);
});
