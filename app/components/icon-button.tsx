import type { ButtonHTMLAttributes, ReactNode, Ref } from "react";
import { Tooltip } from "./tooltip.tsx";

/** Props of `IconButton`. */
export interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** What the button does, in words: its accessible name and its tooltip. */
  label: string;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * A button that shows only an icon: the label is its name for screen readers
 * and its tooltip for everyone else. It passes its ref and props on, so it
 * can be the trigger of a menu, popover or dialog.
 */
export function IconButton({ label, children, className, ref, ...rest }: IconButtonProps) {
  return (
    <Tooltip content={label}>
      <button
        ref={ref}
        type="button"
        className={`icon-button${className ? ` ${className}` : ""}`}
        aria-label={label}
        {...rest}
      >
        {children}
      </button>
    </Tooltip>
  );
}
