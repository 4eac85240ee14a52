// The project side of the window: projects given at start (as a double-click in the file
// manager does) open as tabs, an invalid one lists its problems at their JSON Pointers, scenes
// have thumbnails drawn by ffmpeg, a preview renders and plays inside the window while the
// window makes no list calls, and settings survive a restart.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { until } from "selenium-webdriver";
import { byTestId, callsSince, pixelOf, png, screenshot, startDriver, waitText, writeProject, replaceText, waitGone } from "./harness.mjs";

let env;
let good;
let bad;
let broken;
before(async () => {
  env = await startDriver();
  const dir = path.join(env.dataDir, "my projects");
  mkdirSync(dir);
  png(path.join(dir, "red.png"), "e02020");
  png(path.join(dir, "blue.png"), "2020e0");
  good = writeProject(path.join(dir, "Curso – aula 1.estudio"), {
    version: 1,
    title: "Aula 1: <Redes> & \"pacotes\"",
    canvas: { width: 640, height: 360, fps: 25 },
    scenes: [
      { duration: 2, background: { image: "red.png" }, texts: [{ text: "Olá 100% 'x'", size: 0.1, color: "#ffffff" }], transition: { duration: 0.5 } },
      { duration: 1.5, background: { image: "blue.png" } },
    ],
  });
  bad = writeProject(path.join(dir, "bad.estudio"), {
    version: 1,
    title: "Broken",
    canvas: { width: 640, height: 360, fps: 25 },
    scenes: [
      { duration: -1, background: { color: "#zzzzzz" } },
      { duration: 2, background: { image: "nope.png" } },
    ],
  });
  broken = writeProject(path.join(dir, "broken.estudio"), '{"version": 1, "title": "x",\n  "canvas": {');
});
afterEach(async (t) => {
  await env?.quitAll(t.passed === false ? t.name : null);
});
after(async () => {
  await env?.stop();
});

test("projects given at start open as tabs; invalid ones show each problem at its place", async () => {
  const driver = await env.session([good, broken, bad]);
  const tabs = await driver.wait(until.elementsLocated(byTestId("project-tab")), 15000);
  assert.equal(tabs.length, 3);
  // The last one given is shown: its problems, each with its pointer; Export disabled.
  await driver.wait(until.elementLocated(byTestId("problems")), 15000);
  const problems = await (await driver.findElement(byTestId("problems"))).getText();
  for (const pointer of ["/scenes/0/duration", "/scenes/0/background/color", "/scenes/1/background/image"]) {
    assert.ok(problems.includes(pointer), `${pointer} in:\n${problems}`);
  }
  assert.ok(problems.includes("nope.png"), problems);
  assert.equal(await (await driver.findElement(byTestId("export"))).isEnabled(), false);
  assert.equal(await (await driver.findElement(byTestId("preview-button"))).isEnabled(), false);
  await screenshot(driver, "10-invalid-project");

  // The malformed file: why, and where (line and column).
  await tabs[1].click();
  const error = await waitText(driver, "project-error");
  assert.match(error, /line 2/, error);

  // The valid one: hostile title shown as text, one thumbnail per scene, in the scene's colour.
  await tabs[0].click();
  assert.equal(await waitText(driver, "project-title"), "Aula 1: <Redes> & \"pacotes\"");
  const thumbs = await driver.wait(async () => {
    const imgs = await driver.findElements(byTestId("scene-thumb"));
    return imgs.length === 2 ? imgs : null;
  }, 30000);
  // The window decoded each picture at its real size...
  const shown = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const imgs = [...document.querySelectorAll('[data-testid="scene-thumb"]')];
     Promise.all(imgs.map((img) => img.decode().then(() => [img.naturalWidth, img.src])))
       .then(done, (e) => done(String(e)));`,
  );
  assert.ok(Array.isArray(shown), `thumbnails did not load: ${shown}`);
  assert.equal(thumbs.length, 2);
  // ...and each shows its scene: the file behind the address, read by ffmpeg.
  const colours = shown.map(([width, src]) => {
    assert.equal(width, 320);
    return pixelOf(decodeURIComponent(new URL(src).pathname));
  });
  const [[r0, g0, b0], [r1, , b1]] = colours;
  assert.ok(r0 > 180 && g0 < 80 && b0 < 80, `scene 1 is red: ${colours[0]}`);
  assert.ok(b1 > 180 && r1 < 80, `scene 2 is blue: ${colours[1]}`);
  await screenshot(driver, "11-project-with-thumbnails");
  await driver.quit();
});

test("a preview renders and plays in the window; nothing is listed again while it runs", async () => {
  const driver = await env.session([good]);
  assert.equal(await waitText(driver, "project-title"), "Aula 1: <Redes> & \"pacotes\"");
  // Let the window finish loading (thumbnails) before counting.
  await driver.wait(async () => (await driver.findElements(byTestId("scene-thumb"))).length === 2, 30000);
  const { mark } = callsSince(env.dataDir);
  await (await driver.findElement(byTestId("preview-button"))).click();
  const video = await driver.wait(until.elementLocated(byTestId("preview-video")), 60000);
  const src = await video.getAttribute("src");
  assert.match(src, /^blob:/, src);
  // The window can load it: its length is the project's (2 + 1.5 - 0.5 s).
  const meta = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const v = document.querySelector('[data-testid="preview-video"]');
     const report = () => done({ duration: v.duration, width: v.videoWidth, error: v.error && v.error.code });
     if (v.readyState >= 1) report();
     else { v.addEventListener("loadedmetadata", report); v.addEventListener("error", report); setTimeout(report, 15000); }`,
  );
  assert.equal(meta.error, null, `the preview does not load: ${JSON.stringify(meta)}`);
  assert.ok(Math.abs(meta.duration - 3) < 0.1, `preview length ${meta.duration}`);
  const counted = callsSince(env.dataDir, mark).counts;
  assert.equal(counted.preview_project, 1, JSON.stringify(counted));
  for (const cmd of ["list_jobs", "queue_settings", "job_log", "app_info"]) {
    assert.equal(counted[cmd] ?? 0, 0, `${cmd} was called while the preview ran: ${JSON.stringify(counted)}`);
  }
  const row = await driver.findElement(byTestId("job"));
  assert.equal(await row.getAttribute("data-status"), "completed");
  await screenshot(driver, "12-preview");
  await driver.quit();
});

test("settings are saved and still there after a restart", async () => {
  let driver = await env.session([good]);
  await waitText(driver, "project-title");
  // Projects opened before are offered again, latest first; the malformed one is not.
  const recent = await driver.wait(until.elementLocated(byTestId("recent-menu")), 10000);
  const options = await driver.executeScript(
    "return [...arguments[0].options].slice(1).map((o) => o.textContent)",
    recent,
  );
  assert.deepEqual(options, ["Curso – aula 1.estudio", "bad.estudio"]);
  await (await driver.findElement(byTestId("settings"))).click();
  const concurrency = await driver.wait(until.elementLocated(byTestId("concurrency")), 5000);
  // Out of range first: refused, in words.
  await replaceText(concurrency, "40");
  await (await driver.findElement(byTestId("save-settings"))).click();
  assert.match(await waitText(driver, "settings-error"), /1 to 16|1 a 16/);
  await replaceText(concurrency, "2");
  const days = await driver.findElement(byTestId("keep-days"));
  await replaceText(days, "7");
  const folder = await driver.findElement(byTestId("output-folder"));
  await folder.sendKeys(env.dataDir);
  await (await driver.findElement(byTestId("notifications"))).click();
  await screenshot(driver, "13-settings");
  await (await driver.findElement(byTestId("save-settings"))).click();
  await waitGone(driver, "settings-dialog", 5000);
  await driver.quit();

  driver = await env.session();
  await waitText(driver, "project-title");
  await (await driver.findElement(byTestId("settings"))).click();
  await driver.wait(until.elementLocated(byTestId("concurrency")), 5000);
  const value = (id) => driver.findElement(byTestId(id)).then((e) => e.getAttribute("value"));
  assert.equal(await value("concurrency"), "2");
  assert.equal(await value("keep-days"), "7");
  assert.equal(await value("output-folder"), env.dataDir);
  assert.equal(await (await driver.findElement(byTestId("notifications"))).isSelected(), false);
  await driver.quit();
});
