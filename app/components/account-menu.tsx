import { useRef, useState } from "react";
import type { User } from "../../shared/api/session.ts";
import { toast } from "sonner";
import { ApiError } from "../lib/api.ts";
import { useCommands } from "../lib/commands.ts";
import { addPasskey, suggestedPasskeyName } from "../lib/passkeys.ts";
import { navigate } from "../lib/router.ts";
import { useShortcut } from "../lib/shortcuts.ts";
import { setThemeChoice, THEME_CHOICES, THEME_LABELS, useTheme } from "../lib/theme.ts";
import type { ProfileChanges } from "../sync/use-session.ts";
import "./account-menu.css";
import { CheckIcon } from "./icons.tsx";
import { Menu, MenuContent } from "./menu.tsx";
import { ProfileDialog } from "./profile-dialog.tsx";
import { RecoveryCodesDialog } from "./recovery-codes-dialog.tsx";
import { SignOutDialog } from "../account/sign-out-dialog.tsx";
import { ShortcutsDialog } from "./shortcuts-dialog.tsx";

/** Props of `AccountMenu`. */
export interface AccountMenuProps {
  user: User;
  onProfileChange: (changes: ProfileChanges) => Promise<void>;
  onSignOut: () => Promise<void>;
  /** How many passkeys the person has (0: a guest; issue 18). */
  passkeys: number;
  /** Reads the session again after a passkey was added. */
  onPasskeysChange: () => Promise<void>;
}

/**
 * The person's own menu in the header: their name and colour (in a dialog),
 * their account page, a passkey for a guest (issue 18: they become an
 * account with the same id, so everything they made stays theirs), the theme
 * (System, Light, Dark, remembered in this browser) and signing out.
 */
export function AccountMenu({
  user,
  onProfileChange,
  onSignOut,
  passkeys,
  onPasskeysChange,
}: AccountMenuProps) {
  const { choice, resolved } = useTheme();
  const [codes, setCodes] = useState<string[]>([]);
  const guest = passkeys === 0;
  const addFirstPasskey = async () => {
    try {
      const registered = await addPasskey(suggestedPasskeyName());
      setCodes(registered.recoveryCodes);
      await onPasskeysChange();
      toast.success("Passkey added: you can sign in with it on this device.");
    } catch (error) {
      toast.error(
        error instanceof ApiError ? error.message : "The passkey could not be added. Try again.",
      );
    }
  };
  const [profileOpen, setProfileOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // Signing out asks first when the person is a guest (issue 18 item 4).
  const [signingOut, setSigningOut] = useState(false);
  useShortcut("shortcuts", () => {
    fromMenu.current = false;
    setShortcutsOpen(true);
  });
  // In the command palette too (app/finders/command-palette.tsx).
  useCommands([
    {
      id: "theme-toggle",
      group: "Appearance",
      label: resolved === "dark" ? "Toggle dark mode (now dark)" : "Toggle dark mode (now light)",
      keywords: ["theme", "light", "dark"],
      run: () => setThemeChoice(resolved === "dark" ? "light" : "dark"),
    },
    ...THEME_CHOICES.map((theme) => ({
      id: `theme-${theme}`,
      group: "Appearance",
      label: `Theme: ${THEME_LABELS[theme]}`,
      run: () => setThemeChoice(theme),
    })),
    {
      id: "profile",
      group: "Account",
      label: "Your name and colour…",
      run: () => setProfileOpen(true),
    },
    {
      id: "account",
      group: "Account",
      label: "Account: passkeys and recovery codes",
      keywords: ["passkey", "recovery", "settings"],
      run: () => navigate("/account"),
    },
    {
      id: "shortcuts",
      group: "Help",
      label: "Keyboard shortcuts",
      shortcut: "shortcuts",
      run: () => setShortcutsOpen(true),
    },
    { id: "sign-out", group: "Account", label: "Sign out", run: () => setSigningOut(true) },
  ]);
  const button = useRef<HTMLButtonElement>(null);
  // A dialog opened from this menu gives focus back to the account button (the
  // menu item it came from is gone); one opened with "?" goes back to where it was.
  const fromMenu = useRef(false);
  const openFromMenu = (open: (value: boolean) => void) => () => {
    fromMenu.current = true;
    open(true);
  };
  const backToButton = (event: Event) => {
    if (!fromMenu.current) return;
    event.preventDefault();
    button.current?.focus();
  };
  return (
    <>
      <Menu.Root modal={false}>
        <Menu.Trigger asChild>
          <button
            ref={button}
            type="button"
            className="account-button"
            aria-label={`Account: ${user.name}`}
          >
            <span
              className="account-button__avatar"
              style={{ backgroundColor: user.color }}
              aria-hidden="true"
            >
              {Array.from(user.name.trim())[0]?.toLocaleUpperCase() ?? "?"}
            </span>
            <span className="account-button__name" aria-hidden="true">
              {user.name}
            </span>
          </button>
        </Menu.Trigger>
        <MenuContent label="Account">
          <Menu.Label className="menu__group-label account-menu__who">
            Signed in as {user.name}
          </Menu.Label>
          <Menu.Item className="menu__item" onSelect={openFromMenu(setProfileOpen)}>
            Name and colour…
          </Menu.Item>
          <Menu.Item className="menu__item" onSelect={() => navigate("/account")}>
            Account and passkeys
          </Menu.Item>
          {guest && (
            <Menu.Item className="menu__item" onSelect={() => void addFirstPasskey()}>
              Add a passkey to keep your work…
            </Menu.Item>
          )}
          <Menu.Separator className="menu__separator" />
          <Menu.Label className="menu__group-label">Theme</Menu.Label>
          <Menu.RadioGroup
            value={choice}
            onValueChange={(value) => {
              const picked = THEME_CHOICES.find((theme) => theme === value);
              if (picked) setThemeChoice(picked);
            }}
          >
            {THEME_CHOICES.map((theme) => (
              <Menu.RadioItem key={theme} value={theme} className="menu__radio">
                <span className="menu__radio-mark">
                  <Menu.ItemIndicator>
                    <CheckIcon />
                  </Menu.ItemIndicator>
                </span>
                {THEME_LABELS[theme]}
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="menu__separator" />
          <Menu.Item className="menu__item" onSelect={openFromMenu(setShortcutsOpen)}>
            <span className="menu__label">Keyboard shortcuts</span>
            <kbd className="menu__shortcut">?</kbd>
          </Menu.Item>
          <Menu.Item className="menu__item" onSelect={openFromMenu(setSigningOut)}>
            Sign out
          </Menu.Item>
        </MenuContent>
      </Menu.Root>
      <ShortcutsDialog
        open={shortcutsOpen}
        onOpenChange={setShortcutsOpen}
        onCloseAutoFocus={backToButton}
      />
      {signingOut && <SignOutDialog open onOpenChange={setSigningOut} onSignOut={onSignOut} />}
      <ProfileDialog
        open={profileOpen}
        onOpenChange={setProfileOpen}
        user={user}
        onSave={onProfileChange}
        onCloseAutoFocus={backToButton}
      />
      <RecoveryCodesDialog codes={codes} onClose={() => setCodes([])} />
    </>
  );
}
