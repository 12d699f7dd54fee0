/**
 * The outline and the counts of a file (issue 17 item 2), from its text:
 * pure functions, run off the keystroke path (see use-text-snapshot.ts) and
 * tested in Node (outline.test.ts).
 */

/** One heading: its level (1–6), its words and its 1-based line in the source. */
export interface Heading {
  level: number;
  text: string;
  line: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The Markdown headings of `text`, ATX (`## Title`) and setext (a line
 * underlined with `===` or `---`), in order; none inside fenced code.
 */
export function outline(text: string): Heading[] {
  const headings: Heading[] = [];
  const lines = text.split("\n");
  let fence: string | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const opening = FENCE.exec(line);
    if (fence !== null) {
      if (opening && opening[1]?.[0] === fence[0] && (opening[1]?.length ?? 0) >= fence.length) {
        fence = null;
      }
      continue;
    }
    if (opening) {
      fence = opening[1] ?? null;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      const words = (atx[2] ?? "").trim();
      if (words) headings.push({ level: atx[1]?.length ?? 1, text: words, line: index + 1 });
      continue;
    }
    const next = lines[index + 1];
    const underline = next === undefined ? null : SETEXT.exec(next);
    if (
      underline &&
      line.trim() &&
      !/^ {0,3}([-*+]|\d+[.)])\s/.test(line) &&
      !/^\s{4}/.test(line)
    ) {
      headings.push({
        level: underline[1]?.startsWith("=") ? 1 : 2,
        text: line.trim(),
        line: index + 1,
      });
      index += 1;
    }
  }
  return headings;
}

/** Words (runs of letters, digits and joiners, as word processors count) and characters. */
export function counts(text: string): { words: number; characters: number } {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu)?.length ?? 0;
  // Characters as a person counts them: code points, not UTF-16 units.
  let characters = 0;
  for (const _ of text) characters += 1;
  return { words, characters };
}

/** The heading the caret is under: the last one at or above `line`, or -1. */
export function headingAt(headings: readonly Heading[], line: number): number {
  let found = -1;
  for (let index = 0; index < headings.length; index += 1) {
    if ((headings[index]?.line ?? Infinity) > line) break;
    found = index;
  }
  return found;
}

/** "1 word", "1,234 words". */
export function countLabel(count: number, unit: string): string {
  return `${count.toLocaleString("en")} ${unit}${count === 1 ? "" : "s"}`;
}
