import { useEffect, useId, useMemo, useRef, useState } from "react";

/** Someone who can be mentioned: a member of the workspace. */
export interface Mentionable {
  userId: string;
  name: string;
}

/** A comment's text and the people it mentions. */
export interface CommentDraft {
  body: string;
  mentions: string[];
}

/** Props of `MentionInput`. */
export interface MentionInputProps {
  label: string;
  placeholder?: string;
  members: readonly Mentionable[];
  submitLabel: string;
  initial?: string;
  /** Puts the caret in the box when it appears (the person just asked to comment or edit). */
  focusOnMount?: boolean;
  onSubmit: (draft: CommentDraft) => Promise<void> | void;
  onCancel?: () => void;
}

/** "@" then up to 30 letters, digits, spaces, dots or dashes, right before the caret. */
const MENTION_QUERY = /(^|\s)@([\p{L}\p{N}_.\- ]{0,30})$/u;

/**
 * A comment box (issue 19): typing @ suggests the workspace's members (↑ ↓
 * to choose, Enter or Tab to take, Escape to close), Ctrl+Enter posts. The
 * mentions sent are those picked whose "@Name" is still in the text.
 */
export function MentionInput({
  label,
  placeholder,
  members,
  submitLabel,
  initial = "",
  focusOnMount,
  onSubmit,
  onCancel,
}: MentionInputProps) {
  const [body, setBody] = useState(initial);
  const [caret, setCaret] = useState(initial.length);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [dismissed, setDismissed] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const query = MENTION_QUERY.exec(body.slice(0, caret));
  const wanted = query ? query[2]!.toLowerCase() : undefined;
  const suggestions = useMemo(
    () =>
      wanted === undefined
        ? []
        : members.filter((member) => member.name.toLowerCase().startsWith(wanted)).slice(0, 6),
    [wanted, members],
  );
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  const open = suggestions.length > 0 && dismissed !== caret;

  function take(member: Mentionable) {
    if (!query) return;
    const start = caret - query[2]!.length - 1;
    const next = `${body.slice(0, start)}@${member.name} ${body.slice(caret)}`;
    const at = start + member.name.length + 2;
    setBody(next);
    setCaret(at);
    setPicked((current) =>
      current.some((each) => each.userId === member.userId) ? current : [...current, member],
    );
    requestAnimationFrame(() => ref.current?.setSelectionRange(at, at));
  }

  async function submit() {
    const text = body.trim();
    if (!text || busy) return;
    const mentions = picked
      .filter((member) => body.includes(`@${member.name}`))
      .map((member) => member.userId);
    setBusy(true);
    try {
      await onSubmit({ body: text, mentions });
      setBody("");
      setPicked([]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="mention-input"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={ref}
        aria-label={label}
        placeholder={placeholder}
        value={body}
        rows={2}
        maxLength={10_000}
        // The ARIA combobox pattern on a multi-line box (WAI-ARIA APG, "Combobox"):
        // no HTML element suggests names inside free text.
        // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${highlighted}` : undefined}
        onChange={(event) => {
          setBody(event.target.value);
          setCaret(event.target.selectionStart);
          setHighlighted(0);
          setDismissed(undefined);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
            event.preventDefault();
            const step = event.key === "ArrowDown" ? 1 : -1;
            setHighlighted((index) => (index + step + suggestions.length) % suggestions.length);
          } else if (open && (event.key === "Enter" || event.key === "Tab") && !event.ctrlKey) {
            event.preventDefault();
            take(suggestions[highlighted] ?? suggestions[0]!);
          } else if (open && event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            setDismissed(caret);
          } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          } else if (event.key === "Escape" && onCancel) {
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      {open && (
        // The combobox's popup (APG "Listbox"); <datalist> cannot complete a word inside a text.
        <ul
          className="mention-input__list"
          id={listId}
          // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role, jsx-a11y/no-noninteractive-element-to-interactive-role
          role="listbox"
          aria-label="People to mention"
        >
          {suggestions.map((member, index) => (
            <li
              key={member.userId}
              id={`${listId}-${index}`}
              // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role, jsx-a11y/no-noninteractive-element-to-interactive-role
              role="option"
              aria-selected={index === highlighted}
              onMouseDown={(event) => {
                event.preventDefault();
                take(member);
              }}
            >
              {member.name}
            </li>
          ))}
        </ul>
      )}
      <div className="mention-input__actions">
        {onCancel && (
          <button type="button" className="button button--small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={busy || body.trim() === ""}
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
