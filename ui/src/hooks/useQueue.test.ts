import { describe, expect, it } from "vitest";
import { initialQueue, reduce } from "./useQueue";
import { job } from "../test/fixtures";

const progress = (fraction: number) =>
  ({ fraction, encoded_secs: 1, fps: 30, speed: 1.5, eta_secs: 10, reused_scenes: 0, scenes: 3 });

describe("the queue as events keep it", () => {
  it("keeps the newer of a listed job and an event that crossed it", () => {
    const listed = job({ status: "queued", updated_at: 10 });
    const event = { ...listed, status: "processing" as const, updated_at: 20 };
    let s = reduce(initialQueue, { type: "changed", job: event });
    s = reduce(s, { type: "loaded", jobs: [listed] });
    expect(s.jobs.get(listed.id)?.status).toBe("processing");
    expect(s.loaded).toBe(true);
  });

  it("never shows progress going back within a run, and drops it when the job ends", () => {
    const running = job({ status: "processing" });
    let s = reduce(initialQueue, { type: "changed", job: running });
    s = reduce(s, { type: "progress", p: { id: running.id, progress: progress(0.5), sent_at_ms: 0 } });
    s = reduce(s, { type: "progress", p: { id: running.id, progress: progress(0.4), sent_at_ms: 0 } });
    expect(s.live.get(running.id)?.fraction).toBe(0.5);
    s = reduce(s, { type: "changed", job: { ...running, status: "completed", updated_at: running.updated_at + 1 } });
    expect(s.live.has(running.id)).toBe(false);
    // A late progress event of the finished run is ignored.
    s = reduce(s, { type: "progress", p: { id: running.id, progress: progress(0.9), sent_at_ms: 0 } });
    expect(s.live.has(running.id)).toBe(false);
  });

  it("forgets a removed job", () => {
    const j = job();
    let s = reduce(initialQueue, { type: "loaded", jobs: [j] });
    s = reduce(s, { type: "removed", id: j.id });
    expect(s.jobs.size).toBe(0);
  });
});
