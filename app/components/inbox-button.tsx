import { useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { InboxItem } from "../../shared/api/members.ts";
import { api } from "../lib/api.ts";
import { openLiveSocket } from "../sync/live-socket.ts";
import { publishUserEvent } from "../sync/user-events.ts";
import "./inbox-button.css";
import { Popover } from "./popover.tsx";

/**
 * The person's inbox ("Ada shared workspace Team with you") in the header.
 * It loads once, then listens on the person's own live socket, which also
 * tells the server whether this tab is visible (online or away). After a
 * reconnect it loads again, to catch what came while it was away; if the
 * server refuses the socket (signed out), the inbox says so.
 */
export function InboxButton() {
  const [items, setItems] = useState<InboxItem[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [open, setOpen] = useState(false);
  const [stopped, setStopped] = useState<string | undefined>();

  useEffect(() => {
    let cancelled = false;
    const load = (countNew: boolean) =>
      api.inbox().then(
        ({ inbox }) => {
          if (cancelled) return;
          setItems((current) => {
            const known = new Set(current.map((item) => item.id));
            if (countNew)
              setUnseen((count) => count + inbox.filter((i) => !known.has(i.id)).length);
            return inbox;
          });
        },
        () => undefined,
      );
    void load(false);
    const live = openLiveSocket(
      contract.meLive,
      {},
      {
        onEvent: (event) => {
          publishUserEvent(event);
          if (event.type !== "inbox") return;
          setItems((current) => [event.item, ...current]);
          setUnseen((count) => count + 1);
        },
        onOpen: (reconnected) => {
          sendVisibility();
          if (reconnected) void load(true);
        },
        onRefused: (message) => setStopped(message),
      },
    );
    function sendVisibility() {
      live?.send({ type: "visibility", visible: document.visibilityState === "visible" });
    }
    document.addEventListener("visibilitychange", sendVisibility);
    return () => {
      cancelled = true;
      document.removeEventListener("visibilitychange", sendVisibility);
      live.close();
    };
  }, []);

  return (
    <Popover
      label="Inbox"
      className="inbox"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setUnseen(0);
      }}
      trigger={
        <button className="button button--quiet" type="button">
          Inbox{unseen > 0 ? ` (${unseen} new)` : ""}
        </button>
      }
    >
      {stopped && <output className="inbox__stopped">New items stopped arriving: {stopped}</output>}
      <ul className="inbox__list" aria-label="Inbox">
        {items.length === 0 && <li className="empty-state empty-state--small">Nothing yet.</li>}
        {items.map((item) => (
          <li key={item.id} className="inbox__item">
            {item.text} <span className="meta">{new Date(item.at).toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </Popover>
  );
}
