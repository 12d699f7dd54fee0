/**
 * How a person appears to the others in a document: the name and colour of
 * their session's user (`GET /api/session`; the document stamps them on the
 * person's cursor whatever the tab claims), plus the tint y-codemirror.next
 * draws their selection with.
 */

/** A person's name and colours as other people see them. */
export interface Identity {
  /**
   * Their user id. The server stamps it on every state it relays; this tab
   * sends it too because y-websocket also relays states straight between
   * tabs of one browser (a BroadcastChannel), which the server never stamps,
   * and presence groups tabs into people by it.
   */
  id: string;
  name: string;
  /** Caret, avatar and label colour. */
  color: string;
  /** Translucent tint for this person's selection (y-codemirror.next reads `colorLight`). */
  colorLight: string;
}

const ADJECTIVES = [
  "Amber",
  "Azure",
  "Brave",
  "Calm",
  "Clever",
  "Coral",
  "Gentle",
  "Golden",
  "Jade",
  "Keen",
  "Lucky",
  "Merry",
  "Quiet",
  "Rosy",
  "Swift",
  "Teal",
] as const;

const ANIMALS = [
  "Badger",
  "Crane",
  "Dolphin",
  "Falcon",
  "Fox",
  "Hare",
  "Heron",
  "Koala",
  "Lynx",
  "Otter",
  "Owl",
  "Panda",
  "Puffin",
  "Robin",
  "Seal",
  "Wren",
] as const;

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick() needs a non-empty list.");
  return item;
}

/** A friendly name such as "Teal Otter", offered in the sign-in form until the person types one. */
export function suggestedName(random: () => number = Math.random): string {
  return `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`;
}
