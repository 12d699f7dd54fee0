/**
 * Times as people say them: "5 minutes ago", "in 6 days". Falls back to a
 * date past a month, where "in 30 days" reads worse than the date.
 */
export function relativeTime(
  at: number,
  now = Date.now(),
  style: Intl.RelativeTimeFormatStyle = "long",
): string {
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 31],
  ];
  let value = seconds;
  for (const [unit, size] of units) {
    if (Math.abs(value) < size) {
      return unit === "second" && Math.abs(value) < 45
        ? value <= 0
          ? "just now"
          : "in a moment"
        : format.format(value, unit);
    }
    value = Math.round(value / size);
  }
  return new Date(at).toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}
