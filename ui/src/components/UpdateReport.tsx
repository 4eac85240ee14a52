import { useEffect, useRef, useState } from "react";
import type { Change } from "../bindings/Change";
import type { UpdateConflict } from "../bindings/UpdateConflict";
import { t } from "../i18n";

interface Props {
  /** The deck the project was updated from, as its file name. */
  deck: string;
  /** What the update did, one sentence each, the summary last. */
  notes: string[];
  conflicts: UpdateConflict[];
  /** Takes the deck's value of a conflict (one step of history); false when refused. */
  onTake: (change: Change) => Promise<boolean>;
  onClose: () => void;
}

/**
 * The report of a deck update: what changed, what was kept, and each conflict with both values
 * and a button that takes the deck's instead of the person's (kept until then).
 */
export function UpdateReport(p: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [taken, setTaken] = useState<Set<number>>(new Set());
  useEffect(() => dialog.current?.showModal(), []);
  const summary = p.notes[p.notes.length - 1] ?? "";
  const lines = p.notes.slice(0, -1);
  return (
    <dialog ref={dialog} className="dialog update-report" onClose={p.onClose} onCancel={p.onClose} data-testid="update-report">
      <h2>{t.updateReportTitle(p.deck)}</h2>
      <p data-testid="update-summary">{summary}</p>
      {p.conflicts.length > 0 && (
        <section aria-label={t.updateConflicts}>
          <h3>{t.updateConflicts}</h3>
          <ul className="conflicts">
            {p.conflicts.map((c, i) => (
              <li key={i} data-testid="update-conflict">
                <strong>{t.updateConflictAt(c.scene + 1, t.updateField(c.field))}</strong>
                <div>
                  {t.updateYours}: <q data-testid="conflict-ours">{c.ours}</q>
                </div>
                <div>
                  {t.updateDecks}: <q data-testid="conflict-theirs">{c.theirs}</q>
                </div>
                <button
                  type="button"
                  disabled={taken.has(i)}
                  onClick={async () => {
                    if (await p.onTake(c.take)) setTaken((s) => new Set(s).add(i));
                  }}
                  data-testid="take-deck"
                >
                  {taken.has(i) ? t.updateTaken : t.updateTakeDecks}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {lines.length > 0 && (
        <details open={lines.length <= 12}>
          <summary>{t.updateDetails}</summary>
          <ul className="update-lines" data-testid="update-lines">
            {lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </details>
      )}
      <p className="muted">{t.updateUndoHint}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={p.onClose} data-testid="update-report-close">
          {t.close}
        </button>
      </div>
    </dialog>
  );
}
