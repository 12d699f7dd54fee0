import type { User } from "../../shared/api/session.ts";
import { focusEditor, MAIN_ID } from "../lib/focus.ts";
import type { ProfileChanges } from "../sync/use-session.ts";
import { AccountMenu } from "./account-menu.tsx";
import "./app-header.css";
import { InboxButton } from "./inbox-button.tsx";
import { Link } from "./link.tsx";

/** Props of `AppHeader`. */
export interface AppHeaderProps {
  user: User;
  /** Names the skip link's target: "editor" on a file's page. */
  skipTo: "editor" | "content";
  onProfileChange: (changes: ProfileChanges) => Promise<void>;
  onSignOut: () => Promise<void>;
  /** How many passkeys the person has (0: a guest; issue 18). */
  passkeys: number;
  /** Reads the session again after a passkey was added. */
  onPasskeysChange: () => Promise<void>;
}

/**
 * The bar on every signed-in page: a skip link (the first Tab stop), the
 * brand, the inbox and the account menu. It fits a phone's width: the name
 * shrinks to the avatar before anything wraps.
 */
export function AppHeader({
  user,
  skipTo,
  onProfileChange,
  onSignOut,
  passkeys,
  onPasskeysChange,
}: AppHeaderProps) {
  return (
    <header className="header">
      <a
        className="skip-link"
        href={`#${MAIN_ID}`}
        onClick={(event) => {
          event.preventDefault();
          focusEditor();
        }}
      >
        {skipTo === "editor" ? "Skip to editor" : "Skip to main content"}
      </a>
      <Link className="brand" href="/">
        Quire
      </Link>
      <div className="header__spacer" />
      <InboxButton />
      <AccountMenu
        user={user}
        onProfileChange={onProfileChange}
        onSignOut={onSignOut}
        passkeys={passkeys}
        onPasskeysChange={onPasskeysChange}
      />
    </header>
  );
}
