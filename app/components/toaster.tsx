import { Toaster as SonnerToaster } from "sonner";
import { useTheme } from "../lib/theme.ts";

/**
 * Where `toast(...)` from sonner appears: bottom right on a wide window,
 * bottom centre on a phone, in the app's light or dark theme. Toasts are
 * announced by screen readers and can be reached with Alt+T (sonner's key).
 * Use a toast for the outcome of an action ("Moved", with Undo); errors that
 * belong to a field stay beside the field.
 */
export function Toaster() {
  const { resolved } = useTheme();
  return (
    <SonnerToaster
      theme={resolved}
      position="bottom-right"
      closeButton
      toastOptions={{ className: "toast" }}
    />
  );
}
