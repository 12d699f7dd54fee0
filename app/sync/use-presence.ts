import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";

/** One person in the document, as the presence list draws them. */
export interface Participant {
  clientId: number;
  name: string;
  color: string;
  isSelf: boolean;
}

/**
 * Everyone whose awareness state carries a `user`, this tab first. Two tabs
 * of one person show twice on purpose: each is a separate caret in the text.
 */
export function participantsOf(awareness: Awareness): Participant[] {
  const participants: Participant[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const user: unknown = state.user;
    if (typeof user !== "object" || user === null) return;
    const { name, color } = user as Record<string, unknown>;
    participants.push({
      clientId,
      name: typeof name === "string" && name.trim() !== "" ? name : "Anonymous",
      color: typeof color === "string" ? color : "#868e96",
      isSelf: clientId === awareness.clientID,
    });
  });
  return participants.sort(
    (a, b) =>
      Number(b.isSelf) - Number(a.isSelf) ||
      a.name.localeCompare(b.name) ||
      a.clientId - b.clientId,
  );
}

/** The participants of `awareness`, updated as people join, leave or rename. */
export function usePresence(awareness: Awareness | null): Participant[] {
  const [participants, setParticipants] = useState<Participant[]>([]);

  useEffect(() => {
    if (!awareness) return;
    // `change` also fires for every cursor move; keeping the previous array
    // when nobody joined, left or renamed spares the header a re-render per keystroke.
    const refresh = () =>
      setParticipants((previous) => {
        const next = participantsOf(awareness);
        return sameParticipants(previous, next) ? previous : next;
      });
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness]);

  return participants;
}

function sameParticipants(a: Participant[], b: Participant[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined && p.clientId === q.clientId && p.name === q.name && p.color === q.color
      );
    })
  );
}
