import { useEffect, useState } from "react";
import { convertFileSrc } from "@tauri-apps/api/core";
import { api, type ProjectSummary } from "../api";
import { fileName } from "../files";
import { formatLength, t } from "../i18n";

/** A voice as people read it: `piper:en_US-joe-medium` is "en_US-joe-medium (Piper)". */
export function voiceLabel(voice: string): string {
  if (voice.startsWith("piper:")) return t.voiceOf(voice.slice("piper:".length), "Piper");
  if (voice.toLowerCase().endsWith(".onnx")) return t.voiceOf(fileName(voice).replace(/\.onnx$/i, ""), "Piper");
  return t.voiceOf(voice, "espeak-ng");
}

/**
 * The scenes of a project, each with a thumbnail of its middle drawn by ffmpeg (asked for once
 * per opened project; they are cached on disk by content).
 */
export function SceneList({ project }: { project: ProjectSummary }) {
  const [thumbs, setThumbs] = useState<string[]>([]);
  const valid = project.problems.length === 0;
  useEffect(() => {
    setThumbs([]);
    if (!valid) return;
    let stale = false;
    api.sceneThumbnails(project.path).then(
      (paths) => !stale && setThumbs(paths),
      () => undefined, // Thumbnails are a nicety: the list works without them.
    );
    return () => {
      stale = true;
    };
  }, [project, valid]);
  const ratio = `${project.width} / ${project.height}`;
  return (
    <ol className="scenes" data-testid="scenes">
      {project.scenes.map((s, i) => (
        <li key={i} data-testid="scene">
          <div className="thumb" style={{ aspectRatio: ratio }}>
            {thumbs[i] ? (
              <img src={convertFileSrc(thumbs[i])} alt="" data-testid="scene-thumb" />
            ) : (
              <span className="muted">{i + 1}</span>
            )}
          </div>
          <div className="scene-text">
            <span className="scene-label" title={s.label}>
              {s.label}
            </span>
            <span className="muted">
              {formatLength(s.start_secs)} · {formatLength(s.duration_secs)}
              {s.length_from !== "written" && (
                <span data-testid="scene-length-from">{` (${t.lengthFrom[s.length_from]})`}</span>
              )}
              {s.narrated ? ` · ${t.narrated}` : ""}
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
    </ol>
  );
}
