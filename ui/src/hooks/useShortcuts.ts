// Keyboard shortcuts of the window. Dialogs close with Escape by themselves (<dialog>).
import { useEffect, useRef } from "react";

export type Shortcuts = Partial<Record<"open" | "export" | "preview" | "settings" | "quit", () => void>>;

/** Ctrl (⌘ on macOS) + O open, E export, P preview, comma settings, Q quit. */
export function keyAction(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  switch (e.key.toLowerCase()) {
    case "o":
      return "open" as const;
    case "e":
      return "export" as const;
    case "p":
      return "preview" as const;
    case ",":
      return "settings" as const;
    case "q":
      return "quit" as const;
    default:
      return null;
  }
}

export function useShortcuts(shortcuts: Shortcuts) {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Not while a dialog is open: its own keys come first.
      if (document.querySelector("dialog[open]")) return;
      const action = keyAction(e);
      const run = action && ref.current[action];
      if (run) {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
