import * as Y from "yjs";

/**
 * Whether an update needs changes the document does not have (issue 15.5).
 * Yjs would keep such an update aside (`store.pendingStructs`, `pendingDs`)
 * and show it to no one until what it builds on arrives; from a live socket
 * that happens when an earlier change of its was refused (someone else's
 * lock, a downgrade to viewer), and then it never arrives. So the sync room
 * does not store or acknowledge it, and tells the client to resync instead.
 *
 * Read from the decoded update alone (it is `#receiveUpdate`'s), without
 * applying it: each client's structs must continue what the document has,
 * each item's neighbours and parent must be in the document or in the update,
 * and each deletion must name changes one of them holds.
 */
export function missingDependencies(
  doc: Y.Doc,
  { structs, ds }: ReturnType<typeof Y.decodeUpdate>,
): boolean {
  // How far each client's changes will reach once the update is in.
  const reach = new Map<number, number>();
  const known = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  const byClock = [...structs].sort((a, b) => a.id.client - b.id.client || a.id.clock - b.id.clock);
  for (const struct of byClock) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    if (clock > known(client)) return true; // a gap: the changes before it are missing
    reach.set(client, Math.max(known(client), clock + struct.length));
  }
  const has = (id: Y.ID | null) => id === null || id.clock < known(id.client);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    if (!has(struct.origin) || !has(struct.rightOrigin)) return true;
    if (parent instanceof Y.ID && !has(parent)) return true;
  }
  for (const [client, deletions] of ds.clients) {
    for (const { clock, len } of deletions) if (clock + len > known(client)) return true;
  }
  return false;
}
