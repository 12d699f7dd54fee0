import { useCallback, useEffect, useState } from "react";
import {
  cleanName,
  IDENTITY_STORAGE_KEY,
  loadIdentity,
  saveIdentity,
  type Identity,
} from "./identity.ts";

/**
 * This browser's identity and a setter for its name. A rename in another tab
 * arrives through the `storage` event, so every tab shows the same name.
 */
export function useIdentity(): [Identity, (name: string) => void] {
  const [identity, setIdentity] = useState(loadIdentity);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.key === IDENTITY_STORAGE_KEY) setIdentity(loadIdentity());
    }
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const rename = useCallback((name: string) => {
    const cleaned = cleanName(name);
    if (cleaned === null) return;
    setIdentity((current) => {
      if (current.name === cleaned) return current;
      const next = { ...current, name: cleaned };
      saveIdentity(next);
      return next;
    });
  }, []);

  return [identity, rename];
}
