// The render queue as the window sees it: one list_jobs call when the window loads, then only
// events (job-changed, job-progress, job-removed). Nothing here polls the back end.
import { useEffect, useReducer } from "react";
import { api, events, type Job, type JobProgress, type QueueSettings } from "../api";

export interface QueueState {
  jobs: Map<string, Job>;
  /** Live progress of running jobs (fps, speed, ETA), fresher than the job rows. */
  live: Map<string, JobProgress["progress"]>;
  settings: QueueSettings | null;
  loaded: boolean;
  error: string | null;
}

type Action =
  | { type: "loaded"; jobs: Job[] }
  | { type: "failed"; error: string }
  | { type: "changed"; job: Job }
  | { type: "progress"; p: JobProgress }
  | { type: "removed"; id: string }
  | { type: "settings"; settings: QueueSettings };

/** Keeps the newer of two versions of a job (events and the first load may cross). */
function newer(a: Job | undefined, b: Job): Job {
  return a && a.updated_at > b.updated_at ? a : b;
}

export function reduce(state: QueueState, action: Action): QueueState {
  switch (action.type) {
    case "loaded": {
      const jobs = new Map(state.jobs);
      for (const j of action.jobs) jobs.set(j.id, newer(jobs.get(j.id), j));
      return { ...state, jobs, loaded: true, error: null };
    }
    case "failed":
      return { ...state, error: action.error, loaded: true };
    case "changed": {
      const jobs = new Map(state.jobs);
      jobs.set(action.job.id, newer(jobs.get(action.job.id), action.job));
      const live = new Map(state.live);
      if (action.job.status !== "processing") live.delete(action.job.id);
      return { ...state, jobs, live };
    }
    case "progress": {
      const job = state.jobs.get(action.p.id);
      if (job && job.status !== "processing") return state;
      const live = new Map(state.live);
      const prev = live.get(action.p.id);
      // Never show progress going backwards within a run.
      if (prev && prev.fraction > action.p.progress.fraction) return state;
      live.set(action.p.id, action.p.progress);
      return { ...state, live };
    }
    case "settings":
      return { ...state, settings: action.settings };
    case "removed": {
      const jobs = new Map(state.jobs);
      jobs.delete(action.id);
      const live = new Map(state.live);
      live.delete(action.id);
      return { ...state, jobs, live };
    }
  }
}

export const initialQueue: QueueState = {
  jobs: new Map(),
  live: new Map(),
  settings: null,
  loaded: false,
  error: null,
};

export function useQueue(): QueueState {
  const [state, dispatch] = useReducer(reduce, initialQueue);
  useEffect(() => {
    let disposed = false;
    const unlisteners: Array<() => void> = [];
    const keep = (p: Promise<() => void>) =>
      p.then((un) => (disposed ? un() : unlisteners.push(un)));
    // Listen first, then load: nothing that happens in between is missed.
    Promise.all([
      keep(events.onJobChanged((job) => dispatch({ type: "changed", job }))),
      keep(events.onJobProgress((p) => dispatch({ type: "progress", p }))),
      keep(events.onJobRemoved((r) => dispatch({ type: "removed", id: r.id }))),
      keep(events.onQueueSettings((settings) => dispatch({ type: "settings", settings }))),
    ])
      .then(() => Promise.all([api.listJobs(), api.queueSettings()]))
      .then(([jobs, settings]) => {
        if (disposed) return;
        dispatch({ type: "settings", settings });
        dispatch({ type: "loaded", jobs });
      })
      .catch((e) => !disposed && dispatch({ type: "failed", error: String(e?.message ?? e) }));
    return () => {
      disposed = true;
      unlisteners.forEach((un) => un());
    };
  }, []);
  return state;
}
