import type { Job } from "../api";

let n = 0;

/** A job as the back end sends it, with `overrides`. */
export function job(overrides: Partial<Job> = {}): Job {
  n += 1;
  return {
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
    created_at: 1_000 + n,
    started_at: null,
    finished_at: null,
    updated_at: 1_000 + n,
    run_after: 0,
    ...overrides,
  };
}
