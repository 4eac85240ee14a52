import type { Job } from "../api";
import type { PresetInfo } from "../bindings/PresetInfo";

/** Two presets as app_info describes them. */
export const presets: PresetInfo[] = [
  { id: "mp4-1080p", label: "MP4 1080p (H.264 + AAC)", extension: "mp4", has_video: true, preview: false },
  { id: "preview", label: "Preview (360p, fast)", extension: "mp4", has_video: true, preview: true },
];

let n = 0;

/** What the engine sends in `actions` for each status (JobStatus::actions, tested in Rust). */
const ACTIONS: Record<Job["status"], Job["actions"]> = {
  queued: ["cancel", "remove"],
  processing: ["cancel"],
  completed: ["open", "remove"],
  failed: ["retry", "remove"],
  canceled: ["retry", "remove"],
};

/** A job as the back end sends it, with `overrides`. */
export function job(overrides: Partial<Job> = {}): Job {
  n += 1;
  const status = overrides.status ?? "queued";
  return {
    actions: ACTIONS[status],
    id: `job-${n}`,
    status: "queued",
    project_path: "/p/a.estudio",
    project_title: "Aula",
    preset: "mp4-1080p",
    output: "/videos/Aula.mp4",
    duration_secs: 60,
    priority: 0,
    progress: 0,
    attempts: 0,
    max_attempts: 3,
    error: null,
    error_kind: null,
    cancel_requested: false,
    worker: null,
    created_at: 1_000 + n,
    started_at: null,
    finished_at: null,
    updated_at: 1_000 + n,
    run_after: 0,
    ...overrides,
  };
}
