import { useEffect, useState } from "react";
import type { WorkspaceDetails, WorkspaceSummary } from "../../shared/api/tree.ts";
import { api } from "../lib/api.ts";
import { useCommands } from "../lib/commands.ts";
import { navigate } from "../lib/router.ts";
import { useShortcut } from "../lib/shortcuts.ts";
import { useStoredValue } from "../lib/stored-value.ts";
import { CommandPalette } from "./command-palette.tsx";
import { QuickOpen } from "./quick-open.tsx";
import { SearchPanel } from "./search-panel.tsx";

/** Props of `WorkspaceFinders`. */
export interface WorkspaceFindersProps {
  workspace: Pick<WorkspaceDetails, "id" | "projects">;
  /** The open file, which goes to the head of the recent files. */
  fileId?: string;
}

/** How many recently opened files quick open puts first. */
const RECENT = 20;

/**
 * The workspace's three finders (issue 17 items 3–5) and their shortcuts:
 * Ctrl+P quick open, Ctrl+Shift+F search, Ctrl+K / Ctrl+Shift+P the command
 * palette. One is open at a time.
 */
export function WorkspaceFinders({ workspace, fileId }: WorkspaceFindersProps) {
  const [open, setOpen] = useState<"quick-open" | "search" | "palette" | null>(null);
  const [recentRaw, setRecentRaw] = useStoredValue(
    `quire.recent.${workspace.id}`,
    (raw) => raw ?? "",
  );
  const recent = recentRaw ? recentRaw.split(",") : [];
  useEffect(() => {
    if (!fileId || recent[0] === fileId) return;
    setRecentRaw([fileId, ...recent.filter((id) => id !== fileId)].slice(0, RECENT).join(","));
  });
  const [workspaces, setWorkspaces] = useState<readonly WorkspaceSummary[]>([]);
  useEffect(() => {
    if (open !== "palette") return;
    let current = true;
    api.listWorkspaces().then(
      (list) => current && setWorkspaces(list.workspaces),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [open]);

  useShortcut("quick-open", () => setOpen("quick-open"));
  useShortcut("search", () => setOpen("search"));
  useShortcut("palette", () => setOpen("palette"));
  useShortcut("palette-alt", () => setOpen("palette"));
  useCommands([
    {
      id: "quick-open",
      group: "Go to",
      label: "Open a file by name…",
      shortcut: "quick-open",
      run: () => setOpen("quick-open"),
    },
    {
      id: "search",
      group: "Go to",
      label: "Search every file…",
      shortcut: "search",
      run: () => setOpen("search"),
    },
    { id: "home", group: "Go to", label: "Your workspaces", run: () => navigate("/") },
    ...workspaces
      .filter((other) => other.id !== workspace.id && !other.trashedAt)
      .map((other) => ({
        id: `workspace-${other.id}`,
        group: "Go to",
        label: `Workspace: ${other.name}`,
        run: () => navigate(`/w/${other.id}`),
      })),
  ]);
  const onOpenChange = (which: typeof open) => (isOpen: boolean) => setOpen(isOpen ? which : null);
  return (
    <>
      <QuickOpen
        open={open === "quick-open"}
        onOpenChange={onOpenChange("quick-open")}
        workspace={workspace}
        recent={recent}
      />
      <SearchPanel
        open={open === "search"}
        onOpenChange={onOpenChange("search")}
        workspaceId={workspace.id}
      />
      <CommandPalette open={open === "palette"} onOpenChange={onOpenChange("palette")} />
    </>
  );
}
