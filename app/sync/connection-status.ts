/** The three states a person sees in the header. */
export type ConnectionLabel = "Connected" | "Reconnecting…" | "Offline";

/** The socket states y-websocket reports through its `status` event. */
export type ProviderStatus = "connecting" | "connected" | "disconnected";

/** What `connectionLabel` needs to know. */
export interface ConnectionFacts {
  /** `navigator.onLine`, kept current by the `online`/`offline` events. */
  online: boolean;
  status: ProviderStatus;
  /** The provider has exchanged sync step 2 with the server since connecting. */
  synced: boolean;
  /**
   * The server closed with a code after which y-websocket stops retrying
   * (4400-4499): saying "Reconnecting…" then would be untrue.
   */
  stopped: boolean;
}

/**
 * The header label. "Connected" only once synced, because an open socket that
 * has not exchanged state yet does not mean this tab's edits are shared.
 */
export function connectionLabel({
  online,
  status,
  synced,
  stopped,
}: ConnectionFacts): ConnectionLabel {
  if (!online || stopped) return "Offline";
  if (status === "connected" && synced) return "Connected";
  return "Reconnecting…";
}
