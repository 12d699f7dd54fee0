import { useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { InboxItem } from "../../shared/api/members.ts";
import { api } from "../lib/api.ts";
import { navigate } from "../lib/router.ts";
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
 *
 * Unread notices are counted on the button (issue 19). Opening the inbox
 * reads the plain news ("Nina joined Team"); a mention stays unread until
 * it is opened (its link goes to the file, at the thread) or everything is
 * marked read.
 */
export function InboxButton() {
  const [items, setItems] = useState<InboxItem[]>([]);
  const [open, setOpen] = useState(false);
  const [stopped, setStopped] = useState<string | undefined>();
  const unread = items.filter((item) => !item.read).length;

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.inbox().then(
        ({ inbox }) => {
          if (!cancelled) setItems(inbox);
        },
        () => undefined,
      );
    void load();
    const live = openLiveSocket(
      contract.meLive,
      {},
      {
        onEvent: (event) => {
          publishUserEvent(event);
          if (event.type !== "inbox") return;
          setItems((current) => [event.item, ...current]);
        },
        onOpen: (reconnected) => {
          sendVisibility();
          if (reconnected) void load();
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

  /** Marks notices read here at once, and on the server (all when `ids` is left out). */
  function markRead(ids?: number[]) {
    setItems((current) =>
      current.map((item) =>
        ids === undefined || ids.includes(item.id) ? { ...item, read: true } : item,
      ),
    );
    api.markInboxRead({ body: ids === undefined ? {} : { ids } }).then(
      ({ inbox }) => setItems(inbox),
      () => undefined,
    );
  }

  return (
    <Popover
      label="Inbox"
      className="inbox"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        const news = items.filter((item) => !item.read && !item.link).map((item) => item.id);
        if (next && news.length > 0) markRead(news);
      }}
      trigger={
        <button className="button button--quiet" type="button">
          Inbox{unread > 0 ? ` (${unread} new)` : ""}
        </button>
      }
    >
      {stopped && <output className="inbox__stopped">New items stopped arriving: {stopped}</output>}
      <ul className="inbox__list" aria-label="Inbox">
        {items.length === 0 && <li className="empty-state empty-state--small">Nothing yet.</li>}
        {items.map((item) => (
          <li key={item.id} className="inbox__item" data-unread={!item.read || undefined}>
            {item.link ? (
              <a
                href={item.link}
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                  event.preventDefault();
                  if (!item.read) markRead([item.id]);
                  setOpen(false);
                  navigate(item.link!);
                }}
              >
                {item.text}
              </a>
            ) : (
              item.text
            )}{" "}
            <span className="meta">{new Date(item.at).toLocaleString()}</span>
            {!item.read && <span className="visually-hidden"> (unread)</span>}
          </li>
        ))}
      </ul>
      {unread > 0 && (
        <button
          type="button"
          className="button button--small inbox__read-all"
          onClick={() => markRead()}
        >
          Mark all read
        </button>
      )}
    </Popover>
  );
}
