// What the project panel says about lengths and defaults: a clip scene without a duration
// lasts as long as its clip, a scene without one takes the project's default, and each scene
// says what it took from the defaults and which transition it ends with.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { png, screenshot, startDriver, waitText, writeProject } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.stop();
});

const texts = (driver, id) =>
  driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="${id}"]')].map((e) => e.textContent.trim())`,
  );

test("the panel shows what defaults and clip lengths resolved to", async (t) => {
  png(path.join(env.dataDir, "slide.png"), "2040a0", "400x300");
  execFileSync("ffmpeg", [
    "-v", "error", "-f", "lavfi", "-i", "color=c=0x20a040:s=320x180:r=25:d=3",
    "-pix_fmt", "yuv420p", "-y", path.join(env.dataDir, "clip.mp4"),
  ]);
  const project = writeProject(path.join(env.dataDir, "Padrões.estudio"), {
    version: 1,
    title: "Padrões",
    canvas: { width: 640, height: 360, fps: 25 },
    defaults: { duration: 2, fit: "blur", transition: { type: "Crossfade", duration: 0.4 } },
    scenes: [
      { background: { image: "slide.png" }, texts: [{ text: "Bem-vindos", color: "white" }] },
      { background: { video: "clip.mp4", start: 0.5, end: 2 } },
      { duration: 1, background: { color: "rgba(255, 0, 0, 0.5)" }, transition: { type: "cut" } },
    ],
  });
  const driver = await env.session([project]);
  t.after(() => driver.quit());
  assert.equal(await waitText(driver, "project-title", 30000), "Padrões");
  await driver.wait(async () => (await texts(driver, "scene-length-from")).length === 2, 15000);
  assert.deepEqual(await texts(driver, "scene-length-from"), ["(default)", "(its clip)"]);
  const scenes = await texts(driver, "scene");
  assert.match(scenes[1], /1\.5 s/, "the clip from 0.5 s to 2 s");
  assert.deepEqual(await texts(driver, "scene-transition"), ["· → fade 0.4 s", "· → fade 0.4 s"]);
  const defaults = await texts(driver, "scene-defaults");
  assert.match(defaults[0], /duration/);
  assert.match(defaults[0], /fit/);
  assert.match(defaults[0], /transition/);
  await screenshot(driver, "format-panel");
});
