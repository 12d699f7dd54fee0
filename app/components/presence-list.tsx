import type { Presence } from "../sync/use-presence.ts";
import "./presence-list.css";

/** The first letter of a name, for an avatar; emoji and accents count as one. */
function initialOf(name: string): string {
  const [first = "?"] = Array.from(name.trim());
  return first.toLocaleUpperCase();
}

/**
 * "You and 1 other here", counting people (not tabs), and visitors by a link
 * apart. A visitor, who is nobody here, reads "2 people here".
 */
export function presenceSummary({ participants, visitors }: Presence, asVisitor = false): string {
  const others = participants.filter((participant) => !participant.isSelf).length;
  const people = asVisitor
    ? `${others === 0 ? "Nobody else" : `${others} ${others === 1 ? "person" : "people"}`} here`
    : others === 0
      ? "Only you are here"
      : `You and ${others} other${others === 1 ? "" : "s"} here`;
  return visitors === 0 ? people : `${people}, and ${visitors} visitor${visitors === 1 ? "" : "s"}`;
}

/** Round avatars, one per person in the document, in their caret colour; visitors as a count. */
export function PresenceList({
  presence,
  asVisitor = false,
}: {
  presence: Presence;
  /** The page is a visitor's: there is no "you" among the people. */
  asVisitor?: boolean;
}) {
  const summary = presenceSummary(presence, asVisitor);
  return (
    <ul className="presence" data-testid="presence" aria-label={summary} title={summary}>
      {presence.participants.map((participant) => {
        const label = participant.isSelf ? `${participant.name} (you)` : participant.name;
        return (
          <li
            key={participant.key}
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
      {presence.visitors > 0 && (
        <li className="presence__visitors" data-testid="presence-visitors">
          +{presence.visitors}
        </li>
      )}
    </ul>
  );
}
