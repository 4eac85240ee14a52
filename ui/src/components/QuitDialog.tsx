import { useEffect, useRef } from "react";
import { t } from "../i18n";

interface Props {
  /** Renders this process runs now. */
  renders: number;
  onQuit: () => void;
  onStay: () => void;
}

/**
 * Asked when the window closes (or Ctrl+Q) while this process renders: quitting stops those
 * renders, which go back to the queue and resume the next time Estúdio starts.
 */
export function QuitDialog({ renders, onQuit, onStay }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    stay.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" onCancel={onStay} onClose={onStay} data-testid="quit-dialog">
      <h2>{t.quitTitle}</h2>
      <p>{t.quitAsk(renders)}</p>
      <div className="actions">
        <button ref={stay} onClick={onStay} data-testid="keep-rendering">
          {t.keepRendering}
        </button>
        <button className="danger" onClick={onQuit} data-testid="quit-anyway">
          {t.quitAnyway}
        </button>
      </div>
    </dialog>
  );
}
