/**
 * C0 and C1 controls, plus the bidi embeddings, overrides and isolates: a
 * name shows beside a cursor, in lists and in the file tree, and an override
 * could make one name read as another.
 */
export const CONTROL_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/**
 * Characters that show as nothing, or as a character they are not, in a
 * name: format characters (zero-width space U+200B, marks such as U+200F,
 * word joiner, byte order mark, soft hyphen), the Hangul fillers and the
 * blank Braille pattern (which render as empty space), and slashes that are
 * not "/" or "\" but look like them (fullwidth solidus U+FF0F, division and
 * fraction slashes). A name with one can pass for another person's, or a
 * path for another path (issue 15.11).
 */
const INVISIBLE_OR_LOOK_ALIKE =
  /[\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u2044\u2215\u2216\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c]/u;

/**
 * A zero-width joiner between two pictographs builds one emoji (👩‍💻), so it
 * is allowed there and nowhere else.
 */
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}(?:[\u{1f3fb}-\u{1f3ff}]|\ufe0f)?)\u200d(?=\p{Extended_Pictographic})/gu;

/** Why `name` has an invisible or look-alike character (naming it), or undefined. */
export function invisibleProblem(name: string): string | undefined {
  const found = INVISIBLE_OR_LOOK_ALIKE.exec(name.replace(EMOJI_JOINER, ""));
  if (!found) return undefined;
  const codePoint = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `must not contain invisible or look-alike characters (U+${codePoint})`;
}
