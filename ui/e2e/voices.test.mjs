// Voices in the real window, with the real Piper of .venv and its packaged English voice: each
// scene says who speaks it, Settings offers every voice found, and the voice chosen there speaks
// the text of a slideshow dropped on the window.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import {
  byTestId,
  dropOnWindow,
  piperEnv,
  pointerClick,
  png,
  probeDuration,
  screenshot,
  startDriver,
  waitGone,
  waitText,
  writeProject,
} from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver(piperEnv());
});
after(async () => {
  await env?.stop();
});

// Read in one go: the list is drawn again when the thumbnails arrive.
const voicesOf = (driver) =>
  driver.executeScript(
    "return [...document.querySelectorAll('[data-testid=\"scene-voice\"]')].map((e) => e.textContent.trim())",
  );

test("scenes show their voice, and the voice chosen in Settings speaks a new slideshow", async (t) => {
  const project = writeProject(path.join(env.dataDir, "Vozes.estudio"), {
    version: 1,
    title: "Vozes",
    canvas: { width: 320, height: 180, fps: 25 },
    defaults: { narration: { voice: "piper:en_US-joe-medium" } },
    scenes: [
      { background: { color: "#204080" }, narration: { text: "Hello, and welcome to the course." } },
      { background: { color: "#802040" }, narration: { text: "This line is robotic.", voice: "en-us" } },
    ],
  });
  const driver = await env.session([project]);
  t.after(() => driver.quit());
  assert.equal(await waitText(driver, "project-title", 60000), "Vozes");
  await driver.wait(async () => (await voicesOf(driver)).length === 2, 30000);
  assert.deepEqual(await voicesOf(driver), ["· en_US-joe-medium (Piper)", "· en-us (espeak-ng)"]);
  await screenshot(driver, "voices-scenes");

  await (await driver.findElement(byTestId("settings"))).click();
  const select = await driver.wait(until.elementLocated(byTestId("voice")), 5000);
  const offered = await driver.wait(async () => {
    const values = await driver.executeScript("return [...arguments[0].options].map((o) => o.value)", select);
    return values.includes("piper:en_US-joe-medium") ? values : null;
  }, 15000);
  assert.equal(offered[0], "", "the default comes first");
  assert.ok(offered.includes("pt-br") && offered.includes("en-us"), "espeak-ng's voices too");
  await (await select.findElement(By.css('option[value="piper:en_US-joe-medium"]'))).click();
  assert.equal(await select.getAttribute("value"), "piper:en_US-joe-medium");
  await screenshot(driver, "voices-settings");
  await (await driver.findElement(byTestId("save-settings"))).click();
  await waitGone(driver, "settings-dialog", 5000);
  const prefs = JSON.parse(readFileSync(path.join(env.dataDir, "settings.json"), "utf8"));
  assert.equal(prefs.voice, "piper:en_US-joe-medium");

  // A picture and its text, dropped: a slideshow narrated by the chosen voice.
  const folder = path.join(env.dataDir, "show");
  mkdirSync(folder);
  png(path.join(folder, "slide1.png"), "20a040");
  writeFileSync(path.join(folder, "slide1.txt"), "A picture, and the text that narrates it.");
  await dropOnWindow(driver, [path.join(folder, "slide1.png"), path.join(folder, "slide1.txt")]);
  // Read in one go: the panel is drawn anew as the new tab opens.
  await driver.wait(
    async () =>
      (await driver.executeScript(
        "return document.querySelector('[data-testid=\"project-title\"]')?.textContent",
      )) === "show",
    60000,
  );
  await driver.wait(async () => (await voicesOf(driver)).length === 1, 30000);
  assert.deepEqual(await voicesOf(driver), ["· en_US-joe-medium (Piper)"]);
  const written = JSON.parse(readFileSync(path.join(folder, "show.estudio"), "utf8"));
  assert.equal(written.defaults.narration.voice, "piper:en_US-joe-medium");
  // The spoken text is in the speech cache: Piper's voice speaks at 22 050 Hz.
  const speech = path.join(env.dataDir, "cache", "speech");
  const wavs = readdirSync(speech).filter((f) => f.endsWith(".wav"));
  assert.ok(wavs.length >= 3, `${wavs}`);
  assert.ok(wavs.every((w) => probeDuration(path.join(speech, w)) > 0.5), "every recording holds speech");
});

test("Stop while a project's narrations are spoken stops Piper and says so", async (t) => {
  const text = "This sentence is long enough to keep Piper busy for a while. ".repeat(80);
  const project = writeProject(path.join(env.dataDir, "Longa.estudio"), {
    version: 1,
    title: "Longa",
    canvas: { width: 320, height: 180, fps: 25 },
    scenes: [{ background: { color: "#204080" }, narration: { text, voice: "piper:en_US-joe-medium" } }],
  });
  const driver = await env.session([project]);
  t.after(() => driver.quit());
  await driver.wait(until.elementLocated(byTestId("open-cancel")), 15000);
  // Until Piper speaks (its command line names the speech cache).
  const speech = path.join(env.dataDir, "cache", "speech");
  const pipers = () =>
    readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(speech);
        } catch {
          return false;
        }
      });
  await driver.wait(async () => pipers().length > 0, 20000);
  const clicked = Date.now();
  await pointerClick(driver, "open-cancel");
  const said = await waitText(driver, "problems", 10000).catch(async () =>
    (await driver.findElement(byTestId("project-panel"))).getText(),
  );
  assert.match(said, /canceled/);
  assert.ok(Date.now() - clicked < 5000, "stopped at once");
  assert.deepEqual(pipers(), [], "no Piper left running");
  await screenshot(driver, "voices-stopped");
});
