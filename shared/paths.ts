/** URL shapes shared by the Worker's router and the app. */

/** Socket endpoint prefix; y-websocket appends `/<documentId>` to it. */
export const SYNC_PATH_PREFIX = "/api/sync";

/** The socket path for one document. */
export function syncPath(documentId: string): string {
  return `${SYNC_PATH_PREFIX}/${documentId}`;
}

/** The page a person opens to edit one document. */
export function documentPagePath(documentId: string): string {
  return `/d/${documentId}`;
}
