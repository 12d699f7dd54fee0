import { useState } from "react";
import type { User } from "../../shared/api/session.ts";
import { setThemeChoice, THEME_CHOICES, THEME_LABELS, useTheme } from "../lib/theme.ts";
import type { ProfileChanges } from "../sync/use-session.ts";
import "./account-menu.css";
import { CheckIcon } from "./icons.tsx";
import { Menu, MenuContent } from "./menu.tsx";
import { ProfileDialog } from "./profile-dialog.tsx";

/** Props of `AccountMenu`. */
export interface AccountMenuProps {
  user: User;
  onProfileChange: (changes: ProfileChanges) => Promise<void>;
  onSignOut: () => Promise<void>;
}

/**
 * The person's own menu in the header: their name and colour (in a dialog),
 * the theme (System, Light, Dark, remembered in this browser) and signing out.
 */
export function AccountMenu({ user, onProfileChange, onSignOut }: AccountMenuProps) {
  const { choice } = useTheme();
  const [profileOpen, setProfileOpen] = useState(false);
  return (
    <>
      <Menu.Root modal={false}>
        <Menu.Trigger asChild>
          <button type="button" className="account-button" aria-label={`Account: ${user.name}`}>
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
          <Menu.Item className="menu__item" onSelect={() => setProfileOpen(true)}>
            Name and colour…
          </Menu.Item>
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
          <Menu.Item className="menu__item" onSelect={() => void onSignOut()}>
            Sign out
          </Menu.Item>
        </MenuContent>
      </Menu.Root>
      <ProfileDialog
        open={profileOpen}
        onOpenChange={setProfileOpen}
        user={user}
        onSave={onProfileChange}
      />
    </>
  );
}
