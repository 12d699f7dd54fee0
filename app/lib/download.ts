/**
 * Starts a download from a menu item, which cannot be a link itself: the
 * export routes answer as attachments, so the page stays where it is.
 */
export function startDownload(href: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  link.click();
}
