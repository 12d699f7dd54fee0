import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { VISITOR_ID_PREFIX } from "../../shared/api/sharing.ts";

/** One person in the document, as the presence list draws them: one avatar however many tabs. */
export interface Participant {
  /** Their user id (the server stamps it on every awareness state), or the tab's client id. */
  key: string;
  name: string;
  color: string;
  isSelf: boolean;
  /** How many of their tabs have the file open. */
  tabs: number;
}

/** Who is in a document: people, and visitors by a link (counted, not named). */
export interface Presence {
  participants: Participant[];
  visitors: number;
}

const NOBODY: Presence = { participants: [], visitors: 0 };

/**
 * Everyone whose awareness state carries a `user`, one entry per person
 * (issue 12 item 6: presence counts people, not tabs), this person first.
 * The server stamps each state with the sender's user id; this tab's own
 * state has none, so `selfId` says which id is this person's other tabs.
 */
export function presenceOf(awareness: Awareness, selfId?: string): Presence {
  const people = new Map<string, Participant>();
  let visitors = 0;
  awareness.getStates().forEach((state, clientId) => {
    const user: unknown = state.user;
    if (typeof user !== "object" || user === null) return;
    const { id, name, color } = user as Record<string, unknown>;
    if (typeof id === "string" && id.startsWith(VISITOR_ID_PREFIX)) {
      visitors++;
      return;
    }
    const isSelf = clientId === awareness.clientID || (selfId !== undefined && id === selfId);
    const key = isSelf ? "self" : typeof id === "string" ? id : `client:${clientId}`;
    const known = people.get(key);
    if (known) {
      known.tabs++;
      // This tab's own state is the freshest word on this person's name.
      if (clientId !== awareness.clientID) return;
    }
    people.set(key, {
      key,
      name: typeof name === "string" && name.trim() !== "" ? name : "Anonymous",
      color: typeof color === "string" ? color : "#868e96",
      isSelf,
      tabs: known?.tabs ?? 1,
    });
  });
  const participants = [...people.values()].sort(
    (a, b) =>
      Number(b.isSelf) - Number(a.isSelf) ||
      a.name.localeCompare(b.name) ||
      a.key.localeCompare(b.key),
  );
  return { participants, visitors };
}

/** The presence of `awareness`, updated as people join, leave or rename. */
export function usePresence(awareness: Awareness | null, selfId?: string): Presence {
  const [presence, setPresence] = useState<Presence>(NOBODY);

  useEffect(() => {
    if (!awareness) return;
    // `change` also fires for every cursor move; keeping the previous value
    // when nobody joined, left or renamed spares the header a re-render per keystroke.
    const refresh = () =>
      setPresence((previous) => {
        const next = presenceOf(awareness, selfId);
        return samePresence(previous, next) ? previous : next;
      });
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness, selfId]);

  return presence;
}

function samePresence(a: Presence, b: Presence): boolean {
  return (
    a.visitors === b.visitors &&
    a.participants.length === b.participants.length &&
    a.participants.every((p, i) => {
      const q = b.participants[i];
      return (
        q !== undefined &&
        p.key === q.key &&
        p.name === q.name &&
        p.color === q.color &&
        p.tabs === q.tabs
      );
    })
  );
}
