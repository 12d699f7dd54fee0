import { useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { InboxItem } from "../../shared/api/members.ts";
import { api, parseEvent, socketUrl } from "../lib/api.ts";
import "./inbox-button.css";
import { Popover } from "./popover.tsx";

/**
 * The person's inbox ("Ada shared workspace Team with you") in the header.
 * It loads once, then listens on the person's own live socket, which also
 * tells the server whether this tab is visible (online or away).
 */
export function InboxButton() {
  const [items, setItems] = useState<InboxItem[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    void api.inbox().then(
      ({ inbox }) => !stopped && setItems(inbox),
      () => undefined,
    );
    const sendVisibility = () => {
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(
          JSON.stringify({ type: "visibility", visible: document.visibilityState === "visible" }),
        );
      }
    };
    const connect = () => {
      socket = new WebSocket(socketUrl(contract.meLive, {}));
      socket.addEventListener("open", () => {
        attempts = 0;
        sendVisibility();
      });
      socket.addEventListener("message", (message) => {
        const parsed = parseEvent(contract.meLive, message.data);
        if (!parsed.ok) return console.error(`/api/me/live: ${parsed.problem}`);
        const event = parsed.value;
        if (event.type !== "inbox") return;
        setItems((current) => [event.item, ...current]);
        setUnseen((count) => count + 1);
      });
      socket.addEventListener("close", (event) => {
        // Signed out (4401) or refused: stop; otherwise come back with full-jitter backoff.
        if (stopped || (event.code >= 4400 && event.code < 4500)) return;
        attempts++;
        retry = setTimeout(connect, Math.random() * Math.min(30_000, 500 * 2 ** attempts));
      });
    };
    connect();
    document.addEventListener("visibilitychange", sendVisibility);
    return () => {
      stopped = true;
      clearTimeout(retry);
      document.removeEventListener("visibilitychange", sendVisibility);
      socket?.close(1000, "tab closed");
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
