/**
 * How restores are named in a file's history. The version saved just before
 * a restore is "Before restoring “v1”", and the one saved before undoing it
 * (restoring that version) "Before undoing the restore of “v1”": the name
 * inside is always the original one, so labels never nest ("Before
 * restoring “Before restoring …”", issue 12 item 8). The server names the
 * versions; the app words its notices from the same reading.
 */

const BEFORE_RESTORING = "Before restoring “";
const BEFORE_UNDOING = "Before undoing the restore of “";

/** The original version a restore's name is about, and whether restoring `name` undoes a restore. */
export function readRestoreName(name: string): { original: string; undoing: boolean } {
  let original = name;
  let undoing = false;
  for (;;) {
    const prefix = [BEFORE_RESTORING, BEFORE_UNDOING].find(
      (candidate) => original.startsWith(candidate) && original.endsWith("”"),
    );
    if (!prefix) return { original, undoing };
    original = original.slice(prefix.length, -1);
    undoing = true;
  }
}

/** The name of the version saved just before restoring the version named `restored`. */
export function undoVersionName(restored: string): string {
  const { original, undoing } = readRestoreName(restored);
  return `${undoing ? BEFORE_UNDOING : BEFORE_RESTORING}${original}”`;
}

/** "Ada restored “v1”", or "Ada undid the restore of “v1”" when the version restored was an undo point. */
export function restoreNotice(who: string, restored: string): string {
  const { original, undoing } = readRestoreName(restored);
  return undoing ? `${who} undid the restore of “${original}”` : `${who} restored “${original}”`;
}
