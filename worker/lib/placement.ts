import type { JurisdictionReport } from "../../shared/api/tree.ts";
import { jurisdictionOf } from "../../shared/ids.ts";

/**
 * Where a workspace's objects live. A workspace created in a data
 * jurisdiction has an id that says so (`eu-…`, see shared/ids.ts), and so do
 * its projects and files; `objectFor` is the one place that turns such an id
 * into a stub, in the namespace restricted to that jurisdiction. Users,
 * sessions and rate limiters are not per workspace and keep their own
 * `idFromName`.
 */

/** The fallback is logged once per isolate, not on every request. */
let fallbackLogged = false;

/** Shown with a workspace whose jurisdiction this runtime could not apply. */
export const NOT_APPLIED_NOTE =
  "This runtime does not support jurisdictions; the data is stored in the default location.";

/**
 * The namespace that holds the object named `id`: restricted to the
 * jurisdiction the id carries, or `namespace` itself for an id without one.
 *
 * Local workerd throws "Jurisdiction restrictions are not implemented in
 * workerd" for every jurisdiction (jurisdiction.test.ts pins it, so the day
 * it stops, that test says why the others changed); there (and only there) the default
 * namespace is used, and the workspace reports it (see `jurisdictionReport`).
 * Any other error is thrown: storing data outside the jurisdiction a person
 * chose must never be a silent fallback. There is no cached probe: asking
 * for the restricted namespace is cheap, and asking every time keeps the
 * rule in one readable place.
 */
export function namespaceFor<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
  id: string,
): DurableObjectNamespace<T> {
  const jurisdiction = jurisdictionOf(id);
  if (!jurisdiction) return namespace;
  try {
    // The shared list of jurisdictions type-checks against the runtime's here.
    return namespace.jurisdiction(jurisdiction);
  } catch (error) {
    if (!(error instanceof Error && /not implemented/i.test(error.message))) throw error;
    if (!fallbackLogged) {
      fallbackLogged = true;
      console.warn(`${error.message} Objects that ask for one use the default location.`);
    }
    return namespace;
  }
}

/** The stub of the workspace, project or document named `id`, wherever its id places it. */
export function objectFor<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
  id: string,
): DurableObjectStub<T> {
  const placed = namespaceFor(namespace, id);
  return placed.get(placed.idFromName(id));
}

/**
 * What a workspace reports about its jurisdiction, from inside the object:
 * what its id asks for, and what the runtime says the object is restricted
 * to (`ctx.id.jurisdiction`, undefined where jurisdictions are not applied).
 */
export function jurisdictionReport(
  name: string,
  placedId: DurableObjectId,
): JurisdictionReport | null {
  const requested = jurisdictionOf(name);
  if (!requested) return null;
  return placedId.jurisdiction === requested
    ? { requested, applied: true }
    : { requested, applied: false, note: NOT_APPLIED_NOTE };
}
