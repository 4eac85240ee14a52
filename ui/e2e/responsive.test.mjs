// The window keeps answering while the engine works: an Export of a 200-scene project (every
// image probed, narrations spoken, the durable commit) runs off the main thread, so IPC round
// trips and clicks go through meanwhile. And the window can open or reveal only a job's own
// output, never a path of its choosing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { until } from "selenium-webdriver";
import { byTestId, screenshot, startDriver, waitText, writeProject } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.quitAll();
  await env?.stop();
});

/** A project of 200 scenes, each its own picture, a narration spoken from text on every fourth. */
function bigProject(dir) {
  // One ffmpeg run writes the 200 pictures.
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=s=320x180:r=1:d=200",
    "-start_number", "0", path.join(dir, "s%03d.png")]);
  const scenes = Array.from({ length: 200 }, (_, i) => ({
    duration: 1,
    background: { image: `s${String(i).padStart(3, "0")}.png` },
    ...(i % 4 === 0 ? { narration: { text: `Slide number ${i}.` } } : {}),
  }));
  return writeProject(path.join(dir, "big.estudio"), {
    version: 1, title: "Big", canvas: { width: 640, height: 360, fps: 25 }, scenes,
  });
}

test("an Export of 200 scenes leaves the window answering round trips and clicks", async () => {
  const project = bigProject(env.dataDir);
  const driver = await env.session();
  await waitText(driver, "project-title");
  // The export starts in the page, unawaited, as the Export button would; pings go meanwhile.
  await driver.executeScript(
    `window.__exportDone = null;
     window.__pings = [];
     const started = performance.now();
     window.__TAURI_INTERNALS__.invoke("enqueue_export", { input: {
         project: arguments[0], preset: "preview", output: arguments[1] } })
       .then(() => { window.__exportDone = performance.now() - started; },
             (e) => { window.__exportDone = -1; window.__exportError = JSON.stringify(e); });
     (async () => {
       while (window.__exportDone === null) {
         const t0 = performance.now();
         await window.__TAURI_INTERNALS__.invoke("queue_settings", {});
         window.__pings.push({ at: t0 - started, took: performance.now() - t0 });
         await new Promise((r) => setTimeout(r, 50));
       }
     })();`,
    project,
    path.join(env.dataDir, "big.mp4"),
  );
  // A click while it runs: the Settings dialog opens.
  await (await driver.findElement(byTestId("settings"))).click();
  await driver.wait(until.elementLocated(byTestId("concurrency")), 10000);
  const clickedDuring = await driver.executeScript("return window.__exportDone === null");
  await screenshot(driver, "60-settings-during-a-200-scene-export");
  await driver.wait(async () => (await driver.executeScript("return window.__exportDone")) !== null, 120000);
  const { done, pings, error } = await driver.executeScript(
    "return { done: window.__exportDone, pings: window.__pings, error: window.__exportError }");
  assert.notEqual(done, -1, `the export was refused: ${error}`);
  const during = pings.filter((p) => p.at + p.took < done);
  console.log(`export accepted after ${done.toFixed(0)} ms; ${during.length} round trips meanwhile, ` +
    `slowest ${Math.max(...pings.map((p) => p.took)).toFixed(1)} ms`);
  assert.ok(clickedDuring, "the click was answered before the export was accepted");
  assert.ok(during.length >= 2, `round trips answered while the export was checked: ${JSON.stringify(pings)}`);
  await driver.quit();
});

test("the window cannot open or reveal a path of its choosing", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");
  const tryInvoke = (cmd, args) => driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((v) => done({ ok: true, v: JSON.stringify(v) }),
             (e) => done({ ok: false, error: JSON.stringify(e) }));`, cmd, args);
  // The plugin's own reveal is no longer granted; the app's command takes a job id only.
  const plugin = await tryInvoke("plugin:opener|reveal_item_in_dir", { paths: ["/etc/passwd"] });
  assert.equal(plugin.ok, false, "reveal_item_in_dir was allowed");
  for (const id of ["/etc/passwd", "../../.bashrc", "no-such-job"]) {
    for (const cmd of ["reveal_output", "open_output", "preview_bytes"]) {
      const r = await tryInvoke(cmd, { id });
      assert.equal(r.ok, false, `${cmd}(${id}) was allowed`);
      assert.match(r.error, /not_found|invalid_state/, `${cmd}(${id}): ${r.error}`);
    }
  }
  // An export aimed at a file that is not a video (a shell profile) is refused, and the file kept.
  const profile = path.join(env.dataDir, ".profile-like");
  execFileSync("sh", ["-c", `printf 'export A=1\\n' > '${profile}'; cp '${profile}' '${profile}.mp4'`]);
  const sample = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("app_info", {}).then((i) => done(i.sample_project));`);
  const r = await tryInvoke("enqueue_export", { input: { project: sample, preset: "preview", output: `${profile}.mp4` } });
  assert.equal(r.ok, false, "an export over a non-video file was accepted");
  assert.match(r.error, /invalid_output/);
  assert.equal(execFileSync("cat", [`${profile}.mp4`]).toString(), "export A=1\n");
  assert.ok(existsSync(profile));
  // Another job's id: a real export, not a preview. Until it completes nothing of it opens;
  // once it has, the window's own player still refuses it (its file is not a preview's).
  const mine = path.join(env.dataDir, "mine.mp4");
  const queued = await tryInvoke("enqueue_export", { input: { project: sample, preset: "preview", output: mine } });
  assert.equal(queued.ok, true, queued.error);
  const job = JSON.parse(queued.v);
  for (const cmd of ["reveal_output", "open_output", "preview_bytes"]) {
    const early = await tryInvoke(cmd, { id: job.id });
    assert.equal(early.ok, false, `${cmd} of an unfinished job was allowed`);
    assert.match(early.error, /invalid_state/, `${cmd}: ${early.error}`);
  }
  await driver.wait(async () => {
    const list = await tryInvoke("list_jobs", {});
    return JSON.parse(list.v).some((j) => j.id === job.id && j.status === "completed");
  }, 120000, "the export never completed");
  const played = await tryInvoke("preview_bytes", { id: job.id });
  assert.equal(played.ok, false, "an export's file was read as a preview");
  assert.match(played.error, /invalid_state/);
  assert.ok(existsSync(mine));
  await driver.quit();
});
