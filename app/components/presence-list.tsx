import type { Participant } from "../sync/use-presence.ts";
import "./presence-list.css";

/** Props of `PresenceList`. */
export interface PresenceListProps {
  participants: Participant[];
}

/** The first letter of a name, for an avatar; emoji and accents count as one. */
function initialOf(name: string): string {
  const [first = "?"] = Array.from(name.trim());
  return first.toLocaleUpperCase();
}

/** Round avatars, one per person in the document, in their caret colour. */
export function PresenceList({ participants }: PresenceListProps) {
  const others = participants.filter((participant) => !participant.isSelf).length;
  const summary =
    others === 0 ? "Only you are here" : `You and ${others} other${others === 1 ? "" : "s"} here`;
  return (
    <ul className="presence" data-testid="presence" aria-label={summary} title={summary}>
      {participants.map((participant) => {
        const label = participant.isSelf ? `${participant.name} (you)` : participant.name;
        return (
          <li
            key={participant.clientId}
            className={`avatar${participant.isSelf ? " avatar--self" : ""}`}
            style={{ backgroundColor: participant.color }}
            title={label}
            aria-label={label}
            data-testid="presence-avatar"
          >
            {initialOf(participant.name)}
          </li>
        );
      })}
    </ul>
  );
}
