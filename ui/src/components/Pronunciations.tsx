import { useEffect, useState } from "react";
import { errorMessage } from "../api";
import type { Entry } from "../bindings/Entry";
import type { Problem } from "../bindings/Problem";
import { t } from "../i18n";

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
  voice?: string | null;
  problems: Problem[];
  /** The sound of `text` said with the list `all` (as it is now, committed or not). */
  listen: (text: string, all: Entry[]) => Promise<ArrayBuffer>;
  testId: string;
  disabled?: boolean;
}) {
  const [rows, setRows] = useState<Entry[]>(words);
  useEffect(() => setRows(words), [words]);
  const [playing, setPlaying] = useState<number | null>(null);
  const [listenError, setListenError] = useState<string | null>(null);
  const set = (i: number, patch: Partial<Entry>) => setRows(rows.map((w, k) => (k === i ? { ...w, ...patch } : w)));
  const commit = (next = rows) => {
    if (JSON.stringify(next) !== JSON.stringify(words)) onCommit(next);
  };
  const problemAt = (i: number, field: string) => problems.find((p) => p.pointer === `/pronunciations/${i}/${field}`);
  const hear = async (i: number) => {
    setListenError(null);
    setPlaying(i);
    try {
      const bytes = await listen(rows[i].text, rows);
      const url = URL.createObjectURL(new Blob([bytes], { type: "audio/wav" }));
      const a = new Audio(url);
      // Let go of the player once heard (WebKitGTK's keeps part of a core busy otherwise).
      const done = () => {
        a.removeAttribute("src");
        a.load();
        URL.revokeObjectURL(url);
        setPlaying(null);
      };
      a.onended = done;
      await a.play().catch((e: unknown) => {
        done();
        setListenError(`${t.cannotPlay} (${errorMessage(e)})`);
      });
    } catch (e) {
      setPlaying(null);
      setListenError(errorMessage(e));
    }
  };
  return (
    <fieldset className="pronunciations" data-testid={testId} disabled={disabled}>
      <legend>{t.pronunciations}</legend>
      <span className="muted">{t.pronunciationsHint}</span>
      {rows.map((w, i) => {
        const problem = problemAt(i, "text") ?? problemAt(i, "say");
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
            <button
              type="button"
              onClick={() => void hear(i)}
              disabled={playing !== null || w.text.trim() === ""}
              data-testid="pronunciation-listen"
            >
              {t.listenPronunciation}
            </button>
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
      {listenError && (
        <span className="field-problem" role="alert" data-testid="pronunciation-listen-error">
          {listenError}
        </span>
      )}
    </fieldset>
  );
}
