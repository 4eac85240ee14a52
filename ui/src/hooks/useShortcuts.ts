// Keyboard shortcuts of the window. Dialogs close with Escape by themselves (<dialog>).
import { useEffect, useRef } from "react";

export type Shortcuts = Partial<
  Record<"open" | "export" | "preview" | "settings" | "quit" | "undo" | "redo" | "save" | "saveAs", () => void>
>;

/**
 * Ctrl (⌘ on macOS) + O open, E export, P preview, comma settings, Q quit, Z undo, Shift+Z or Y
 * redo, S save, Shift+S save as.
 */
export function keyAction(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (e.shiftKey) {
    if (key === "z") return "redo" as const;
    if (key === "s") return "saveAs" as const;
    return null;
  }
  switch (key) {
    case "z":
      return "undo" as const;
    case "y":
      return "redo" as const;
    case "s":
      return "save" as const;
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
      // In a text field, undo and redo are the field's own (its typing not yet applied).
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing && (action === "undo" || action === "redo")) return;
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
