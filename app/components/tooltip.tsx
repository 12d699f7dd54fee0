import { Tooltip as RadixTooltip } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import "./tooltip.css";

/** Shows tooltips after a short wait; one near the root of the app. */
export function TooltipProvider({ children }: { children: ReactNode }) {
  return <RadixTooltip.Provider delayDuration={400}>{children}</RadixTooltip.Provider>;
}

/** Props of `Tooltip`. */
export interface TooltipProps {
  /** The words shown; for an icon button, the same as its accessible name. */
  content: ReactNode;
  /** One focusable element (a button or link). */
  children: ReactElement;
  side?: "top" | "bottom" | "left" | "right";
}

/**
 * A hint on hover and on keyboard focus, on Radix UI's Tooltip (Escape hides
 * it). A hint only: whatever it says must also be the element's name or
 * visible elsewhere, since touch screens never show it.
 */
export function Tooltip({ content, children, side = "bottom" }: TooltipProps) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className="tooltip" side={side} sideOffset={4} collisionPadding={8}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
