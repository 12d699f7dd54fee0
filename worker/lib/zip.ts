import { strToU8, Zip, ZipDeflate } from "fflate";

/**
 * A zip of named texts, built one entry at a time from a `Map`. fflate's
 * `zipSync` takes a plain object and flattens it into another, so a file
 * named `__proto__` replaced the object's prototype: the file was left out
 * and every character of its text became an empty folder (issue 15.7,
 * worker/test/export-zip.test.ts). Its streaming `Zip` takes each name as a
 * string and never uses one as a key.
 */

/**
 * The most entries a zip holds without ZIP64, which fflate does not write:
 * the end-of-central-directory record counts them in 16 bits.
 */
export const MAX_ZIP_ENTRIES = 65_535;

export type ZipResult = { ok: true; zip: Uint8Array } | { ok: false; problem: string };

/** The zip of `texts` (path → text), or why not: more entries than a zip holds. */
export function zipTexts(texts: ReadonlyMap<string, string>): ZipResult {
  if (texts.size > MAX_ZIP_ENTRIES) {
    return {
      ok: false,
      problem: `A zip holds at most ${MAX_ZIP_ENTRIES.toLocaleString("en")} files; this project has ${texts.size.toLocaleString("en")}. Export it in parts.`,
    };
  }
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  // ZipDeflate is synchronous: every chunk has arrived when `end` returns.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const [path, text] of texts) {
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    entry.push(strToU8(text), true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, zip: out };
}
