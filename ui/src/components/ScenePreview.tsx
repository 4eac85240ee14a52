import { useEffect, useRef, useState } from "react";
import { api, errorMessage, type EditorView } from "../api";
import type { ScenePreviewInfo } from "../bindings/ScenePreviewInfo";
import { t } from "../i18n";

/** How long the selection and the edits rest before the scene is drawn (a burst of clicks or
 * keys draws once). */
const SETTLE_MS = 50;

type State =
  | { kind: "idle" }
  | { kind: "rendering" }
  | { kind: "ready"; url: string; info: ScenePreviewInfo; scene: number; revision: number }
  | { kind: "failed"; message: string };

/**
 * The selected scene's preview: that scene with the transitions into and out of it, drawn at
 * preview quality through the cache of parts after every change (so an edit shows in about a
 * second), played from memory (WebKitGTK cannot play the app's own URLs), muted until the
 * person turns the sound on.
 */
export function ScenePreview({ view, scene }: { view: EditorView; scene: number }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const video = useRef<HTMLVideoElement>(null);
  const valid = view.problems.length === 0;
  const { path, revision } = view;

  useEffect(() => {
    if (!valid) {
      setState({ kind: "idle" });
      return;
    }
    let stale = false;
    const timer = setTimeout(async () => {
      setState((s) => (s.kind === "ready" ? s : { kind: "rendering" }));
      try {
        const info = await api.previewScene(path, scene);
        if (stale) return;
        const bytes = await api.scenePreviewBytes(info.id);
        if (stale) return;
        const url = URL.createObjectURL(new Blob([bytes], { type: "video/mp4" }));
        setState({ kind: "ready", url, info, scene, revision });
      } catch (e) {
        if (!stale) setState({ kind: "failed", message: errorMessage(e) });
      }
    }, SETTLE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [path, revision, scene, valid]);

  const ready = state.kind === "ready" ? state : null;
  // A preview's address is freed once another is shown (or the panel goes): shown until then,
  // Play may load it again after the video let go of it.
  const shownUrl = ready?.url;
  useEffect(() => {
    if (!shownUrl) return;
    return () => URL.revokeObjectURL(shownUrl);
  }, [shownUrl]);
  // Whether the video holds its player: WebKitGTK's player of a paused or ended video kept a
  // third of a core busy for as long as it stayed (measured under Xvfb, bench/RESULTS.md), so
  // once the scene has played it is let go, a picture of the scene kept as the poster.
  const [holding, setHolding] = useState(true);
  // Paused by hand: let go after a while (a pause to look closer keeps it).
  const releaseLater = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(releaseLater.current), []);
  const [poster, setPoster] = useState<string | undefined>(undefined);
  // The poster is a picture of the scene itself, seen alone (the preview's last picture is
  // the next scene's: the transition out ends on it). It is taken on release, paused: a
  // playing video's picture drawn into a canvas comes out black in WebKitGTK without
  // compositing (seen in the e2e screenshots), a paused one's does not.
  const [posterSecs, setPosterSecs] = useState<number | undefined>(undefined);
  // Counts Play: a seek for the poster that Play came after stands down.
  const plays = useRef(0);
  // The preview being let go (its poster being taken): the end of a scene calls release twice
  // (the time update at its end, then `ended`), and one seek is enough.
  const releasing = useRef<string | null>(null);
  // A data address, not a blob's: WebKitGTK would not load a blob address made from a canvas
  // as a picture ("Load failed", seen in the e2e test), so the poster showed nothing.
  const grab = (v: HTMLVideoElement): string | null => {
    try {
      const canvas = document.createElement("canvas");
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      canvas.getContext("2d")?.drawImage(v, 0, 0);
      return canvas.width > 0 ? canvas.toDataURL("image/jpeg", 0.85) : null;
    } catch {
      return null;
    }
  };
  const alone = (secs: number) =>
    ready !== null && secs >= ready.info.own_from_secs && secs <= ready.info.own_to_secs;
  const release = () => {
    const v = video.current;
    if (!v || !holding || !ready || releasing.current === ready.url) return;
    window.clearTimeout(releaseLater.current);
    const url = ready.url;
    releasing.current = url;
    const keep = () => {
      // A newer preview (or Play) took the element meanwhile: it is not this one to let go.
      if (v.getAttribute("src") !== url || !v.paused) return;
      window.clearTimeout(releaseLater.current);
      v.removeAttribute("src");
      v.load();
      setHolding(false);
    };
    const show = (picture: string | null, secs: number) => {
      if (picture) {
        setPoster(picture);
        setPosterSecs(secs);
      }
      keep();
    };
    // Paused by hand on the scene: the picture it is paused on.
    if (alone(v.currentTime)) return show(grab(v), v.currentTime);
    const played = plays.current;
    const secs = (ready.info.own_from_secs + ready.info.own_to_secs) / 2;
    v.addEventListener(
      "seeked",
      () => {
        if (plays.current !== played || v.getAttribute("src") !== url) return;
        show(grab(v), secs);
      },
      { once: true },
    );
    v.currentTime = secs;
  };
  const playScene = () => {
    const v = video.current;
    if (!v || !ready) return;
    window.clearTimeout(releaseLater.current);
    plays.current += 1;
    const url = ready.url;
    const play = () => {
      // Loaded for another preview since: that one plays from its own start.
      if (v.getAttribute("src") !== url) return;
      v.currentTime = ready.info.start_secs;
      void v.play().catch(() => undefined);
    };
    if (holding) play();
    else {
      setHolding(true);
      v.src = url;
      v.addEventListener("loadedmetadata", play, { once: true });
    }
  };

  return (
    <div
      className="scene-preview"
      data-testid="scene-preview"
      data-state={state.kind}
      data-reused={ready ? `${ready.info.reused}/${ready.info.scenes}` : undefined}
      data-shows={ready ? `${ready.scene}@${ready.revision}` : undefined}
      data-current={`${scene}@${revision}`}
    >
      {ready ? (
        <video
          ref={video}
          src={ready.url}
          poster={poster}
          muted
          playsInline
          controls={holding}
          data-testid="scene-preview-video"
          data-holding={holding}
          data-poster-secs={posterSecs}
          data-own-from-secs={ready.info.own_from_secs}
          data-own-to-secs={ready.info.own_to_secs}
          onLoadedMetadata={(e) => {
            // The first load plays the scene; a reload by Play plays from its own listener.
            if (poster === undefined && holding && e.currentTarget.currentTime === 0) playScene();
          }}
          onTimeUpdate={(e) => {
            if (e.currentTarget.currentTime >= ready.info.end_secs) {
              e.currentTarget.pause();
              release();
            }
          }}
          onEnded={release}
          onPlay={() => {
            window.clearTimeout(releaseLater.current);
            // Played again (Play, or the video's own controls): it is let go again at its end.
            releasing.current = null;
          }}
          onPause={(e) => {
            window.clearTimeout(releaseLater.current);
            // Paused at the scene's end, it is let go at once (onTimeUpdate); by hand, later.
            if (holding && e.currentTarget.currentTime < ready.info.end_secs) {
              releaseLater.current = window.setTimeout(release, 10000);
            }
          }}
        />
      ) : (
        <div className="scene-preview-placeholder muted">
          {state.kind === "failed" ? (
            <span className="error-text" role="alert">
              {t.previewFailed} {state.message}
            </span>
          ) : state.kind === "rendering" ? (
            t.sceneDrawing
          ) : valid ? (
            ""
          ) : (
            t.sceneNoPreview
          )}
        </div>
      )}
      <div className="row">
        <button onClick={playScene} disabled={!ready} data-testid="scene-play">
          {t.playScene}
        </button>
      </div>
    </div>
  );
}
