import { useEffect, useRef } from "react";
import { t } from "../i18n";

interface Props {
  /** The titles of the projects with unsaved changes. */
  names: string[];
  onSave: () => void;
  onDiscard: () => void;
  onCancel: () => void;
}

/** Asked before a tab or the window closes with unsaved changes: save, don't save, or cancel. */
export function UnsavedDialog({ names, onSave, onDiscard, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const save = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    save.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" onCancel={onCancel} data-testid="unsaved-dialog">
      <h2>{t.unsavedTitle}</h2>
      <p>{t.unsavedAsk(names)}</p>
      <div className="actions">
        <button onClick={onCancel} data-testid="unsaved-cancel">
          {t.cancel}
        </button>
        <button className="danger" onClick={onDiscard} data-testid="unsaved-discard">
          {t.discard}
        </button>
        <button ref={save} className="primary" onClick={onSave} data-testid="unsaved-save">
          {t.saveIt}
        </button>
      </div>
    </dialog>
  );
}
