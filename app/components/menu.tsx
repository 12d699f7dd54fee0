import { ContextMenu as RadixContextMenu, DropdownMenu as RadixDropdownMenu } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import "./menu.css";

/** One command in a menu. */
export interface MenuAction {
  label: string;
  onSelect: () => void;
  /** Painted as destructive ("Delete"). */
  destructive?: boolean;
  disabled?: boolean;
  /** A key that does the same, shown on the right ("F2"). */
  shortcut?: string;
}

/** A command, or a line between groups of commands. */
export type MenuEntry = MenuAction | "separator";

/** Props of `ActionMenu`. */
export interface ActionMenuProps {
  /** The button that opens the menu; it must carry its own accessible name. */
  trigger: ReactElement;
  entries: readonly MenuEntry[];
  /** The menu's accessible name, e.g. "Actions for notes.md". */
  label: string;
  align?: "start" | "end";
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Where focus goes when the menu closes; by default back to its trigger. */
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A button's drop-down menu on Radix UI's DropdownMenu: arrow keys move,
 * typing a letter jumps, Enter picks, Escape or a click outside closes and
 * gives focus back to the button.
 */
export function ActionMenu({
  trigger,
  entries,
  label,
  align = "end",
  open,
  onOpenChange,
  onCloseAutoFocus,
}: ActionMenuProps) {
  return (
    <RadixDropdownMenu.Root open={open} onOpenChange={onOpenChange} modal={false}>
      <RadixDropdownMenu.Trigger asChild>{trigger}</RadixDropdownMenu.Trigger>
      <MenuContent label={label} align={align} onCloseAutoFocus={onCloseAutoFocus}>
        <MenuEntries entries={entries} />
      </MenuContent>
    </RadixDropdownMenu.Root>
  );
}

/** Props of `ActionContextMenu`. */
export interface ActionContextMenuProps {
  /** The element a right click (or the keyboard's menu key) opens the menu on. */
  children: ReactElement;
  entries: readonly MenuEntry[];
  label: string;
  onCloseAutoFocus?: (event: Event) => void;
}

/** The same commands on a right click, on Radix UI's ContextMenu. */
export function ActionContextMenu({
  children,
  entries,
  label,
  onCloseAutoFocus,
}: ActionContextMenuProps) {
  return (
    <RadixContextMenu.Root modal={false}>
      <RadixContextMenu.Trigger asChild>{children}</RadixContextMenu.Trigger>
      <RadixContextMenu.Portal>
        <RadixContextMenu.Content
          className="menu"
          aria-label={label}
          collisionPadding={8}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          {entries.map((entry, index) =>
            entry === "separator" ? (
              // A separator has no identity of its own: its place is its key.
              <RadixContextMenu.Separator key={`separator-${index}`} className="menu__separator" />
            ) : (
              <RadixContextMenu.Item
                key={entry.label}
                className={itemClass(entry)}
                disabled={entry.disabled}
                onSelect={entry.onSelect}
              >
                <ItemText action={entry} />
              </RadixContextMenu.Item>
            ),
          )}
        </RadixContextMenu.Content>
      </RadixContextMenu.Portal>
    </RadixContextMenu.Root>
  );
}

/** Props of `MenuContent`. */
export interface MenuContentProps {
  label: string;
  align?: "start" | "end";
  onCloseAutoFocus?: (event: Event) => void;
  children: ReactNode;
}

/** A drop-down menu's styled panel, for menus built from the parts below. */
export function MenuContent({
  label,
  align = "end",
  onCloseAutoFocus,
  children,
}: MenuContentProps) {
  return (
    <RadixDropdownMenu.Portal>
      <RadixDropdownMenu.Content
        className="menu"
        aria-label={label}
        align={align}
        sideOffset={4}
        collisionPadding={8}
        onCloseAutoFocus={onCloseAutoFocus}
      >
        {children}
      </RadixDropdownMenu.Content>
    </RadixDropdownMenu.Portal>
  );
}

/** Drop-down menu items for a list of entries. */
export function MenuEntries({ entries }: { entries: readonly MenuEntry[] }) {
  return entries.map((entry, index) =>
    entry === "separator" ? (
      <RadixDropdownMenu.Separator key={`separator-${index}`} className="menu__separator" />
    ) : (
      <RadixDropdownMenu.Item
        key={entry.label}
        className={itemClass(entry)}
        disabled={entry.disabled}
        onSelect={entry.onSelect}
      >
        <ItemText action={entry} />
      </RadixDropdownMenu.Item>
    ),
  );
}

/** Radix's drop-down menu parts, for menus with radio groups or labels (the account menu). */
export const Menu = RadixDropdownMenu;

function itemClass(action: MenuAction): string {
  return `menu__item${action.destructive ? " menu__item--danger" : ""}`;
}

function ItemText({ action }: { action: MenuAction }) {
  return (
    <>
      <span className="menu__label">{action.label}</span>
      {action.shortcut && <kbd className="menu__shortcut">{action.shortcut}</kbd>}
    </>
  );
}
