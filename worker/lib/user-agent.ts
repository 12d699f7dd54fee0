/**
 * "Chrome on Linux" from a User-Agent header, for the account page's list of
 * sessions (issue 18 item 3). A summary a person recognises, not a parser:
 * the order matters because every Chromium browser also says "Chrome" and
 * "Safari", and every browser says "Mozilla".
 */

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\bAndroid\b/, "Android"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

/** The header as far as it is read: longer ones are cut, so a huge header costs nothing. */
const MAX_READ = 512;

/** "Firefox on Windows", "Safari on iOS", "Chrome", or "Unknown browser". */
export function summariseUserAgent(header: string | null | undefined): string {
  const agent = (header ?? "").slice(0, MAX_READ);
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return "Unknown browser";
}
