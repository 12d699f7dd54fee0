import type { KeyboardEvent, PointerEvent, ReactNode } from "react";
import { Dialog } from "../../components/dialog.tsx";
import { editorFocusPending, focusFileTree } from "../../lib/focus.ts";
import { useStoredValue } from "../../lib/stored-value.ts";
import "./sidebar-frame.css";

/** The sidebar's width in CSS pixels: its limits, its default and the arrow keys' step. */
export const SIDEBAR_WIDTH = { min: 200, max: 520, initial: 280, step: 16 } as const;

const WIDTH_KEY = "quire:sidebar-width";
const COLLAPSED_KEY = "quire:sidebar-collapsed";

function clampWidth(width: number): number {
  return Math.round(Math.min(SIDEBAR_WIDTH.max, Math.max(SIDEBAR_WIDTH.min, width)));
}

/** The sidebar's width and whether it is collapsed, remembered in this browser. */
export function useSidebarLayout() {
  const [width, setWidth] = useStoredValue(WIDTH_KEY, (raw) => {
    const stored = Number(raw);
    return raw !== null && Number.isFinite(stored) ? clampWidth(stored) : SIDEBAR_WIDTH.initial;
  });
  const [collapsed, setCollapsed] = useStoredValue(COLLAPSED_KEY, (raw) => raw === "true");
  return { width, setWidth: (next: number) => setWidth(clampWidth(next)), collapsed, setCollapsed };
}

/** Props of `SidebarFrame`. */
export interface SidebarFrameProps {
  /** A phone: the sidebar is a drawer. */
  phone: boolean;
  drawerOpen: boolean;
  onDrawerOpenChange: (open: boolean) => void;
  layout: ReturnType<typeof useSidebarLayout>;
  children: ReactNode;
}

/**
 * Where the sidebar lives. On a phone, a drawer from the left (a Radix
 * dialog: Escape and a tap outside close it). Wider, a column beside the
 * editor that can be collapsed and resized, by dragging its edge or with the
 * arrow keys on it; both are remembered in this browser.
 */
export function SidebarFrame({
  phone,
  drawerOpen,
  onDrawerOpenChange,
  layout,
  children,
}: SidebarFrameProps) {
  if (phone) {
    return (
      <Dialog
        title="Files"
        hideTitle
        variant="drawer"
        open={drawerOpen}
        onOpenChange={onDrawerOpenChange}
        onOpenAutoFocus={(event) => {
          // Straight to the tree's current row, as Ctrl+Shift+E does on a wide screen.
          event.preventDefault();
          requestAnimationFrame(() => focusFileTree());
        }}
        onCloseAutoFocus={(event) => {
          // A file opened from the drawer with Enter takes the caret; do not pull it back.
          if (editorFocusPending() || document.activeElement?.closest(".cm-editor")) {
            event.preventDefault();
          }
        }}
      >
        {children}
      </Dialog>
    );
  }
  if (layout.collapsed) return null;

  const { width, setWidth } = layout;
  const startDrag = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const handle = event.currentTarget;
    const startX = event.clientX;
    const startWidth = width;
    handle.setPointerCapture(event.pointerId);
    const onMove = (move: globalThis.PointerEvent) => setWidth(startWidth + move.clientX - startX);
    const onUp = () => {
      handle.removeEventListener("pointermove", onMove);
      handle.removeEventListener("pointerup", onUp);
      handle.removeEventListener("pointercancel", onUp);
    };
    handle.addEventListener("pointermove", onMove);
    handle.addEventListener("pointerup", onUp);
    handle.addEventListener("pointercancel", onUp);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? SIDEBAR_WIDTH.step * 4 : SIDEBAR_WIDTH.step;
    const next = {
      ArrowLeft: width - step,
      ArrowRight: width + step,
      Home: SIDEBAR_WIDTH.min,
      End: SIDEBAR_WIDTH.max,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setWidth(next);
  };

  return (
    <aside className="sidebar-frame" aria-label="Workspace" style={{ width }}>
      <div className="sidebar-frame__scroll">{children}</div>
      {/* A focusable separator is the ARIA window splitter (WAI-ARIA APG "Window
          Splitter"): the arrow keys resize it. An <hr> cannot take focus or keys. */}
      <div
        className="sidebar-frame__handle"
        // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the sidebar"
        aria-valuenow={width}
        aria-valuemin={SIDEBAR_WIDTH.min}
        aria-valuemax={SIDEBAR_WIDTH.max}
        tabIndex={0}
        onPointerDown={startDrag}
        onKeyDown={onKeyDown}
        onDoubleClick={() => setWidth(SIDEBAR_WIDTH.initial)}
      />
    </aside>
  );
}
