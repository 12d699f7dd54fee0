import { Command } from "cmdk";
import { Dialog } from "../components/dialog.tsx";
import { useAllCommands } from "../lib/commands.ts";
import { keysLabel, SHORTCUTS } from "../lib/shortcuts.ts";
import "./finder.css";

/** Props of `CommandPalette`. */
export interface CommandPaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

const KEYS = new Map<string, string>(SHORTCUTS.map((shortcut) => [shortcut.id, shortcut.keys]));

/**
 * Ctrl+K (or Ctrl+Shift+P): every action the page has right now, found by
 * typing part of its name, with its shortcut beside it (issue 17 item 5).
 * The actions come from the components that own them (app/lib/commands.ts).
 */
export function CommandPalette({ open, onOpenChange }: CommandPaletteProps) {
  const commands = useAllCommands();
  const groups = [...new Set(commands.map((command) => command.group))];
  return (
    <Dialog
      title="Command palette"
      hideTitle
      open={open}
      onOpenChange={onOpenChange}
      className="finder"
    >
      <Command label="Command palette" loop>
        <Command.Input placeholder="Type a command…" aria-label="Command" />
        <Command.List>
          <Command.Empty>No command has that name.</Command.Empty>
          {groups.map((group) => (
            <Command.Group key={group} heading={group}>
              {commands
                .filter((command) => command.group === group)
                .map((command) => {
                  const keys = command.shortcut ? KEYS.get(command.shortcut) : undefined;
                  return (
                    <Command.Item
                      key={command.id}
                      value={`${command.group} ${command.label}`}
                      keywords={command.keywords}
                      onSelect={() => {
                        onOpenChange(false);
                        // After the dialog has closed and given focus back.
                        requestAnimationFrame(() => command.run());
                      }}
                    >
                      <span className="finder__main">{command.label}</span>
                      {keys && <kbd className="finder__aside">{keysLabel(keys)}</kbd>}
                    </Command.Item>
                  );
                })}
            </Command.Group>
          ))}
        </Command.List>
      </Command>
    </Dialog>
  );
}
