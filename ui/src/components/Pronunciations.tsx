import { useEffect, useState } from "react";
import type { Entry } from "../bindings/Entry";
import type { Problem } from "../bindings/Problem";
import { t } from "../i18n";
import { ListenButton } from "./ListenButton";

export const emptyEntry = (text = ""): Entry => ({ text, say: null, espeak: null, ipa: null, any_case: false });

/**
 * A list of pronunciations (the person's in Settings, or a project's): rows of a written form
 * and how it is said, each heard with Listen as a narration would say it. Rows are edited here
 * and committed when a field is left, a row added or removed (a project's list then becomes one
 * step of its history). Problems come at `/pronunciations/N/field`.
 */
export function Pronunciations({
  words,
  onCommit,
  problems,
  listen,
  testId,
  disabled = false,
}: {
  words: Entry[];
  onCommit: (w: Entry[]) => void;
  problems: Problem[];
  /** The sound of `text` said with the list `all` (as it is now, committed or not). */
  listen: (text: string, all: Entry[]) => Promise<ArrayBuffer>;
  testId: string;
  disabled?: boolean;
}) {
  const [rows, setRows] = useState<Entry[]>(words);
  // The list as committed changed (an undo, a reload, the other list's save): show it. Compared
  // by value: a parent's new array holding the same entries must not drop a row being typed.
  const committed = JSON.stringify(words);
  useEffect(() => setRows(JSON.parse(committed) as Entry[]), [committed]);
  const set = (i: number, patch: Partial<Entry>) => setRows(rows.map((w, k) => (k === i ? { ...w, ...patch } : w)));
  const commit = (next = rows) => {
    if (JSON.stringify(next) !== JSON.stringify(words)) onCommit(next);
  };
  const problemAt = (i: number, field: string) => problems.find((p) => p.pointer === `/pronunciations/${i}/${field}`);
  return (
    <fieldset className="pronunciations" data-testid={testId} disabled={disabled}>
      <legend>{t.pronunciations}</legend>
      <span className="muted">{t.pronunciationsHint}</span>
      {rows.map((w, i) => {
        // Any field's problem, those of the phoneme fields this panel does not show too.
        const problem =
          problemAt(i, "text") ??
          problemAt(i, "say") ??
          problems.find((p) => p.pointer.startsWith(`/pronunciations/${i}/`));
        return (
          <div className="row" key={i} data-testid="pronunciation">
            <label>
              {t.pronunciationText}
              <input
                value={w.text}
                onChange={(e) => set(i, { text: e.target.value })}
                onBlur={() => commit()}
                spellCheck={false}
                aria-invalid={problemAt(i, "text") ? true : undefined}
                data-testid="pronunciation-text"
              />
            </label>
            <label>
              {t.pronunciationSay}
              <input
                value={w.say ?? ""}
                onChange={(e) => set(i, { say: e.target.value === "" ? null : e.target.value })}
                onBlur={() => commit()}
                spellCheck={false}
                aria-invalid={problemAt(i, "say") ? true : undefined}
                data-testid="pronunciation-say"
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={w.any_case}
                onChange={(e) => {
                  const next = rows.map((r, k) => (k === i ? { ...r, any_case: e.target.checked } : r));
                  setRows(next);
                  commit(next);
                }}
              />
              {t.pronunciationAnyCase}
            </label>
            <ListenButton
              speak={() => listen(w.text, rows)}
              label={t.listenPronunciation}
              disabled={w.text.trim() === ""}
              testId="pronunciation-listen"
            />
            <button
              type="button"
              onClick={() => {
                const next = rows.filter((_, k) => k !== i);
                setRows(next);
                commit(next);
              }}
              data-testid="pronunciation-remove"
            >
              {t.removePronunciation}
            </button>
            {problem && (
              <span className="field-problem" role="alert" data-testid="pronunciation-problem">
                {problem.message}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => setRows([...rows, emptyEntry()])} data-testid="pronunciation-add">
        {t.addPronunciation}
      </button>
    </fieldset>
  );
}
