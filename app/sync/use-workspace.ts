import { useCallback, useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { WorkspaceDetails } from "../../shared/api/tree.ts";
import { closeCodeMessage } from "../../shared/errors.ts";
import type { Role } from "../../shared/roles.ts";
import { api, ApiError, parseEvent, socketUrl } from "../lib/api.ts";
import { withPresence } from "./presence-map.ts";
import { fullJitterDelay } from "./reconnector.ts";

/** A workspace as the page shows it, kept current by the live tree socket. */
export type WorkspaceState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; workspace: Omit<WorkspaceDetails, "role">; role: Role };

/** Keeps the socket warm through proxies; the server answers "pong" without waking. */
const PING_MS = 30_000;

/**
 * Loads a workspace and follows its live tree socket: projects, folders and
 * files appear, move and disappear without a reload. On a dropped socket it
 * reconnects with full-jitter backoff and loads the tree again.
 */
export function useWorkspace(workspaceId: string): WorkspaceState {
  const [state, setState] = useState<WorkspaceState>({ status: "loading" });

  const load = useCallback(async () => {
    try {
      const { role, ...workspace } = await api.workspace({ params: { ws: workspaceId } });
      setState({ status: "ready", workspace, role });
      return true;
    } catch (error) {
      setState({
        status: "error",
        message:
          error instanceof ApiError && error.status === 403
            ? "You don't have access to this workspace."
            : error instanceof ApiError
              ? error.message
              : "The workspace could not be loaded.",
      });
      return false;
    }
  }, [workspaceId]);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let attempts = 0;

    const connect = () => {
      if (stopped) return;
      socket = new WebSocket(socketUrl(contract.workspaceLive, { ws: workspaceId }));
      socket.addEventListener("open", () => {
        attempts = 0;
        pingTimer = setInterval(() => socket?.send("ping"), PING_MS);
      });
      socket.addEventListener("message", (message) => {
        if (message.data === "pong") return;
        const parsed = parseEvent(contract.workspaceLive, message.data);
        if (!parsed.ok) return console.error(`workspace live socket: ${parsed.problem}`);
        const event = parsed.value;
        if (event.type === "tree") {
          setState((current) =>
            current.status === "ready" && current.workspace.version > event.workspace.version
              ? current
              : {
                  status: "ready",
                  workspace: event.workspace,
                  role: current.status === "ready" ? current.role : "viewer",
                },
          );
        } else if (event.type === "role") {
          setState((current) =>
            current.status === "ready" ? { ...current, role: event.role } : current,
          );
        } else if (event.type === "presence") {
          setState((current) =>
            current.status === "ready"
              ? {
                  ...current,
                  workspace: {
                    ...current.workspace,
                    presence: withPresence(current.workspace.presence, event.member, event.fileIds),
                  },
                }
              : current,
          );
        } else {
          setState({ status: "error", message: "This workspace was deleted." });
          stopped = true;
        }
      });
      socket.addEventListener("close", (event) => {
        clearInterval(pingTimer);
        if (stopped) return;
        const refusal = closeCodeMessage(event.code, event.reason);
        if (refusal && event.code >= 4400 && event.code < 4500) {
          setState({ status: "error", message: event.reason || refusal });
          return;
        }
        const delay = fullJitterDelay(attempts++);
        retryTimer = setTimeout(() => {
          void load().then((ok) => ok && connect());
        }, delay);
      });
    };

    // load() sets state only after its fetch; the rule cannot see past the await.
    // oxlint-disable-next-line react/set-state-in-effect
    void load().then((ok) => ok && connect());
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      socket?.close(1000, "left the workspace");
    };
  }, [workspaceId, load]);

  return state;
}
