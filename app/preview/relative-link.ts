/**
 * Where a relative link in a Markdown file points, as a path in the same
 * project (issue 17 item 1): `../notes/b.md#part` from `docs/a.md` is
 * `notes/b.md`. Null when it climbs out of the project or names nothing.
 */
export function resolveRelativeLink(fromPath: string, href: string): string | null {
  const bare = href.split(/[?#]/)[0] ?? "";
  if (!bare) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return null;
  }
  const parts = decoded.startsWith("/") ? [] : fromPath.split("/").slice(0, -1);
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.length > 0 ? parts.join("/") : null;
}

/** Whether a file's name says Markdown, so it gets Edit / Split / Preview. */
export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown|mdown|mkd|mkdn|mdx)$/i.test(path);
}
