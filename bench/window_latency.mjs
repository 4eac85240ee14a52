// `make bench`: how long a progress event takes from the engine (right after ffmpeg's progress
// line is read) to the window's JavaScript, in the release app under Xvfb, driven by
// tauri-driver. The reference, measured in the same window in the same run, is an IPC round trip
// (`app_info`: page -> back end -> page).
//
//   node bench/window_latency.mjs   prints Markdown rows on stdout
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.ESTUDIO_APP_BIN ??= path.join(repo, "target/release/estudio");
const { startDriver, waitText, writeProject } = await import(path.join(repo, "ui/e2e/harness.mjs"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const env = await startDriver();
try {
  const driver = await env.session();
  // The script below waits for a whole render.
  await driver.manage().setTimeouts({ script: 600000 });
  await waitText(driver, "project-title");
  const project = writeProject(path.join(env.dataDir, "latency.estudio"), {
    version: 1,
    title: "Latency",
    canvas: { width: 1280, height: 720, fps: 30 },
    scenes: [{ duration: 300, background: { color: "#336699" }, texts: [{ text: "progress", size: 0.1, color: "#ffffff" }] }],
  });
  const result = await driver.executeAsyncScript(
    `const [project, output, done] = arguments;
     const internals = window.__TAURI_INTERNALS__;
     const delays = [];
     const roundTrips = [];
     const handler = internals.transformCallback((e) => delays.push(Date.now() - e.payload.sent_at_ms));
     (async () => {
       for (let i = 0; i < 200; i++) {
         const t = performance.now();
         await internals.invoke("app_info", {});
         roundTrips.push(performance.now() - t);
       }
       await internals.invoke("plugin:event|listen", { event: "job-progress", target: { kind: "Any" }, handler });
       const job = await internals.invoke("enqueue_export", { input: { project, preset: "mp4-720p", output, options: {} } });
       for (;;) {
         const jobs = await new Promise((r) => setTimeout(r, 500)).then(() => internals.invoke("list_jobs", {}));
         const j = jobs.find((x) => x.id === job.id);
         if (j && ["completed", "failed", "canceled"].includes(j.status)) return { delays, roundTrips, status: j.status };
       }
     })().then(done, (e) => done({ error: String(e) }));`,
    project,
    path.join(env.dataDir, "latency.mp4"),
  );
  if (result.error || result.status !== "completed") throw new Error(JSON.stringify(result).slice(0, 500));
  const { delays, roundTrips } = result;
  const row = (what, xs, unit = "ms") =>
    `| ${what} | ${median(xs).toFixed(1)} ${unit} | ${pct(xs, 0.95).toFixed(1)} ${unit} | ${Math.max(...xs).toFixed(1)} ${unit} | ${xs.length} |`;
  console.log("| measured | median | 95th percentile | max | samples |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  console.log(row("progress event: engine -> window's JavaScript", delays));
  console.log(row("reference: IPC round trip (app_info)", roundTrips));
  console.log();
  console.log(
    `Ratio of medians: ${(median(delays) / median(roundTrips)).toFixed(2)}. Clocks: the engine's and the page's ` +
      "\`Date.now()\` on the same machine (millisecond resolution). The bench polls the job's status " +
      "twice a second to know when to stop; the window itself never does.",
  );
} finally {
  await env.stop();
}
