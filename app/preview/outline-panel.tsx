import { CloseIcon } from "../components/icons.tsx";
import type { Heading } from "./outline.ts";

/** Props of `OutlinePanel`. */
export interface OutlinePanelProps {
  headings: readonly Heading[];
  /** The index of the heading the caret is under, or -1. */
  current: number;
  onJump: (index: number) => void;
  onClose: () => void;
}

/** The file's headings, indented by level; the caret's own is marked, and a click goes there. */
export function OutlinePanel({ headings, current, onJump, onClose }: OutlinePanelProps) {
  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <div className="outline__header">
        <h2 className="outline__title">Outline</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the outline"
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </div>
      {headings.length === 0 ? (
        <p className="outline__empty">No headings. Start a line with # to make one.</p>
      ) : (
        <ol className="outline__list">
          {headings.map((heading, index) => (
            <li
              key={`${heading.line}-${heading.text}`}
              style={{ paddingLeft: `${(heading.level - 1) * 0.75}rem` }}
            >
              <button
                type="button"
                className="outline__item"
                aria-current={index === current ? "location" : undefined}
                onClick={() => onJump(index)}
              >
                {heading.text}
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
