import { useEffect, useRef, useState } from "react";
import { convertFileSrc } from "@tauri-apps/api/core";
import { api, type EditorView, type ProjectSummary } from "../api";
import type { Change } from "../bindings/Change";
import { clickSelect, dropTo, moveBy, movedTo, scenesWithProblems } from "../editing";
import { fileName } from "../files";
import { formatLength, t } from "../i18n";

/** A voice as people read it: `piper:en_US-joe-medium` is "en_US-joe-medium (Piper)". */
export function voiceLabel(voice: string): string {
  if (voice.startsWith("piper:")) return t.voiceOf(voice.slice("piper:".length), "Piper");
  if (voice.toLowerCase().endsWith(".onnx")) return t.voiceOf(fileName(voice).replace(/\.onnx$/i, ""), "Piper");
  return t.voiceOf(voice, "espeak-ng");
}

interface Props {
  project: ProjectSummary;
  view: EditorView;
  selected: number[];
  onSelect: (selected: number[]) => void;
  /** Sends a change of the scene list (move, duplicate, delete); `null` when read only. */
  onChange: ((change: Change, select?: number[]) => void) | null;
}

/**
 * The scenes of a project, each with a thumbnail drawn by ffmpeg (kept by content: after an edit
 * only the changed scenes' are drawn again), as WAI-ARIA's rearrangeable listbox: one tab stop,
 * arrows move the focus (Shift extends the selection, Ctrl moves the focus alone and Space
 * selects), Alt+arrows move the selected scenes, each move announced in a live region; scenes
 * can be dragged too.
 */
export function SceneList({ project, view, selected, onSelect, onChange }: Props) {
  const [thumbs, setThumbs] = useState<string[]>([]);
  const [focus, setFocus] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [announce, setAnnounce] = useState("");
  const [dropBefore, setDropBefore] = useState<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const count = project.scenes.length;
  const valid = view.problems.length === 0;
  const troubled = scenesWithProblems(view.problems);
  const unsaved = new Set(view.outcome.unsaved_scenes);
  const { revision } = view;

  // Thumbnails of the document as it is now; unchanged scenes come back from the cache at once.
  // Files are named by content, so an answer that comes late is still right for what it shows:
  // it is kept unless a newer one came first.
  const asked = useRef(0);
  const shown = useRef(0);
  useEffect(() => {
    if (!valid) return;
    const n = ++asked.current;
    api.sceneThumbnails(view.path).then(
      (paths) => {
        if (n < shown.current) return;
        shown.current = n;
        setThumbs(paths);
      },
      () => undefined, // Thumbnails are a nicety: the list works without them.
    );
  }, [view.path, revision, valid]);

  useEffect(() => {
    if (focus >= count && count > 0) setFocus(count - 1);
  }, [count, focus]);

  const move = (by: -1 | 1) => {
    if (!onChange) return;
    const to = moveBy(selected, count, by);
    if (to === null) return;
    const now = movedTo(selected, to);
    onChange({ change: "move_scenes", scenes: selected, to }, now);
    setFocus(to);
    setAnnounce(t.movedScenes(selected.map((s) => s + 1), to + 1));
  };

  const onKey = (e: React.KeyboardEvent) => {
    const go = (i: number) => {
      const n = Math.max(0, Math.min(count - 1, i));
      setFocus(n);
      if (e.shiftKey) {
        const r = clickSelect(selected, anchor ?? focus, n, { shift: true, ctrl: false });
        onSelect(r.selected);
      } else if (!e.ctrlKey) {
        onSelect([n]);
        setAnchor(n);
      }
    };
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      move(e.key === "ArrowUp" ? -1 : 1);
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      go(focus + (e.key === "ArrowUp" ? -1 : 1));
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      go(e.key === "Home" ? 0 : count - 1);
    } else if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      const r = clickSelect(selected, anchor, focus, { shift: false, ctrl: true });
      onSelect(r.selected);
      setAnchor(r.anchor);
    } else if (e.key.toLowerCase() === "a" && e.ctrlKey) {
      e.preventDefault();
      onSelect(project.scenes.map((_, i) => i));
    } else if (e.key === "Delete" && onChange && selected.length < count) {
      e.preventDefault();
      onChange({ change: "remove_scenes", scenes: selected }, [Math.min(selected[0] ?? 0, count - selected.length - 1)]);
      setAnnounce(t.removedScenes(selected.length));
    }
  };

  const click = (i: number, e: React.MouseEvent) => {
    const r = clickSelect(selected, anchor, i, { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey });
    onSelect(r.selected);
    setAnchor(r.anchor);
    setFocus(i);
  };

  const ratio = `${project.width} / ${project.height}`;
  const active = `scene-option-${focus}`;
  return (
    <div className="scene-list">
      {onChange && (
        <div className="row scene-tools" role="toolbar" aria-label={t.sceneTools}>
          <button onClick={() => move(-1)} disabled={moveBy(selected, count, -1) === null} data-testid="scene-up" title="Alt+↑">
            {t.moveUp}
          </button>
          <button onClick={() => move(1)} disabled={moveBy(selected, count, 1) === null} data-testid="scene-down" title="Alt+↓">
            {t.moveDown}
          </button>
          <button
            onClick={() => {
              const last = Math.max(...selected);
              onChange({ change: "duplicate", scenes: selected }, [last + selected.length]);
            }}
            disabled={selected.length === 0}
            data-testid="scene-duplicate"
          >
            {t.duplicate}
          </button>
          <button
            onClick={() => {
              onChange({ change: "remove_scenes", scenes: selected }, [Math.min(selected[0] ?? 0, count - selected.length - 1)]);
              setAnnounce(t.removedScenes(selected.length));
            }}
            disabled={selected.length === 0 || selected.length >= count}
            data-testid="scene-delete"
            title={t.deleteKey}
          >
            {t.remove}
          </button>
        </div>
      )}
      <p className="sr-only" aria-live="polite" data-testid="scene-announce">
        {announce}
      </p>
      <ul
        ref={list}
        className="scenes"
        role="listbox"
        aria-multiselectable
        aria-label={t.sceneList}
        aria-activedescendant={count > 0 ? active : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        onFocus={() => selected.length === 0 && count > 0 && onSelect([focus])}
        data-testid="scenes"
      >
        {project.scenes.map((s, i) => (
          <li
            key={i}
            id={`scene-option-${i}`}
            role="option"
            aria-selected={selected.includes(i)}
            className={`${i === focus ? "focused" : ""} ${troubled.has(i) ? "has-problem" : ""} ${dropBefore === i ? "drop-before" : ""} ${dropBefore === count && i === count - 1 ? "drop-after" : ""}`}
            onClick={(e) => click(i, e)}
            draggable={!!onChange}
            onDragStart={(e) => {
              if (!selected.includes(i)) onSelect([i]);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", String(i));
            }}
            onDragOver={(e) => {
              e.preventDefault();
              const box = e.currentTarget.getBoundingClientRect();
              setDropBefore(e.clientY < box.top + box.height / 2 ? i : i + 1);
            }}
            onDragEnd={() => setDropBefore(null)}
            onDrop={(e) => {
              e.preventDefault();
              const before = dropBefore ?? i;
              setDropBefore(null);
              const moving = selected.includes(Number(e.dataTransfer.getData("text/plain"))) ? selected : [i];
              const to = dropTo(moving, before);
              if (onChange && to !== Math.min(...moving)) {
                onChange({ change: "move_scenes", scenes: moving, to }, movedTo(moving, to));
                setAnnounce(t.movedScenes(moving.map((m) => m + 1), to + 1));
              }
            }}
            data-testid="scene"
            data-scene={i}
          >
            <div className="thumb" style={{ aspectRatio: ratio }}>
              {thumbs[i] ? (
                <img src={convertFileSrc(thumbs[i])} alt="" data-testid="scene-thumb" draggable={false} />
              ) : (
                <span className="muted">{i + 1}</span>
              )}
            </div>
            <div className="scene-text">
              {/* The marks before the label: a long label is cut at the end, and they would go with it. */}
              <span className="scene-label" title={s.label}>
                <span className="scene-number">{i + 1}.</span>
                {unsaved.has(i) && (
                  <span className="unsaved-mark" data-testid="scene-unsaved" title={t.sceneUnsaved} aria-label={t.sceneUnsaved}>
                    {" "}●
                  </span>
                )}
                {troubled.has(i) && (
                  <span className="problem-mark" data-testid="scene-problem" title={t.hasProblem}>
                    {" "}⚠
                  </span>
                )}{" "}
                {s.label}
              </span>
              <span className="muted">
                {formatLength(s.start_secs)} · {formatLength(s.duration_secs)}
                {s.length_from !== "written" && (
                  <span data-testid="scene-length-from">{` (${t.lengthFrom[s.length_from]})`}</span>
                )}
                {s.narrated ? ` · ${t.narrated}` : ""}
                {s.clips > 0 && <span data-testid="scene-clips">{` · ${t.clipsOver(s.clips)}`}</span>}
                {s.voice && <span data-testid="scene-voice">{` · ${voiceLabel(s.voice)}`}</span>}
                {s.transition && (
                  <span data-testid="scene-transition">{` · → ${s.transition.label} ${formatLength(s.transition.secs)}`}</span>
                )}
              </span>
              {s.from_defaults.length > 0 && (
                <span className="muted" data-testid="scene-defaults">
                  {t.fromDefaults(s.from_defaults.map((f) => t.defaultsField[f] ?? f).join(", "))}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
