// What the desktop shows of the queue outside the window: overall progress in the window's title
// and taskbar entry, and a notification when a job ends while the window is not in front.
import { useEffect, useRef } from "react";
import { getCurrentWindow, ProgressBarStatus } from "@tauri-apps/api/window";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";
import { events, type Job } from "../api";
import type { QueueState } from "./useQueue";
import { t } from "../i18n";

const APP_TITLE = "Estúdio";

/** Overall progress of the running jobs (0-100), or null when none runs. */
export function overallPercent(queue: QueueState): number | null {
  const running = [...queue.jobs.values()].filter((j) => j.status === "processing");
  if (running.length === 0) return null;
  const sum = running.reduce((acc, j) => acc + Math.max(queue.live.get(j.id)?.fraction ?? 0, j.progress), 0);
  return Math.floor((sum / running.length) * 100);
}

export function windowTitle(percent: number | null, running: number): string {
  if (percent === null) return APP_TITLE;
  return running > 1 ? `${percent}% · ${running} ${t.rendering} · ${APP_TITLE}` : `${percent}% · ${APP_TITLE}`;
}

export function useWindowProgress(queue: QueueState) {
  const percent = overallPercent(queue);
  const running = [...queue.jobs.values()].filter((j) => j.status === "processing").length;
  const title = windowTitle(percent, running);
  useEffect(() => {
    const win = getCurrentWindow();
    document.title = title;
    win.setTitle(title).catch(() => undefined);
    win
      .setProgressBar(
        percent === null ? { status: ProgressBarStatus.None } : { status: ProgressBarStatus.Normal, progress: percent },
      )
      .catch(() => undefined);
  }, [title, percent]);
}

/** Notifies the end of a job (completed or failed) while the window is not focused. */
export function useJobNotifications(enabled: boolean) {
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;
  useEffect(() => {
    const seen = new Map<string, Job["status"]>();
    let disposed = false;
    let unlisten: (() => void) | undefined;
    events
      .onJobChanged(async (job) => {
        const before = seen.get(job.id);
        seen.set(job.id, job.status);
        const ended = (job.status === "completed" || job.status === "failed") && before !== job.status;
        if (!ended || !enabledRef.current || document.hasFocus()) return;
        let granted = await isPermissionGranted();
        if (!granted) granted = (await requestPermission()) === "granted";
        if (!granted) return;
        sendNotification({
          title: job.status === "completed" ? t.notifyDone : t.notifyFailed,
          body: job.status === "completed" ? `${job.project_title} → ${job.output}` : `${job.project_title}: ${job.error ?? ""}`,
        });
      })
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);
}
