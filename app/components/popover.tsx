import { Popover as RadixPopover } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import "./popover.css";

/** Props of `Popover`. */
export interface PopoverProps {
  /** The button that opens it; it must carry its own accessible name. */
  trigger: ReactElement;
  /** The panel's accessible name. */
  label: string;
  align?: "start" | "center" | "end";
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  className?: string;
  children: ReactNode;
}

/**
 * A panel anchored to a button, on Radix UI's Popover: Escape and a click
 * outside close it, focus moves in when it opens and back to the button when
 * it closes, and it stays inside the window at any width.
 */
export function Popover({
  trigger,
  label,
  align = "end",
  open,
  onOpenChange,
  className,
  children,
}: PopoverProps) {
  return (
    <RadixPopover.Root open={open} onOpenChange={onOpenChange}>
      <RadixPopover.Trigger asChild>{trigger}</RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content
          className={`popover${className ? ` ${className}` : ""}`}
          aria-label={label}
          align={align}
          sideOffset={6}
          collisionPadding={8}
        >
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  );
}
