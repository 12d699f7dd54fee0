import { useEffect, useRef, useState } from "react";

/** How long a button says "Copied" before it says "Copy link" again. */
const COPIED_MS = 2000;

/**
 * Copies text to the clipboard and remembers, for a moment, which thing was
 * copied, so its button can say "Copied". Without clipboard access (an
 * insecure page, a refused permission) it says so instead, and the link
 * stays visible in its field to copy by hand.
 */
export function useCopy(): {
  copied: string | undefined;
  problem: string | undefined;
  copy: (text: string, key: string) => Promise<boolean>;
} {
  const [copied, setCopied] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async (text: string, key: string) => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      setCopied(undefined);
      setProblem("Could not copy here. Select the link and copy it with Ctrl+C.");
      return false;
    }
    setProblem(undefined);
    setCopied(key);
    timer.current = setTimeout(() => setCopied(undefined), COPIED_MS);
    return true;
  };
  return { copied, problem, copy };
}
