/** What a guest would lose: their workspaces, and how many of them they own. */
export interface GuestLoss {
  workspaces: number;
  owned: number;
}

/**
 * "You are a guest: signing out loses access to 3 workspaces, 2 of which you
 * own, for good." (issue 18 item 4). A guest's identity is only this
 * browser's cookie, so the sentence names what goes with it.
 */
export function guestLossSentence({ workspaces, owned }: GuestLoss): string {
  if (workspaces === 0) {
    return "You are a guest: signing out ends this identity for good, and nobody can sign in as it again.";
  }
  const what = `${workspaces} workspace${workspaces === 1 ? "" : "s"}`;
  const mine =
    owned === 0
      ? ""
      : workspaces === 1
        ? ", which you own"
        : owned === workspaces
          ? `, all of which you own`
          : `, ${owned} of which you own`;
  return `You are a guest: signing out loses access to ${what}${mine}, for good.`;
}
