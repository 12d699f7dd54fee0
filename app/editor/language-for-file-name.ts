import { markdown } from "@codemirror/lang-markdown";
import { LanguageDescription, type LanguageSupport } from "@codemirror/language";
import { languages } from "@codemirror/language-data";

/**
 * The language a file's name implies (`main.rs` → Rust, `Dockerfile` →
 * Dockerfile), or `null` when nothing matches or there is no name yet; the
 * editor then treats the text as Markdown, the natural default for notes.
 */
export function languageForFileName(fileName: string | undefined): LanguageDescription | null {
  if (!fileName) return null;
  return LanguageDescription.matchFilename(languages, fileName);
}

/** Markdown, with fenced code blocks highlighted in their own language. */
export function markdownLanguage(): LanguageSupport {
  return markdown({ codeLanguages: languages });
}

/**
 * Loads the highlighting for `fileName`. language-data splits each language
 * into its own chunk, so only the languages actually opened are downloaded.
 */
export async function loadLanguageForFileName(
  fileName: string | undefined,
): Promise<LanguageSupport> {
  const description = languageForFileName(fileName);
  return description ? description.load() : markdownLanguage();
}
