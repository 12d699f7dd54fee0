import type { SVGProps } from "react";

/**
 * The few icons the app draws, as inline SVG in the current text colour.
 * They are decoration: the button or link around each one carries the name.
 */

type IconProps = SVGProps<SVGSVGElement>;

function Icon({ children, ...rest }: IconProps) {
  return (
    <svg
      className="icon"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

/** Three lines: opens the file drawer. */
export function MenuIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
    </Icon>
  );
}

/** Three dots: "more actions". */
export function MoreIcon(props: IconProps) {
  return (
    <Icon {...props} fill="currentColor" stroke="none">
      <circle cx="3.5" cy="8" r="1.3" />
      <circle cx="8" cy="8" r="1.3" />
      <circle cx="12.5" cy="8" r="1.3" />
    </Icon>
  );
}

/** A cross: close. */
export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 4l8 8M12 4l-8 8" />
    </Icon>
  );
}

/** A plus: create. */
export function PlusIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 3v10M3 8h10" />
    </Icon>
  );
}

/** A chevron pointing right; turned down by CSS when its row is open. */
export function ChevronIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M6 3.5L10.5 8 6 12.5" />
    </Icon>
  );
}

/** A sheet of paper with a folded corner. */
export function FileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 1.75h5L12.5 5.25v9H4z" />
      <path d="M9 1.75v3.5h3.5" />
    </Icon>
  );
}

/** A folder. */
export function FolderIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.75 4.25v8.5h12.5v-7H8L6.5 4.25z" />
    </Icon>
  );
}

/** A box of files: a project. */
export function ProjectIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2 5.5L8 2.5l6 3v5L8 13.5 2 10.5z" />
      <path d="M2 5.5l6 3 6-3M8 8.5v5" />
    </Icon>
  );
}

/** A panel with a sidebar: shows or hides the sidebar. */
export function SidebarIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.5" />
      <path d="M6 2.75v10.5" />
    </Icon>
  );
}

/** A tick. */
export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 8.5l3 3 7-7" />
    </Icon>
  );
}

export function LockIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3.5" y="7" width="9" height="6.5" rx="1.25" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </Icon>
  );
}
