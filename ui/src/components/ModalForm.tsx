import { useEffect, useRef, type ReactNode } from "react";
import { t } from "../i18n";

interface Props {
  /** `data-testid` of the dialog. */
  testId: string;
  title: string;
  onSubmit: (e: React.FormEvent) => void;
  onClose: () => void;
  error: string | null;
  errorTestId: string;
  submitLabel: string;
  submitTestId: string;
  submitDisabled?: boolean;
  /** The form checks its own fields (no browser validation bubbles), so its messages come in
   * the window's language. */
  selfChecked?: boolean;
  children: ReactNode;
}

/**
 * A modal dialog holding one form: opened as a native `<dialog>` (Escape closes it, focus stays
 * inside), the form's fields, the error in words, and Close / the primary action.
 */
export function ModalForm(p: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} className="dialog" onClose={p.onClose} onCancel={p.onClose} data-testid={p.testId}>
      <form onSubmit={p.onSubmit} noValidate={p.selfChecked}>
        <h2>{p.title}</h2>
        {p.children}
        {p.error && (
          <p className="error-text" role="alert" data-testid={p.errorTestId}>
            {p.error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={p.onClose}>
            {t.close}
          </button>
          <button className="primary" type="submit" disabled={p.submitDisabled} data-testid={p.submitTestId}>
            {p.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
