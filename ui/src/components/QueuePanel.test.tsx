import { Profiler } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { invoke } from "@tauri-apps/api/core";
import { QueuePanel } from "./QueuePanel";
import { initialQueue, reduce, type QueueState } from "../hooks/useQueue";
import { job, presets } from "../test/fixtures";
import { setQueueClockOffset } from "../hooks/useNow";

// The back end's commands, answered by each test.
vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invoked = vi.mocked(invoke);

afterEach(() => {
  cleanup();
  setQueueClockOffset(0);
  invoked.mockReset();
});

function queueOf(jobs: ReturnType<typeof job>[]): QueueState {
  return reduce(
    reduce(initialQueue, { type: "settings", settings: { paused: false, concurrency: 1, keep_finished_days: 30 } }),
    { type: "loaded", jobs },
  );
}

describe("the queue panel", () => {
  it("shows each job's state in words, with the actions that state allows", () => {
    const failed = job({
      status: "failed",
      attempts: 1,
      error: "/scenes/0/background/image: file not found: slide.png",
      started_at: 5_000,
      finished_at: 9_000,
    });
    const running = job({ status: "processing", progress: 0.42, attempts: 1, started_at: Date.now() - 3_000, worker: "sala-3" });
    const done = job({ status: "completed", progress: 1, attempts: 1, started_at: 1_000, finished_at: 61_000 });
    let q = queueOf([failed, running, done]);
    q = reduce(q, {
      type: "progress",
      p: { id: running.id, progress: { fraction: 0.5, encoded_secs: 30, fps: 48, speed: 1.6, eta_secs: 75, reused_scenes: 19, scenes: 20 }, sent_at_ms: 0 },
    });
    render(<QueuePanel queue={q} presets={presets} />);
    const rows = screen.getAllByTestId("job");
    const row = (id: string) => within(rows.find((r) => r.dataset.jobId === id)!);

    expect(row(failed.id).getByTestId("job-error").textContent).toContain("slide.png");
    // Where it renders (a farm's machine, or this computer), only while it does.
    expect(row(running.id).getByTestId("job-worker").textContent).toBe("rendering on sala-3");
    expect(row(done.id).queryByTestId("job-worker")).toBeNull();
    expect(row(failed.id).getByTestId("retry")).toBeTruthy();
    expect(row(failed.id).queryByTestId("cancel")).toBeNull();

    // Live progress wins over the stored one; fps, speed and ETA shown.
    expect(row(running.id).getByTestId("job-percent").textContent).toBe("50%");
    expect(row(running.id).getByTestId("job-stats").textContent).toMatch(/48 fps · 1\.60× · 1:15 left · 19 of 20 scenes from the cache/);
    expect(row(running.id).queryByTestId("remove")).toBeNull();

    expect(row(done.id).getByTestId("open-video")).toBeTruthy();
    expect(row(done.id).getByTestId("reveal")).toBeTruthy();
    expect(row(done.id).getByText(/took 1:00/)).toBeTruthy();
    // The preset by the name the engine gives it, never its id; the whole destination, and the
    // project's file (rows of one title differ by it).
    expect(row(done.id).getByTestId("job-output").textContent).toBe("/videos/Aula.mp4 · MP4 1080p (H.264 + AAC)");
    expect(row(done.id).getByTestId("job-project").textContent).toBe("a.estudio");
  });

  it("shows no speed it does not know, and counts attempts only when the queue retries on its own", () => {
    const starting = job({ status: "processing", attempts: 1, started_at: Date.now() });
    const byHand = job({ status: "processing", attempts: 2, started_at: Date.now() });
    const again = job({ status: "queued", attempts: 1, error: "ffmpeg was killed", error_kind: "ffmpeg" });
    let q = queueOf([starting, byHand, again]);
    q = reduce(q, {
      type: "progress",
      p: { id: starting.id, progress: { fraction: 0.1, encoded_secs: 1, fps: 9, speed: 0, eta_secs: 6, reused_scenes: 0, scenes: 3 }, sent_at_ms: 0 },
    });
    render(<QueuePanel queue={q} presets={presets} />);
    const rows = screen.getAllByTestId("job");
    const row = (id: string) => within(rows.find((r) => r.dataset.jobId === id)!);
    expect(row(starting.id).getByTestId("job-stats").textContent).toBe("9 fps · 0:06 left");
    // Retried by hand after a cancel: simply rendering, no "attempt 2/3".
    expect(row(byHand.id).queryByTestId("job-retrying")).toBeNull();
    expect(row(again.id).getByTestId("job-retrying").textContent).toBe("tried again after a failure: attempt 1 of 3");
  });

  it("asks before removing a job, and then leaves focus on the queue, not on the next row", async () => {
    const first = job({ status: "completed", progress: 1, attempts: 1, started_at: 1, finished_at: 2 });
    const second = job({ status: "completed", progress: 1, attempts: 1, started_at: 1, finished_at: 2 });
    render(<QueuePanel queue={queueOf([first, second])} presets={presets} />);
    const rows = screen.getAllByTestId("job");
    const row = (id: string) => within(rows.find((r) => r.dataset.jobId === id)!);
    fireEvent.click(row(first.id).getByTestId("remove"));
    expect(row(first.id).getByTestId("remove-confirm").textContent).toMatch(/The video stays where it is/);
    expect(document.activeElement).toBe(row(first.id).getByTestId("keep-job"));
    fireEvent.click(row(first.id).getByTestId("keep-job"));
    expect(row(first.id).queryByTestId("remove-confirm")).toBeNull();
    expect(invoked).not.toHaveBeenCalled();
    invoked.mockResolvedValue(null);
    fireEvent.click(row(first.id).getByTestId("remove"));
    fireEvent.click(row(first.id).getByTestId("confirm-remove"));
    expect(invoked).toHaveBeenCalledWith("remove_job", { id: first.id });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("queue-heading")));
  });

  it("says where the video is when the desktop opens nothing, beside the button, and the job stays done", async () => {
    const done = job({ status: "completed", progress: 1, attempts: 1, started_at: 1, finished_at: 2, output: "/home/ana/Vídeos/Aula.mp4" });
    invoked.mockRejectedValue({
      kind: "nothing_opened",
      message: "no program on this computer opened the video (a video player may be missing); it is in /home/ana/Vídeos",
      problems: [],
    });
    render(<QueuePanel queue={queueOf([done])} presets={presets} />);
    const row = within(screen.getByTestId("job"));
    fireEvent.click(row.getByTestId("open-video"));
    const notice = await row.findByTestId("nothing-opened");
    expect(notice.textContent).toMatch(/a video player may be missing/);
    expect(within(notice).getByRole("textbox")).toHaveProperty("value", "/home/ana/Vídeos");
    expect(row.queryByTestId("job-error")).toBeNull();
    expect(screen.getByTestId("job").dataset.status).toBe("completed");
  });

  it("measures a running job's elapsed time by the queue's clock, not this computer's", () => {
    // The farm server's clock is an hour behind this computer's: the job started there 5 s ago.
    const hour = 3_600_000;
    setQueueClockOffset(-hour);
    const running = job({ status: "processing", progress: 0.1, attempts: 1, started_at: Date.now() - hour - 5_000 });
    render(<QueuePanel queue={queueOf([running])} presets={presets} />);
    const row = within(screen.getByTestId("job"));
    expect(row.getByText(/elapsed 0:0[5-6]/)).toBeTruthy();
  });

  it("says why a farm job still waits, and only while it does", () => {
    const why = "waiting for a machine that can read /mnt/cursos/aula.png: sala-2 cannot (No such file or directory (os error 2))";
    const waiting = job({ status: "queued", error: why, error_kind: "out_of_reach" });
    const failed = job({ status: "failed", attempts: 1, error: "ffmpeg failed", error_kind: "ffmpeg" });
    render(<QueuePanel queue={queueOf([waiting, failed])} presets={presets} />);
    const rows = screen.getAllByTestId("job");
    const row = (id: string) => within(rows.find((r) => r.dataset.jobId === id)!);
    expect(row(waiting.id).getByTestId("job-waiting").textContent).toBe(why);
    expect(row(waiting.id).queryByTestId("job-error")).toBeNull();
    expect(row(failed.id).queryByTestId("job-waiting")).toBeNull();
  });

  it("offers only the actions the engine lists for a job, and says a preview is one", () => {
    const odd = job({ status: "failed", actions: ["remove"], attempts: 1 });
    const preview = job({ status: "completed", preset: "preview", output: "/cache/3f2a.mp4" });
    render(<QueuePanel queue={queueOf([odd, preview])} presets={presets} />);
    const rows = screen.getAllByTestId("job");
    const row = (id: string) => within(rows.find((r) => r.dataset.jobId === id)!);
    expect(row(odd.id).queryByTestId("retry")).toBeNull();
    expect(row(odd.id).getByTestId("remove")).toBeTruthy();
    expect(row(preview.id).queryByText(/3f2a/)).toBeNull();
    expect(row(preview.id).getByText(/Preview \(low resolution/)).toBeTruthy();
  });

  it("lists a thousand jobs, and a progress event re-renders one row, not the list", () => {
    const jobs = Array.from({ length: 1000 }, (_, i) =>
      job({ status: i === 0 ? "processing" : i % 3 ? "completed" : "queued", attempts: 1, started_at: 1_000, finished_at: i % 3 ? 2_000 : null }),
    );
    const first = jobs[0]!;
    let q = queueOf(jobs);
    const commits: { phase: string; actual: number; base: number }[] = [];
    const tree = (state: QueueState) => (
      <Profiler id="queue" onRender={(_id, phase, actual, base) => commits.push({ phase, actual, base })}>
        <QueuePanel queue={state} presets={presets} />
      </Profiler>
    );
    const { rerender } = render(tree(q));
    expect(screen.getAllByTestId("job")).toHaveLength(1000);
    q = reduce(q, {
      type: "progress",
      p: { id: first.id, progress: { fraction: 0.25, encoded_secs: 1, fps: 30, speed: 1, eta_secs: 3, reused_scenes: 0, scenes: 1 }, sent_at_ms: 0 },
    });
    rerender(tree(q));
    const update = commits.at(-1)!;
    expect(update.phase).toBe("update");
    // `base` is what rendering every row would cost; memoised rows are skipped.
    expect(update.actual).toBeLessThan(update.base / 4);
    const row = screen.getAllByTestId("job").find((r) => r.dataset.jobId === first.id)!;
    expect(within(row).getByTestId("job-percent").textContent).toBe("25%");
  });
});
