import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api";
import { t } from "../i18n";

/**
 * Listen, then Stop: plays the WAV `speak` makes (a scene's narration, a pronunciation, a word
 * being fixed). Every Listen of the window is this one, so each lets go of its player the same
 * way. `testId` names the button, and `${testId}-stop`, `${testId}-state` (its `data-state`:
 * idle, speaking, playing; its `data-heard`: how many sounds started playing) and
 * `${testId}-error` the rest.
 */
export function ListenButton({
  speak,
  label = t.listen,
  disabled = false,
  resetKey,
  testId = "listen",
}: {
  speak: () => Promise<ArrayBuffer>;
  label?: string;
  disabled?: boolean;
  /** When it changes (another scene, another file), the sound playing stops. */
  resetKey?: string;
  testId?: string;
}) {
  const [state, setState] = useState<"idle" | "speaking" | "playing">("idle");
  const [error, setError] = useState<string | null>(null);
  const [heard, setHeard] = useState(0);
  const audio = useRef<{ el: HTMLAudioElement; url: string } | null>(null);
  // A stopped or finished sound lets go of its player: WebKitGTK's player of a paused sound kept
  // part of a core busy for as long as it stayed (bench/RESULTS.md), one more per Listen.
  const release = () => {
    const held = audio.current;
    audio.current = null;
    if (!held) return;
    held.el.pause();
    held.el.removeAttribute("src");
    held.el.load();
    URL.revokeObjectURL(held.url);
  };
  useEffect(() => release, [resetKey]);
  const listen = async () => {
    setError(null);
    setState("speaking");
    try {
      const bytes = await speak();
      const url = URL.createObjectURL(new Blob([bytes], { type: "audio/wav" }));
      release();
      const a = new Audio(url);
      audio.current = { el: a, url };
      a.onended = () => {
        if (audio.current?.el === a) release();
        setState("idle");
      };
      setState("playing");
      await a.play().then(
        () => setHeard((n) => n + 1),
        (e: unknown) => {
          if (audio.current?.el === a) release();
          setState("idle");
          setError(`${t.cannotPlay} (${errorMessage(e)})`);
        },
      );
    } catch (e) {
      setState("idle");
      setError(errorMessage(e));
    }
  };
  return (
    <span className="listen">
      {state === "playing" ? (
        <button
          type="button"
          onClick={() => {
            release();
            setState("idle");
          }}
          data-testid={`${testId}-stop`}
        >
          {t.stopListening}
        </button>
      ) : (
        <button type="button" onClick={() => void listen()} disabled={disabled || state === "speaking"} data-testid={testId}>
          {state === "speaking" ? t.speaking : label}
        </button>
      )}
      <span className="sr-only" aria-live="polite" data-testid={`${testId}-state`} data-state={state} data-heard={heard}>
        {state === "playing" ? t.playing : ""}
      </span>
      {error && (
        <span className="field-problem" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </span>
  );
}
